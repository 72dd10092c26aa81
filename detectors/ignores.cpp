//===--- ignores.cpp - Inline ignore comments ----------------------------------------------===//
#include "detectors/ignores.h"

#include <cstring>

namespace secretls::detectors {
namespace {

constexpr std::string_view kSameLineMarkers[] = {
    "gitleaks:allow",           "betterleaks:allow",       "trufflehog:ignore",
    "pragma: allowlist secret", "secretlint-disable-line", "ggignore",
};
constexpr std::string_view kNextLineMarkers[] = {
    "secretls:ignore-next-line",
    "pragma: allowlist nextline secret",
    "secretlint-disable-next-line",
};
constexpr std::string_view kOurNextLineSuffix = "-next-line";

size_t line_begin_of(std::string_view text, size_t pos) {
    if (pos == 0)
        return 0;
    const void* nl = memrchr(text.data(), '\n', pos);
    return nl ? static_cast<const char*>(nl) - text.data() + 1 : 0;
}

size_t line_end_of(std::string_view text, size_t pos) {
    const size_t nl = text.find('\n', pos);
    return nl == std::string_view::npos ? text.size() : nl;
}

// "secretls:ignore" on its own, not the prefix of "secretls:ignore-next-line".
bool has_our_same_line_marker(std::string_view line) {
    for (size_t at = line.find(kIgnoreMarker); at != std::string_view::npos;
         at = line.find(kIgnoreMarker, at + 1)) {
        if (!line.substr(at + kIgnoreMarker.size()).starts_with(kOurNextLineSuffix))
            return true;
    }
    return false;
}

} // namespace

bool has_same_line_ignore(std::string_view line) {
    if (has_our_same_line_marker(line))
        return true;
    for (std::string_view marker : kSameLineMarkers)
        if (line.find(marker) != std::string_view::npos)
            return true;
    return false;
}

bool has_next_line_ignore(std::string_view line) {
    for (std::string_view marker : kNextLineMarkers)
        if (line.find(marker) != std::string_view::npos)
            return true;
    return false;
}

bool is_ignored_inline(std::string_view text, ByteRange match) {
    const size_t first = line_begin_of(text, std::min(match.begin, text.size()));
    // Every line the match touches (a match ending right after "\n" does not touch the next).
    const size_t last_byte = match.end > match.begin ? match.end - 1 : match.begin;
    const size_t end = line_end_of(text, std::min(last_byte, text.size()));
    if (has_same_line_ignore(text.substr(first, end - first)))
        return true;
    if (first == 0)
        return false;
    const size_t previous = line_begin_of(text, first - 1);
    return has_next_line_ignore(text.substr(previous, first - 1 - previous));
}

} // namespace secretls::detectors

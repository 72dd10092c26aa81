//===--- ignores.cpp - Inline ignore comments ----------------------------------------------===//
#include "detectors/ignores.h"

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

} // namespace secretls::detectors

//===--- document.cpp - Text, line table and findings of one open document ---------------===//
#include "server/document.h"

#include <algorithm>
#include <stdexcept>

namespace secretls::server {

namespace {

// Is `p` the start of a line in `text`? (p > 0)
bool starts_line(std::string_view text, size_t p) {
    char before = text[p - 1];
    if (before == '\n')
        return true;
    return before == '\r' && (p == text.size() || text[p] != '\n');
}

} // namespace

LineTable::LineTable(std::string_view text) : starts_{0} {
    for (size_t p = 1; p <= text.size(); ++p)
        if (starts_line(text, p))
            starts_.push_back(p);
}

size_t LineTable::line_of(size_t offset) const {
    auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    return static_cast<size_t>(it - starts_.begin()) - 1;
}

size_t LineTable::line_end(std::string_view text, size_t line) const {
    if (line + 1 >= starts_.size())
        return text.size();
    size_t end = starts_[line + 1];
    if (end > starts_[line] && text[end - 1] == '\n')
        --end;
    if (end > starts_[line] && text[end - 1] == '\r')
        --end;
    return end;
}

void LineTable::update(std::string_view text, size_t begin, size_t old_end, size_t inserted) {
    // Recompute from a line start strictly before `begin` (whether `begin` itself starts a
    // line may depend on the first inserted byte: "\r" + "\n"), up to the edit's new end.
    size_t lo = line_of(begin);
    if (lo > 0 && starts_[lo] == begin)
        --lo;
    const size_t from = starts_[lo];
    const size_t new_end = begin + inserted;
    std::vector<size_t> fresh;
    for (size_t p = std::max<size_t>(from + 1, 1); p <= new_end; ++p)
        if (starts_line(text, p))
            fresh.push_back(p);
    // Old starts after old_end keep being starts (the bytes around them did not change).
    auto erase_begin = starts_.begin() + static_cast<long>(lo) + 1;
    auto erase_end = std::upper_bound(erase_begin, starts_.end(), old_end);
    const long long delta =
        static_cast<long long>(inserted) - static_cast<long long>(old_end - begin);
    for (auto it = erase_end; it != starts_.end(); ++it)
        *it = static_cast<size_t>(static_cast<long long>(*it) + delta);
    auto pos = starts_.erase(erase_begin, erase_end);
    starts_.insert(pos, fresh.begin(), fresh.end());
}

Document::Document(std::string text, int version, protocol::PositionEncoding encoding,
                   int context_lines)
    : text_(std::move(text)), version_(version), encoding_(encoding), lines_(text_),
      findings_(context_lines) {
    findings_.reset(text_.size());
}

void Document::apply(const ContentChange& change) {
    if (!change.range) {
        text_ = change.text;
        lines_ = LineTable(text_);
        findings_.reset(text_.size());
        return;
    }
    size_t begin = offset_of(change.range->start);
    size_t end = offset_of(change.range->end);
    if (end < begin)
        throw std::invalid_argument("change range ends before it starts");
    replace_bytes(begin, end, change.text);
}

void Document::replace_bytes(size_t begin, size_t end, std::string_view replacement) {
    end = std::min(end, text_.size());
    begin = std::min(begin, end);
    text_.replace(begin, end - begin, replacement);
    lines_.update(text_, begin, end, replacement.size());
    findings_.on_edit(text_, lines_, begin, end, replacement.size());
}

void Document::rescan(const detectors::Scanner& scanner, const detectors::ScanContext& ctx) {
    findings_.rescan(scanner, text_, ctx);
}

size_t Document::offset_of(protocol::Position pos) const {
    if (pos.line >= lines_.line_count())
        return text_.size();
    size_t start = lines_.line_start(pos.line);
    size_t next =
        pos.line + 1 < lines_.line_count() ? lines_.line_start(pos.line + 1) : text_.size();
    std::string_view line(text_.data() + start, next - start);
    return start + protocol::offset_of(line, protocol::Position{0, pos.character}, encoding_);
}

protocol::Position Document::position_of(size_t offset) const {
    protocol::ColumnCursor cursor(encoding_);
    return position_of(offset, cursor);
}

protocol::Range Document::range_of(detectors::ByteRange bytes) const {
    protocol::ColumnCursor cursor(encoding_);
    return range_of(bytes, cursor);
}

protocol::Position Document::position_of(size_t offset, protocol::ColumnCursor& cursor) const {
    offset = std::min(offset, text_.size());
    size_t line = lines_.line_of(offset);
    size_t start = lines_.line_start(line);
    size_t next = line + 1 < lines_.line_count() ? lines_.line_start(line + 1) : text_.size();
    std::string_view view(text_.data() + start, next - start);
    return {static_cast<uint32_t>(line), cursor.character(view, offset - start)};
}

protocol::Range Document::range_of(detectors::ByteRange bytes,
                                   protocol::ColumnCursor& cursor) const {
    return {position_of(bytes.begin, cursor), position_of(bytes.end, cursor)};
}

} // namespace secretls::server

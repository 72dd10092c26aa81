//===--- position.cpp - Byte offsets <-> LSP positions in UTF-8/16/32 ----------------------===//
//
// "Here be dragons" (clangd SourceCode.cpp): positions count code units of the negotiated
// encoding, documents are UTF-8 bytes, and clients send positions that are out of range or
// inside characters. Everything here clamps and snaps rather than trusting its input, and
// invalid UTF-8 never stops a conversion: each invalid byte counts as one unit, like the
// U+FFFD an editor would show for it.
//
//===--------------------------------------------------------------------------------------===//
#include "protocol/position.h"

#include <algorithm>

namespace secretls::protocol {

namespace {

struct Char {
    size_t bytes; // length of the UTF-8 sequence (1 for an invalid byte)
    bool astral;  // code point above U+FFFF (two UTF-16 units)
};

bool is_continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

// Decodes the character at `i` strictly (no overlongs, no surrogates, nothing past
// U+10FFFF); anything else is one invalid byte.
Char decode_at(std::string_view text, size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80)
        return {1, false};
    size_t length = 0;
    unsigned char min_second = 0x80, max_second = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            min_second = 0xA0; // overlong
        if (lead == 0xED)
            max_second = 0x9F; // UTF-16 surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            min_second = 0x90; // overlong
        if (lead == 0xF4)
            max_second = 0x8F; // past U+10FFFF
    } else {
        return {1, false};
    }
    if (i + length > text.size())
        return {1, false};
    const auto second = static_cast<unsigned char>(text[i + 1]);
    if (second < min_second || second > max_second)
        return {1, false};
    for (size_t k = 2; k < length; ++k)
        if (!is_continuation(static_cast<unsigned char>(text[i + k])))
            return {1, false};
    return {length, length == 4};
}

size_t units_of(Char c, PositionEncoding enc) {
    switch (enc) {
    case PositionEncoding::UTF8:
        return c.bytes;
    case PositionEncoding::UTF16:
        return c.astral ? 2 : 1;
    case PositionEncoding::UTF32:
        return 1;
    }
    return 1;
}

// Length of the line break that ends just before `next_line_start`.
size_t break_length_before(std::string_view text, size_t next_line_start) {
    if (next_line_start >= 2 && text[next_line_start - 1] == '\n' &&
        text[next_line_start - 2] == '\r')
        return 2;
    return 1;
}

// End of the line's content (before its line break).
size_t content_end(std::string_view text, const LineIndex& index, size_t line) {
    if (line + 1 < index.line_count()) {
        size_t next = index.line_start(line + 1);
        return next - break_length_before(text, next);
    }
    return text.size();
}

// Walks the characters of [begin, end) and returns the byte offset where `units` code units
// are reached; a target inside a character snaps to that character's start.
size_t advance_units(std::string_view text, size_t begin, size_t end, size_t units,
                     PositionEncoding enc) {
    size_t offset = begin;
    size_t counted = 0;
    while (offset < end && counted < units) {
        Char c = decode_at(text, offset);
        size_t u = units_of(c, enc);
        if (counted + u > units || offset + c.bytes > end)
            break;
        counted += u;
        offset += c.bytes;
    }
    return offset;
}

// Counts the units of the whole characters in [begin, end); a character that straddles
// `end` is not counted (an offset inside it means its start).
size_t count_units(std::string_view text, size_t begin, size_t end, PositionEncoding enc) {
    size_t offset = begin;
    size_t counted = 0;
    while (offset < end) {
        Char c = decode_at(text, offset);
        if (offset + c.bytes > end)
            break;
        counted += units_of(c, enc);
        offset += c.bytes;
    }
    return counted;
}

} // namespace

uint32_t ColumnCursor::character(std::string_view line, size_t offset) {
    size_t content = line.size();
    if (content > 0 && line[content - 1] == '\n')
        --content;
    if (content > 0 && line[content - 1] == '\r')
        --content;
    const size_t end = std::min(offset, content);
    if (line.data() != line_ || end < walked_) {
        line_ = line.data();
        walked_ = 0;
        units_ = 0;
    }
    while (walked_ < end) {
        const Char c = decode_at(line, walked_);
        if (walked_ + c.bytes > end)
            break; // a character straddling `end`: an offset inside it means its start
        units_ += static_cast<uint32_t>(units_of(c, enc_));
        walked_ += c.bytes;
    }
    return units_;
}

std::optional<PositionEncoding> parse_position_encoding(std::string_view name) {
    if (name == "utf-8")
        return PositionEncoding::UTF8;
    if (name == "utf-16")
        return PositionEncoding::UTF16;
    if (name == "utf-32")
        return PositionEncoding::UTF32;
    return std::nullopt;
}

const char* to_string(PositionEncoding e) {
    switch (e) {
    case PositionEncoding::UTF8:
        return "utf-8";
    case PositionEncoding::UTF16:
        return "utf-16";
    case PositionEncoding::UTF32:
        return "utf-32";
    }
    return "utf-16";
}

LineIndex::LineIndex(std::string_view text) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
            starts_.push_back(i + 1);
        } else if (text[i] == '\r') {
            if (i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            starts_.push_back(i + 1);
        }
    }
}

size_t LineIndex::line_of(size_t offset) const {
    auto after = std::upper_bound(starts_.begin(), starts_.end(), offset);
    return static_cast<size_t>(after - starts_.begin()) - 1;
}

Position position_of(std::string_view text, size_t offset, PositionEncoding enc) {
    return position_of(text, LineIndex(text), offset, enc);
}

Position position_of(std::string_view text, const LineIndex& index, size_t offset,
                     PositionEncoding enc) {
    offset = std::min(offset, text.size());
    size_t line = index.line_of(offset);
    size_t begin = index.line_start(line);
    // An offset inside the line break (between "\r" and "\n") is the end of the line.
    size_t end = std::min(offset, content_end(text, index, line));
    return {static_cast<uint32_t>(line), static_cast<uint32_t>(count_units(text, begin, end, enc))};
}

namespace {

// First "\r" or "\n" at or after `from` (a plain loop: string_view::find_first_of is
// several times slower here).
size_t find_break(std::string_view text, size_t from) {
    for (size_t i = from; i < text.size(); ++i)
        if (text[i] == '\n' || text[i] == '\r')
            return i;
    return std::string_view::npos;
}

// Start of line `line` at or after byte `from` (which starts line `from_line`), found by
// scanning rather than indexing the whole text; nullopt when the text has fewer lines.
std::optional<size_t> scan_line_start(std::string_view text, size_t from, size_t from_line,
                                      size_t line) {
    size_t offset = from;
    for (size_t current = from_line; current < line; ++current) {
        size_t brk = find_break(text, offset);
        if (brk == std::string_view::npos)
            return std::nullopt;
        offset =
            brk + ((text[brk] == '\r' && brk + 1 < text.size() && text[brk + 1] == '\n') ? 2 : 1);
    }
    return offset;
}

// End of the content of the line starting at `start` (before its break).
size_t scan_content_end(std::string_view text, size_t start) {
    size_t brk = find_break(text, start);
    return brk == std::string_view::npos ? text.size() : brk;
}

// offset_of without an index: scans from (`from`, `from_line`) only as far as needed.
size_t scan_offset_of(std::string_view text, size_t from, size_t from_line, Position pos,
                      PositionEncoding enc) {
    std::optional<size_t> start = scan_line_start(text, from, from_line, pos.line);
    if (!start)
        return text.size();
    return advance_units(text, *start, scan_content_end(text, *start), pos.character, enc);
}

} // namespace

size_t offset_of(std::string_view text, Position pos, PositionEncoding enc) {
    return scan_offset_of(text, 0, 0, pos, enc);
}

size_t offset_of(std::string_view text, const LineIndex& index, Position pos,
                 PositionEncoding enc) {
    if (pos.line >= index.line_count())
        return text.size();
    size_t begin = index.line_start(pos.line);
    return advance_units(text, begin, content_end(text, index, pos.line), pos.character, enc);
}

Range range_of(std::string_view text, size_t begin, size_t end, PositionEncoding enc) {
    LineIndex index(text);
    return {position_of(text, index, begin, enc), position_of(text, index, end, enc)};
}

size_t code_units(std::string_view text, PositionEncoding enc) {
    return count_units(text, 0, text.size(), enc);
}

bool apply_content_change(std::string& text, const std::optional<Range>& range,
                          std::string_view new_text, PositionEncoding enc) {
    if (!range) {
        text.assign(new_text);
        return true;
    }
    if (range->end < range->start)
        return false;
    // Scans only up to the range (no index of the whole text): edits near the top of a big
    // file stay cheap, and the end is found from the start's line.
    std::optional<size_t> start_line = scan_line_start(text, 0, 0, range->start.line);
    size_t begin = scan_offset_of(text, 0, 0, range->start, enc);
    size_t end = start_line ? scan_offset_of(text, *start_line, range->start.line, range->end, enc)
                            : text.size();
    // Clamping can make a forward range collapse, never reverse it.
    end = std::max(begin, end);
    text.replace(begin, end - begin, new_text);
    return true;
}

} // namespace secretls::protocol

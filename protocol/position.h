//===--- position.h - The one place that maps byte offsets to LSP positions ----------------===//
//
// Documents are UTF-8 bytes; LSP positions count code units of the negotiated encoding
// (UTF-16 by default, UTF-8 or UTF-32 when negotiated). Every conversion in the server goes
// through here. Out-of-range positions are clamped as the specification says: a character
// past the end of a line means the end of that line, a line past the end means the end of
// the document; a position inside a multi-unit character snaps to that character's start.
// Lines end at "\n", "\r\n" or "\r".
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace secretls::protocol {

enum class PositionEncoding { UTF8, UTF16, UTF32 };

// "utf-8" / "utf-16" / "utf-32"; nullopt for anything else.
std::optional<PositionEncoding> parse_position_encoding(std::string_view name);
const char* to_string(PositionEncoding e);

struct Position {
    uint32_t line = 0;
    uint32_t character = 0;
    bool operator==(const Position&) const = default;
    auto operator<=>(const Position&) const = default;
};

struct Range {
    Position start;
    Position end;
    bool operator==(const Range&) const = default;
};

// Line starts of a text, for repeated conversions in one text.
class LineIndex {
public:
    explicit LineIndex(std::string_view text);
    size_t line_count() const { return starts_.size(); }
    size_t line_start(size_t line) const { return starts_[line]; }
    // Line holding byte `offset` (offset clamped to the text's size).
    size_t line_of(size_t offset) const;

private:
    std::vector<size_t> starts_;
};

// Byte offset -> position. An offset inside a UTF-8 sequence counts as that character's start.
Position position_of(std::string_view text, size_t offset, PositionEncoding enc);
Position position_of(std::string_view text, const LineIndex& index, size_t offset,
                     PositionEncoding enc);
// Position -> byte offset, clamped (never past text.size(), never inside a line break).
size_t offset_of(std::string_view text, Position pos, PositionEncoding enc);
size_t offset_of(std::string_view text, const LineIndex& index, Position pos, PositionEncoding enc);
// Byte range [begin, end) -> LSP range (both ends converted with position_of).
Range range_of(std::string_view text, size_t begin, size_t end, PositionEncoding enc);

// The character (in code units) of byte offsets of one line at a time, for many offsets:
// each line's units are counted once for offsets that come in ascending order, resuming
// where the previous offset stopped. A minified file's single line can hold thousands of
// findings, and counting each from the line start was quadratic.
class ColumnCursor {
public:
    explicit ColumnCursor(PositionEncoding enc) : enc_(enc) {}
    // position_of(line, offset, enc).character, where `line` runs from a line start to at
    // most the next line's start (its line break included or not). Lines are told apart by
    // their first byte's address: the text must not change while the cursor is in use.
    uint32_t character(std::string_view line, size_t offset);

private:
    PositionEncoding enc_;
    const char* line_ = nullptr; // the line of the last call
    size_t walked_ = 0;          // bytes of it counted so far (a character boundary)
    uint32_t units_ = 0;         // their code units
};

// Number of code units `text` occupies in `enc` (invalid UTF-8 bytes count one unit each).
size_t code_units(std::string_view text, PositionEncoding enc);

// Applies one LSP content change (textDocument/didChange) to `text`: with a range, the range
// (converted with offset_of, so clamped) is replaced by `new_text`; without one, the whole
// text is. `rangeLength` is deliberately not a parameter: clients disagree on its units.
// Returns false and leaves `text` unchanged when the range is reversed (end before start):
// the caller's copy no longer matches the client's and should be dropped, not patched.
bool apply_content_change(std::string& text, const std::optional<Range>& range,
                          std::string_view new_text, PositionEncoding enc);

} // namespace secretls::protocol

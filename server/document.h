//===--- document.h - One open document: text, line table, incrementally kept findings ----===//
//
// A Document owns the only copy of an open file's text (UTF-8 bytes), a table of line
// starts kept up to date edit by edit (so that LSP positions map to bytes without walking
// a 10 MB text), and the findings of the incremental scanner (server/incremental.h).
//
// LSP positions are converted through protocol/position.h only: the line table finds the
// line, the position module converts within that line.
//
// Threading: not thread-safe; the scheduler gives each document one strand.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "detectors/scanner.h"
#include "protocol/position.h"
#include "server/incremental.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace secretls::server {

// Byte offsets of the starts of lines ("\n", "\r\n" and "\r" end lines, as in
// protocol/position.h). Updated in place by edits: cost proportional to the number of
// lines after the edit (a shift), not to the text size.
class LineTable {
public:
    LineTable() : starts_{0} {}
    explicit LineTable(std::string_view text);

    size_t line_count() const { return starts_.size(); }
    size_t line_start(size_t line) const { return starts_[line]; }
    // Line holding byte `offset` (a line break belongs to the line it ends).
    size_t line_of(size_t offset) const;
    // End of `line` excluding its line break, within `text`.
    size_t line_end(std::string_view text, size_t line) const;
    // `text` is the text after replacing bytes [begin, old_end) by `inserted` bytes.
    void update(std::string_view text, size_t begin, size_t old_end, size_t inserted);

    bool operator==(const LineTable&) const = default;

private:
    std::vector<size_t> starts_;
};

// One content change of textDocument/didChange, positions still in LSP form.
struct ContentChange {
    std::optional<protocol::Range> range; // nullopt: the whole document is replaced
    std::string text;
};

class Document {
public:
    // `context_lines` is Scanner::max_context_lines() of the scanner rescan() will use.
    Document(std::string text, int version, protocol::PositionEncoding encoding, int context_lines);

    const std::string& text() const { return text_; }
    int version() const { return version_; }
    void set_version(int v) { version_ = v; }
    const LineTable& lines() const { return lines_; }
    protocol::PositionEncoding encoding() const { return encoding_; }

    // Applies one change (range in the negotiated encoding, clamped; full replacement when
    // no range). Findings around the edit become dirty until rescan().
    void apply(const ContentChange& change);
    // Replaces bytes [begin, end) (clamped) with `replacement`.
    void replace_bytes(size_t begin, size_t end, std::string_view replacement);

    // Brings findings up to date by scanning only the dirty regions.
    void rescan(const detectors::Scanner& scanner, const detectors::ScanContext& ctx);
    bool needs_rescan() const { return findings_.dirty(); }
    const std::vector<detectors::Finding>& findings() const { return findings_.findings(); }
    // How many bytes the last rescan() scanned (tests and benchmarks look at it).
    size_t last_rescan_bytes() const { return findings_.last_scanned_bytes(); }

    // Conversions between bytes and LSP positions in the negotiated encoding.
    size_t offset_of(protocol::Position pos) const;
    protocol::Position position_of(size_t offset) const;
    protocol::Range range_of(detectors::ByteRange bytes) const;
    // The same, counting code units with `cursor` (protocol::ColumnCursor of this document's
    // encoding): linear in a line for ascending offsets, such as the findings of a document.
    protocol::Position position_of(size_t offset, protocol::ColumnCursor& cursor) const;
    protocol::Range range_of(detectors::ByteRange bytes, protocol::ColumnCursor& cursor) const;

private:
    std::string text_;
    int version_ = 0;
    protocol::PositionEncoding encoding_;
    LineTable lines_;
    IncrementalFindings findings_;
};

} // namespace secretls::server

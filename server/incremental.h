//===--- incremental.h - Findings kept up to date by re-scanning only what edits touched ---===//
//
// The invariant (tested by tests/unit/server/incremental_property_test.cpp with random edit
// sequences): after any sequence of edits followed by rescan(), findings() equals a fresh
// Scanner::scan() of the final text.
//
// How: between rescans we keep a set of dirty byte intervals D (sorted, disjoint) and
// findings F such that F = { f in scan(text) : f.match neither overlaps nor touches D }.
// An edit of bytes [b, e) -> [b, b+n) shifts F and D by the byte delta and adds the edit
// widened to whole lines plus context_lines + 1 lines on each side (the scanner's locality
// contract, detectors/scanner.h, promises that no finding outside that window can change;
// the extra line covers a "\r" + "\n" pair joined or split at the window's edge), dropping
// the findings that touch it. rescan() runs Scanner::scan(text, d) for each d in D: by the
// same contract that yields exactly the findings of scan(text) touching d.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "detectors/scanner.h"

#include <string_view>
#include <vector>

namespace secretls::server {

class LineTable;

// The order findings are kept in (and compared in): secret start, rule, then the rest so
// that ties are deterministic.
bool finding_less(const detectors::Finding& a, const detectors::Finding& b);

class IncrementalFindings {
public:
    explicit IncrementalFindings(int context_lines = 0) : context_lines_(context_lines) {}

    // Everything is dirty (a new or fully replaced text of `size` bytes).
    void reset(size_t size);
    // `text` and `lines` are already updated: bytes [begin, old_end) became
    // [begin, begin + inserted).
    void on_edit(std::string_view text, const LineTable& lines, size_t begin, size_t old_end,
                 size_t inserted);
    void rescan(const detectors::Scanner& scanner, std::string_view text,
                const detectors::ScanContext& ctx);

    bool dirty() const { return !dirty_.empty(); }
    const std::vector<detectors::ByteRange>& dirty_regions() const { return dirty_; }
    const std::vector<detectors::Finding>& findings() const { return findings_; }
    size_t last_scanned_bytes() const { return last_scanned_bytes_; }
    int context_lines() const { return context_lines_; }

private:
    void add_dirty(detectors::ByteRange region);
    void drop_findings_touching(detectors::ByteRange region);

    int context_lines_;
    std::vector<detectors::Finding> findings_;
    std::vector<detectors::ByteRange> dirty_;
    size_t last_scanned_bytes_ = 0;
};

// True when [a.begin, a.end] and [b.begin, b.end] share a point (overlap or touch), the
// relation Scanner::scan(text, region) uses.
inline bool touches(detectors::ByteRange a, detectors::ByteRange b) {
    return a.begin <= b.end && b.begin <= a.end;
}

} // namespace secretls::server

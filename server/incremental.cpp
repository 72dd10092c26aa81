//===--- incremental.cpp - Shift, drop and re-scan findings around edits ------------------===//
//
// See incremental.h for the invariant this maintains and why it holds.
//
//===--------------------------------------------------------------------------------------===//
#include "server/incremental.h"

#include "server/document.h"

#include <algorithm>
#include <tuple>

namespace secretls::server {

using detectors::ByteRange;
using detectors::Finding;

bool finding_less(const Finding& a, const Finding& b) {
    return std::tie(a.secret.begin, a.rule_index, a.secret.end, a.match.begin, a.match.end) <
           std::tie(b.secret.begin, b.rule_index, b.secret.end, b.match.begin, b.match.end);
}

namespace {

size_t shifted(size_t offset, long long delta) {
    return static_cast<size_t>(static_cast<long long>(offset) + delta);
}

void shift(Finding& f, long long delta) {
    f.secret.begin = shifted(f.secret.begin, delta);
    f.secret.end = shifted(f.secret.end, delta);
    f.match.begin = shifted(f.match.begin, delta);
    f.match.end = shifted(f.match.end, delta);
}

// The edited bytes [begin, end) of `text` widened to whole lines plus `margin` lines on
// each side, line breaks included.
ByteRange widen_to_lines(std::string_view text, const LineTable& lines, size_t begin, size_t end,
                         size_t margin) {
    size_t first = lines.line_of(begin);
    first = first > margin ? first - margin : 0;
    size_t last = lines.line_of(end) + margin;
    size_t region_end = last + 1 < lines.line_count() ? lines.line_start(last + 1) : text.size();
    return {lines.line_start(first), region_end};
}

} // namespace

void IncrementalFindings::reset(size_t size) {
    findings_.clear();
    dirty_.assign(1, ByteRange{0, size});
}

void IncrementalFindings::on_edit(std::string_view text, const LineTable& lines, size_t begin,
                                  size_t old_end, size_t inserted) {
    const long long delta =
        static_cast<long long>(inserted) - static_cast<long long>(old_end - begin);
    const size_t new_end = begin + inserted;

    // Findings before the edit stay, findings after it move, findings across it go.
    std::erase_if(findings_, [&](Finding& f) {
        if (f.match.end <= begin)
            return false;
        if (f.match.begin >= old_end) {
            shift(f, delta);
            return false;
        }
        return true;
    });
    // Dirty regions move the same way; one that overlaps the edit grows over it.
    for (ByteRange& d : dirty_) {
        if (d.end <= begin)
            continue;
        if (d.begin >= old_end) {
            d = {shifted(d.begin, delta), shifted(d.end, delta)};
            continue;
        }
        d = {std::min(d.begin, begin), d.end >= old_end ? shifted(d.end, delta) : new_end};
    }
    // One extra line beyond the scanner's context: a "\r" before the window and a "\n"
    // inserted at its start merge into one line break (see incremental.h).
    const size_t margin = static_cast<size_t>(std::max(context_lines_, 0)) + 1;
    ByteRange window = widen_to_lines(text, lines, begin, new_end, margin);
    drop_findings_touching(window);
    add_dirty(window);
}

void IncrementalFindings::add_dirty(ByteRange region) {
    std::vector<ByteRange> merged;
    merged.reserve(dirty_.size() + 1);
    bool placed = false;
    for (const ByteRange& d : dirty_) {
        if (touches(d, region)) {
            region = {std::min(d.begin, region.begin), std::max(d.end, region.end)};
            continue;
        }
        if (!placed && d.begin > region.end) {
            merged.push_back(region);
            placed = true;
        }
        merged.push_back(d);
    }
    if (!placed)
        merged.push_back(region);
    // Regions stay sorted and pairwise non-touching: `region` only grows over regions that
    // touch it, and those lie between its neighbours.
    dirty_ = std::move(merged);
}

void IncrementalFindings::drop_findings_touching(ByteRange region) {
    std::erase_if(findings_, [&](const Finding& f) { return touches(f.match, region); });
}

void IncrementalFindings::rescan(const detectors::Scanner& scanner, std::string_view text,
                                 const detectors::ScanContext& ctx) {
    last_scanned_bytes_ = 0;
    for (const ByteRange& d : dirty_) {
        ByteRange region{std::min(d.begin, text.size()), std::min(d.end, text.size())};
        std::vector<Finding> found = scanner.scan(text, region, ctx);
        findings_.insert(findings_.end(), found.begin(), found.end());
        last_scanned_bytes_ += region.end - region.begin;
    }
    dirty_.clear();
    std::sort(findings_.begin(), findings_.end(), finding_less);
    // A finding touching two dirty regions was reported twice.
    findings_.erase(std::unique(findings_.begin(), findings_.end()), findings_.end());
}

} // namespace secretls::server

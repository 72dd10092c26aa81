//===--- baseline.h - Known findings from an earlier report (scan --baseline) ---------------===//
//
// Adopting a scanner on a repository that already holds secrets: the findings of a first
// report are known (accepted as false alarms, or keys being rotated), and CI should fail only
// on new ones. The baseline is that report, as `secretls scan --format json` or
// `--format sarif` wrote it. A finding is known when the baseline holds one with the same
// fingerprint (rule and secret) in the same file. Line numbers play no part, so edits that
// move a key keep it known; the same key pasted into another file is a new leak.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace secretls::server {

class Baseline {
public:
    // Reads a report's text. Returns why it is not a secretls JSON or SARIF report, and then
    // leaves the baseline as it was.
    std::optional<std::string> parse(std::string_view report);

    bool knows(std::string_view path, std::string_view fingerprint) const;
    size_t size() const { return known_.size(); }

private:
    std::set<std::pair<std::string, std::string>, std::less<>> known_; // (path, fingerprint)
};

// A report's path in a form that does not depend on how the scan's PATH was spelled:
// "./src/a.py", "src//a.py" and "src/./a.py" are all "src/a.py".
std::string comparable_path(std::string_view path);

} // namespace secretls::server

//===--- hyperscan_prefilter.h - Hyperscan runs the rules' regexes to find candidates -----===//
//
// Hyperscan matches all eligible rule regexes at once (hundreds of MB/s) and reports where
// matches END; the scanner turns those ends into candidate lines and confirms with RE2.
// Hyperscan reports every match end (not leftmost-first), so every line where RE2 can find
// a match of a rule is a candidate: the confirmation step gives exactly the findings of the
// keyword engine (a unit test checks it).
//
// Patterns are compiled in multi-line mode (^ and $ at every line boundary), a superset of
// RE2's meaning on a line window. Rules whose regex Hyperscan cannot take, or that use text
// anchors (\A, \z), stay on the keyword path.
//
// Thread safety: the database is immutable; scratch space is per thread.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace secretls::detectors {

// The pattern Hyperscan should compile for a rule regex, or nullopt when the rule must stay
// on the keyword path (\A, \z). Named groups become plain groups; $ also accepts a '\r'.
std::optional<std::string> hyperscan_pattern_for(std::string_view re2_regex);

// Length of the case-sensitive literal every match starts with ("ghp_" in \b(ghp_[...]),
// 0 when the regex starts with a class, an alternation or (?i). Measured on our rules:
// Hyperscan runs such regexes at hundreds of MB/s together, while regexes that start with a
// context gap ("(?i:stripe)[\w.-]{0,25}...") keep automata busy on every byte (~40 MB/s for
// the lot), so those are better served by the keyword path.
size_t literal_prefix_length(std::string_view re2_regex);

// The case-sensitive literal text every match of the regex starts with ("-----BEGIN" of
// "(-----BEGIN RSA PRIVATE KEY-----[A-Za-z0-9...]"), "" when it cannot tell: flags, a leading
// class, an alternative anywhere around the literal, or a group around it that may be
// skipped. Conservative by design: a non-empty answer is always right.
std::string required_literal_prefix(std::string_view re2_regex);

class HyperscanPrefilter {
public:
    ~HyperscanPrefilter();
    HyperscanPrefilter(const HyperscanPrefilter&) = delete;
    HyperscanPrefilter& operator=(const HyperscanPrefilter&) = delete;

    // Compiles patterns (ids are their indices). Patterns Hyperscan rejects are left out and
    // listed in `rejected` (indices). Returns null when nothing could be compiled.
    static std::unique_ptr<HyperscanPrefilter> compile(const std::vector<std::string>& patterns,
                                                       std::vector<size_t>& rejected);
    // Case-insensitive (ASCII) literal search for many keywords; ids are their indices.
    static std::unique_ptr<HyperscanPrefilter>
    compile_literals(const std::vector<std::string>& literals);
    // A database serialized by serialize(); null if it does not fit this machine/library.
    static std::unique_ptr<HyperscanPrefilter> deserialize(std::string_view bytes);
    std::string serialize() const;

    // Calls on_match(pattern id, end offset) for match ends in data (end = one past the last
    // byte). Return false from on_match to stop.
    void scan(std::string_view data,
              const std::function<bool(unsigned id, size_t end)>& on_match) const;

private:
    struct Database;
    explicit HyperscanPrefilter(std::unique_ptr<Database> db);
    std::unique_ptr<Database> db_;
};

} // namespace secretls::detectors

//===--- scanner.h - The scanning engine: rules in, findings (byte ranges) out ------------===//
//
// A Scanner compiles a rule list once into immutable matchers (prefilter + per-rule RE2)
// and is then shared read-only by every thread: scan() is const and thread-safe.
//
// Findings are byte ranges into the scanned text. Positions, files, URIs and LSP are the
// caller's business.
//
// Matching (detectors/rules/README.md, "How a rule is matched"): line-local. A rule with
// max_lines = M only matches text starting on one line and ending at most M-1 lines below
// it; a single-line rule never sees a line terminator. The maximum match span is therefore
// max(rule.max_lines) lines, whatever the line lengths; work per line is linear in its
// length (RE2 and Hyperscan are automata, no backtracking).
//
// Locality contract (the incremental re-scan in server/ depends on it): whether a finding
// exists depends only on the bytes of the lines it touches and on at most
// max_context_lines() lines before and after it. Hence
//     scan(text, {b, e}) == [f in scan(text) where f.match overlaps or touches [b, e)]
// for every region, and a caller that edits bytes [b, e) need only drop the old findings
// within max_context_lines() lines of the edit and re-scan that region.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "detectors/rule.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace secretls::detectors {

struct ByteRange {
    size_t begin = 0;
    size_t end = 0; // exclusive
    bool operator==(const ByteRange&) const = default;
};

struct Finding {
    ByteRange secret;               // exactly the secret: no quotes, no keyword
    ByteRange match;                // the whole regex match (keyword, separators and secret)
    size_t rule_index = 0;          // index into Scanner::rules()
    double entropy = 0;             // Shannon entropy of the secret, bits per character
    bool checksum_verified = false; // the rule's validator accepted the secret
    bool operator==(const Finding&) const = default;
};

// A match a rule found whose secret its own checks, the shared filters (filters.h) or an
// inline ignore comment rejected: the answer to "why is this key not reported?".
struct DroppedMatch {
    ByteRange secret;
    ByteRange match;
    size_t rule_index = 0;
    std::string_view reason; // static text: "placeholder", "entropy below the rule's minimum"...
};

struct ExplainedScan {
    std::vector<Finding> findings;     // exactly what scan() returns
    std::vector<DroppedMatch> dropped; // in text order, one per rule and secret
};

// What the caller knows about the text being scanned. Everything is optional.
struct ScanContext {
    std::string path;        // for path allowlists and file-type specific filters ("" = none)
    std::string language_id; // LSP languageId when known ("python", "dotenv"...)
};

struct ScannerStats {
    size_t rules = 0;
    size_t rules_in_fast_path = 0;     // rules the Hyperscan database took (the rest use keywords)
    bool precompiled_database = false; // the built-in database came from the build, not a compile
    size_t rules_with_prefilter = 0;   // rules whose Rule::prefilter the engine uses
};

// How candidate lines are found. Both engines give IDENTICAL findings (a unit test checks
// it); they differ only in speed. Matching always ends with each rule's RE2 regex.
enum class Engine {
    Auto,      // Hyperscan; SECRETLS_ENGINE=keywords|hyperscan in the environment overrides
    Keywords,  // lower-cased keyword search, then RE2 on the lines holding a keyword
    Hyperscan, // Hyperscan runs the rules' regexes to find candidate lines; rules it cannot
               // take (anchors, unsupported syntax) fall back to the keyword path
};

struct ScannerOptions {
    Engine engine = Engine::Auto;
    bool filters = true;        // placeholders, example keys, hashes... (filters.h)
    bool inline_ignores = true; // "secretls:ignore", "gitleaks:allow"... (ignores.h)
    // Hyperscan engine: a rule goes to Hyperscan when its matches start with a literal of at
    // least this many bytes (others are slow there; see hyperscan_prefilter.h), and when it
    // spans several lines (max_lines > 1: costly on the keyword path). 0 puts
    // every rule Hyperscan accepts into it (the engine tests use it).
    size_t min_hyperscan_literal = 3;
    // Multi-line rules: before trying each start line's window, one boolean RE2 pass over the
    // union of overlapping windows rules them all out when it finds nothing (a window match is
    // always a match of the union; see scanner.cpp). Only speed depends on it (tests compare).
    bool window_gates = true;
};

struct PrecompiledBundle;
class Scanner;
// Build-time export of the Hyperscan databases (detectors/precompiled.h).
void export_hyperscan_databases(const Scanner& scanner, PrecompiledBundle& bundle);

class Scanner {
public:
    // Compiles the rules. Rules whose regex does not compile are dropped and reported in
    // errors() (a user's bad rule must not take the built-in ones down with it).
    explicit Scanner(RuleList rules, ScannerOptions options = {});
    ~Scanner();
    Scanner(const Scanner&) = delete;
    Scanner& operator=(const Scanner&) = delete;

    // All findings in text, sorted by secret.begin, then rule_index.
    std::vector<Finding> scan(std::string_view text, const ScanContext& ctx = {}) const;
    // scan(), and with `with_dropped` the matches its checks rejected, with the reason
    // (`secretls scan --show-dropped`), except those whose secret a finding covers.
    ExplainedScan scan_explained(std::string_view text, const ScanContext& ctx,
                                 bool with_dropped) const;
    // The findings of scan(text) whose match overlaps or touches region (see above).
    std::vector<Finding> scan(std::string_view text, ByteRange region,
                              const ScanContext& ctx = {}) const;

    const RuleList& rules() const;
    const std::vector<std::string>& errors() const;
    int max_context_lines() const; // bound used by incremental re-scans
    ScannerStats stats() const;

private:
    friend void export_hyperscan_databases(const Scanner&, PrecompiledBundle&);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// True when text looks binary (a NUL byte in its first 8 KiB, as git and ripgrep decide).
// scan() does not check it (that would break locality): callers skip binary files.
bool looks_binary(std::string_view text);

// Shannon entropy of the bytes of s, in bits per byte (0 for an empty string).
double shannon_entropy(std::string_view s);

// Masks a secret for display: a short prefix hint and the last 4 characters,
// e.g. "key-…9f3a". Never returns more than 8 characters of the secret, except the armor
// line of a key block ("-----BEGIN RSA PRIVATE KEY-----…"), which holds no key material.
std::string mask_secret(std::string_view secret);

} // namespace secretls::detectors

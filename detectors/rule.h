//===--- rule.h - A credential rule and the set of rules ----------------------------------===//
//
// Rules are data (detectors/rules/*.toml, compiled in; users add more in .secretls.toml or
// bring a .gitleaks.toml). This header is the in-memory form shared by the loader, the
// scanner, the CLI and the language server. Knows nothing of LSP or files.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace secretls::detectors {

enum class Severity { Error, Warning, Info, Hint };

// One credential format. Field names follow the TOML schema documented in
// detectors/rules/README.md.
struct Rule {
    std::string id;                    // stable, kebab-case: "mailgun-api-key"
    std::string provider;              // "Mailgun"
    std::string title;                 // "Mailgun private API key"
    std::string description;           // one sentence: what this credential is
    std::vector<std::string> keywords; // lower-case literals; the rule runs only near one
    std::string regex;                 // RE2 syntax
    int secret_group = 0;              // capture group holding the secret (0 = whole match,
                                       // -1 = the first non-empty group, as gitleaks does)
    double min_entropy = 0;            // Shannon entropy (bits/char) the secret must reach
    std::string validator;             // "" or a checksum validator name (see validators.h)
    Severity severity = Severity::Warning;
    std::string env_var;                    // suggested environment variable: "MAILGUN_API_KEY"
    std::string link;                       // provider's key-management page
    std::string grants;                     // what the credential grants
    std::string risk;                       // what an attacker can do with it
    std::vector<std::string> revoke;        // numbered steps to revoke and rotate
    std::string check_usage;                // how to find out whether it was used
    int max_lines = 1;                      // most lines one match can span (bounds re-scans)
    int priority = 0;                       // higher wins when two rules report the same bytes
    std::vector<std::string> allow_regexes; // secret values matching these are not reported
    std::vector<std::string> stopwords;     // secrets containing these are not reported
    std::vector<std::string> path_allow_regexes; // files whose path matches are skipped
    std::vector<std::string> path_regexes;       // if set, the rule runs only on files whose path
                                                 // matches one (gitleaks' rule `path`)
    std::vector<std::string> test_positive;      // templates for generated tests (rules/README.md)
    std::vector<std::string> test_negative;
    std::string origin; // where the rule came from: "builtin", a config path
    // Keywords may also occur up to this many lines above or below the match's lines (0 = in
    // them; at most kMaxContextLines). The regex itself stays line-local.
    int context_lines = 0;
    // A regex that finds something on every line where this rule reports a secret, cheaper
    // than the rule's own (typically the quoted value alone). The fast engine skips keyword
    // lines without it, so the rule's RE2 regex never runs there; findings do not change
    // (the keyword engine ignores it, and a test compares the two). Single-line rules only.
    std::string prefilter;
};

using RuleList = std::vector<Rule>;

// Bound of Rule::context_lines: every line of context widens the incremental re-scan.
inline constexpr int kMaxContextLines = 5;

} // namespace secretls::detectors

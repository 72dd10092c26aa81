//===--- config.h - Workspace configuration: .secretls.toml, .gitleaks.toml, ignore files --===//
//
// What a workspace root can say about scanning, read once per workspace (the server reloads
// it when one of the files changes):
//   .secretls.toml    extra [[rule]]s (schema of detectors/rules/README.md), `disabled`
//                     rule ids, `builtin = false` to drop the built-in rules, and an
//                     [allowlist] of path regexes, secret regexes and stopwords;
//   .gitleaks.toml    gitleaks' rules ([[rules]]: id, description, regex, secretGroup,
//                     entropy, keywords, path) and allowlists ([allowlist], [[allowlists]],
//                     [rules.allowlist], [[rules.allowlists]]). Its regexes are Go RE2
//                     syntax; the few differences are translated. Built-in rules stay on.
//   .gitleaksignore   gitleaks fingerprints "file:rule-id:line" / "commit:file:rule-id:line";
//   .secretlsignore   our fingerprints, one per line (# comments): fingerprint(rule, secret),
//                     a hash that survives edits moving the secret to another line.
// Knows nothing of LSP; paths are relative to the workspace root with '/' separators.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "detectors/rule.h"
#include "detectors/scanner.h"

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace secretls::detectors {

// Findings to let through: a finding is allowlisted when any (or, with require_all, every)
// of the given criteria matches it.
struct Allowlist {
    enum class Target { Secret, Match, Line };
    std::string description;
    std::vector<std::string> rule_ids; // empty: applies to every rule
    std::vector<std::string> paths;    // regexes on the relative path
    std::vector<std::string> regexes;  // regexes on the target below
    Target regex_target = Target::Secret;
    std::vector<std::string> stopwords; // secrets containing one (any case)
    bool require_all = false;           // gitleaks `condition = "AND"`
    std::string source;                 // file it came from

    // Compiled forms (filled by the loader; regexes that do not compile are reported).
    std::vector<std::shared_ptr<const re2::RE2>> compiled_paths;
    std::vector<std::shared_ptr<const re2::RE2>> compiled_regexes;
};

struct GitleaksIgnore {
    std::string path; // relative to the root
    std::string rule_id;
    int line = 0; // 1-based
};

struct WorkspaceConfig {
    std::filesystem::path root;
    bool use_builtin = true;
    bool skip_dependencies = true; // `skip_dependencies = false` scans node_modules/ and the like
    RuleList extra_rules;          // .secretls.toml first, then .gitleaks.toml
    std::vector<std::string> disabled_rules; // rule ids switched off
    std::vector<Allowlist> allowlists;
    std::vector<GitleaksIgnore> gitleaks_ignores;
    std::set<std::string> ignored_fingerprints; // from .secretlsignore
    std::vector<std::string> errors;            // "file:line: problem", for the user
    std::vector<std::filesystem::path> sources; // the files that were read
    // gitleaks rules: how many there were, how many loaded (the rest are in errors).
    size_t gitleaks_rules_total = 0;
    size_t gitleaks_rules_loaded = 0;
};

// Texts of files as an editor holds them, unsaved edits included, by path: they take the
// place of the files on disk (an unsaved file that does not exist on disk yet counts too).
using UnsavedFiles = std::map<std::filesystem::path, std::string>;

// Reads the configuration files found directly in `root` (missing files are fine).
WorkspaceConfig load_workspace_config(const std::filesystem::path& root,
                                      const UnsavedFiles& unsaved = {});

// The parts, for tests and for callers holding the text already. `source` names the file in
// error messages.
void read_secretls_toml(std::string_view text, std::string_view source, WorkspaceConfig& config);
void read_gitleaks_toml(std::string_view text, std::string_view source, WorkspaceConfig& config);
void read_gitleaksignore(std::string_view text, std::string_view source, WorkspaceConfig& config);
void read_secretlsignore(std::string_view text, std::string_view source, WorkspaceConfig& config);

// Go regexp -> RE2 syntax: named groups "(?<name>" become "(?P<name>".
std::string translate_go_regex(std::string_view go_regex);

// The rules to scan with: the built-in ones (unless use_builtin is false) minus disabled
// ids, plus the extra rules. A .secretls.toml rule with a built-in id replaces it; a
// .gitleaks.toml rule whose id is already taken is skipped (ours carry remediation text).
RuleList effective_rules(const RuleList& builtin, const WorkspaceConfig& config);

// Hex fingerprint of a finding for .secretlsignore: SHA-256 of rule id, NUL, secret; the
// first 32 hex digits. Independent of position, so it survives edits.
std::string fingerprint(std::string_view rule_id, std::string_view secret);

// True when no file under this path should be scanned: a global allowlist's paths match, or
// it is a dependency's (below) and the configuration skips those.
bool is_path_allowlisted(const WorkspaceConfig& config, std::string_view relative_path);

// A path inside a folder that a package manager fills with other people's code
// (node_modules/, site-packages/, *.dist-info/, Go's vendor/github.com/...): a key there is
// not the user's leak, and such folders can hold more files than the project itself. Every
// pattern ends at a '/', so when a folder's path plus '/' matches, everything in it does: a
// walk may skip the folder whole.
bool is_dependency_path(std::string_view relative_path);

// Everything about one finding that suppression rules look at.
struct SuppressionQuery {
    std::string_view relative_path; // '/' separators, relative to config.root
    std::string_view rule_id;
    std::string_view secret;
    std::string_view match;     // the whole regex match
    std::string_view line_text; // the line holding the start of the match
    int line = 0;               // 1-based line of the start of the match
};
bool is_suppressed(const WorkspaceConfig& config, const SuppressionQuery& query);

// Convenience: builds the query from a finding of `scanner` in `text` and checks it.
bool is_suppressed(const WorkspaceConfig& config, const Scanner& scanner,
                   std::string_view relative_path, std::string_view text, const Finding& finding);

} // namespace secretls::detectors

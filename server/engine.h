//===--- engine.h - How the CLI and the server obtain a scanner and describe findings ------===//
//
// One place that knows how to assemble the rule set (built-in rules, a user's rules file,
// rules switched off) into a detectors::Scanner, and how a finding is named for humans
// (title, masked value, fingerprint) in every output: CLI text/JSON/SARIF and diagnostics.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "detectors/config.h"
#include "detectors/rule.h"
#include "detectors/scanner.h"

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace secretls::server {

struct EngineOptions {
    // Workspace root: its .secretls.toml, .gitleaks.toml, .gitleaksignore and .secretlsignore
    // are read ("" = none).
    std::filesystem::path root;
    std::filesystem::path config_file;    // a .secretls.toml or .gitleaks.toml elsewhere
    std::set<std::string> disabled_rules; // rule ids left out
    bool no_ignore = false;               // do not honour ignore files and inline ignore comments
    detectors::UnsavedFiles unsaved;      // configuration files open in the editor, by path
};

struct Engine {
    std::shared_ptr<const detectors::Scanner> scanner;
    detectors::WorkspaceConfig config; // allowlists and ignore fingerprints (detectors/config.h)

    // The path of a file as the configuration sees it: relative to the root, '/' separators.
    std::string relative_path(const std::string& path) const;
    // Allowlisted or ignored by the workspace configuration.
    bool suppressed(const std::string& relative, std::string_view text,
                    const detectors::Finding& finding) const;
    bool path_allowlisted(const std::string& relative) const;
    std::vector<std::string> errors;         // the user's rule or config problems
    std::vector<std::string> builtin_errors; // bugs in built-in rules (unit tests catch them)
};

Engine make_engine(const EngineOptions& options);

// "Mailgun private API key": the rule's title, prefixed by the provider unless the title
// already names it.
std::string finding_title(const detectors::Rule& rule);
// "Mailgun private API key (key-…9f3a)": the message of a diagnostic, never in clear.
std::string finding_message(const detectors::Rule& rule, std::string_view secret);
// A stable identifier of (rule, secret) that does not reveal the secret (the engine's
// .secretlsignore fingerprint: part of a SHA-256). Survives edits (no line numbers in it).
std::string finding_fingerprint(std::string_view rule_id, std::string_view secret);

// Heuristic of git and ripgrep: a NUL byte in the first 8 KiB means binary.
bool looks_binary(std::string_view head);

} // namespace secretls::server

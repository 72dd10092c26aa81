//===--- rule_loader.h - Rules from TOML (built-in, .secretls.toml) -----------------------===//
//
// Parses the rule schema of detectors/rules/README.md into a RuleList and validates each
// rule: unique id, known severity and validator, a regex RE2 compiles, an existing secret
// group. A bad rule is dropped with an error naming the file, the rule id and the field;
// the other rules still load (one typo must not switch the whole scanner off).
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "detectors/rule.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace secretls::detectors {

struct RuleLoadResult {
    RuleList rules;
    std::vector<std::string> errors; // "file:line: rule 'id': field 'regex': why"
};

// Parses a TOML document holding [[rule]] tables. `source_name` prefixes error messages;
// `origin` is stored in Rule::origin ("builtin", a config path).
RuleLoadResult load_rules_toml(std::string_view toml_text, std::string_view source_name,
                               std::string_view origin);

// The same, for documents that hold other settings beside [[rule]] (.secretls.toml): other
// top-level keys are left to the caller instead of being errors.
enum class TopLevel { OnlyRules, RulesAndOtherKeys };
RuleLoadResult load_rules_toml(std::string_view toml_text, std::string_view source_name,
                               std::string_view origin, TopLevel top_level);

// Reads and parses a rules file.
RuleLoadResult load_rules_file(const std::filesystem::path& path);

// Validates one rule's fields (used for rules built in code, e.g. from .gitleaks.toml).
// Returns the problems, empty when the rule is usable.
std::vector<std::string> validate_rule(const Rule& rule);

// The built-in rules (detectors/rules/*.toml compiled in), parsed once and cached.
// Rules with errors are left out; builtin_rule_errors() lists them (a unit test keeps it empty).
// Both come from the build-time bundle (detectors/precompiled.h) when one is linked in.
RuleList builtin_rules();
const std::vector<std::string>& builtin_rule_errors();
// The built-in rules parsed from the embedded TOML, bypassing the bundle (for the bundle
// generator and for the test that the bundle holds the same rules).
RuleLoadResult builtin_rules_from_toml();

// Severity names used in TOML: "error", "warning", "info", "hint".
std::optional<Severity> parse_severity(std::string_view name);
std::string_view severity_name(Severity severity);

} // namespace secretls::detectors

//===--- precompiled.h - Built-in rules and Hyperscan databases prepared at build time ----===//
//
// Parsing ~400 TOML rules takes ~0.5 s and compiling their Hyperscan database 1-3 s, too
// slow for a CLI start. At build time, secretls_precompile (detectors/precompile/) parses
// the rules, compiles the databases and writes one binary bundle that is linked in; at run
// time builtin_rules() and the Scanner read it in a few milliseconds.
//
// The bundle is only an accelerator: with no bundle (the generator's own build), a bundle
// from another CPU, or rule sets that differ (user rules, disabled ids), everything falls
// back to parsing and compiling, with identical results.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "detectors/rule.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace secretls::detectors {

struct PrecompiledBundle {
    RuleList rules;                          // the valid built-in rules
    std::vector<std::string> rule_errors;    // builtin_rule_errors()
    std::vector<std::string> regex_patterns; // Hyperscan patterns, in database id order
    std::string regex_database;              // hs_serialize_database output ("" = none)
    std::vector<std::string> literals;       // keyword literals, in database id order
    std::string literal_database;
    // Rule::prefilter patterns by group (rules with the same path restrictions), in database
    // id order, and each group's database.
    std::vector<std::vector<std::string>> prefilter_patterns;
    std::vector<std::string> prefilter_databases;
    // Rule regexes the build's Scanner compiled (same RE2 options), with their numbers of
    // capturing groups: a Scanner compiles these lazily, on a rule's first candidate.
    std::vector<std::string> verified_regexes;
    std::vector<int32_t> verified_group_counts; // parallel to verified_regexes
};

std::string serialize_bundle(const PrecompiledBundle& bundle);
std::optional<PrecompiledBundle> deserialize_bundle(std::string_view bytes);

// The bundle linked into this binary (empty when none), parsed once.
const PrecompiledBundle* linked_bundle();

// Defined by the generated file (or the generator's stub): the raw bundle bytes.
std::string_view linked_bundle_bytes();

} // namespace secretls::detectors

//===--- baseline.cpp - Known findings from an earlier report (scan --baseline) -------------===//
#include "server/baseline.h"

#include "server/json_member.h"
#include "server/uri.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

namespace secretls::server {

namespace {

using json = nlohmann::json;
using Entries = std::vector<std::pair<std::string, std::string>>;

std::optional<std::string> string_member(const json& object, const char* name) {
    const json* value = member(object, name);
    if (value == nullptr || !value->is_string())
        return std::nullopt;
    return value->get<std::string>();
}

// `secretls scan --format json`: {"findings": [{"path": ..., "fingerprint": ...}, ...]}.
std::optional<std::string> json_report_entries(const json& findings, Entries& out) {
    if (!findings.is_array())
        return "\"findings\" is not an array";
    for (const json& finding : findings) {
        auto path = string_member(finding, "path");
        auto fingerprint = string_member(finding, "fingerprint");
        if (!path || !fingerprint)
            return "a finding has no \"path\" or \"fingerprint\"";
        out.emplace_back(std::move(*path), std::move(*fingerprint));
    }
    return std::nullopt;
}

// One SARIF result of ours: its file and its "secretls/v1" partial fingerprint.
std::optional<std::string> sarif_result_entry(const json& result, Entries& out) {
    std::optional<std::string> fingerprint;
    if (const json* fingerprints = member(result, "partialFingerprints"))
        fingerprint = string_member(*fingerprints, "secretls/v1");
    if (!fingerprint)
        return "a result has no \"secretls/v1\" fingerprint (is it another tool's report?)";
    std::optional<std::string> uri;
    const json* locations = member(result, "locations");
    if (locations != nullptr && locations->is_array() && !locations->empty()) {
        const json* physical = member((*locations)[0], "physicalLocation");
        const json* artifact = physical ? member(*physical, "artifactLocation") : nullptr;
        uri = artifact ? string_member(*artifact, "uri") : std::nullopt;
    }
    if (!uri)
        return "a result has no artifact location";
    auto path = percent_decoded(*uri);
    if (!path)
        return "a result's location is not a valid URI reference";
    out.emplace_back(std::move(*path), std::move(*fingerprint));
    return std::nullopt;
}

// `secretls scan --format sarif`: {"runs": [{"results": [...]}, ...]}.
std::optional<std::string> sarif_report_entries(const json& runs, Entries& out) {
    if (!runs.is_array())
        return "\"runs\" is not an array";
    for (const json& run : runs) {
        if (!run.is_object() || !run.contains("results") || !run["results"].is_array())
            return "a run has no \"results\" array";
        for (const json& result : run["results"])
            if (auto problem = sarif_result_entry(result, out))
                return problem;
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> Baseline::parse(std::string_view report) {
    const json doc = json::parse(report, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded())
        return "not JSON (expected the output of `secretls scan --format json` or `--format "
               "sarif`)";
    if (!doc.is_object() || (!doc.contains("findings") && !doc.contains("runs")))
        return "neither a secretls JSON report (\"findings\") nor a SARIF report (\"runs\")";
    Entries entries;
    auto problem = doc.contains("findings") ? json_report_entries(doc["findings"], entries)
                                            : sarif_report_entries(doc["runs"], entries);
    if (problem)
        return problem;
    for (auto& [path, fingerprint] : entries)
        known_.emplace(comparable_path(path), std::move(fingerprint));
    return std::nullopt;
}

bool Baseline::knows(std::string_view path, std::string_view fingerprint) const {
    return known_.count(std::pair<std::string, std::string>(comparable_path(path), fingerprint));
}

std::string comparable_path(std::string_view path) {
    return std::filesystem::path(path).lexically_normal().generic_string();
}

} // namespace secretls::server

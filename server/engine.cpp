//===--- engine.cpp - Rule set assembly and human-facing names of findings -----------------===//
#include "server/engine.h"

#include "detectors/rule_loader.h"

#include <algorithm>
#include <cstdio>

namespace secretls::server {

Engine make_engine(const EngineOptions& options) {
    Engine engine;
    detectors::RuleList rules = detectors::builtin_rules();
    for (const std::string& e : detectors::builtin_rule_errors())
        engine.builtin_errors.push_back("built-in rules: " + e);
    if (!options.config_file.empty()) {
        detectors::RuleLoadResult extra = detectors::load_rules_file(options.config_file);
        engine.errors.insert(engine.errors.end(), extra.errors.begin(), extra.errors.end());
        // A user's rule with a built-in id replaces the built-in one.
        for (detectors::Rule& rule : extra.rules) {
            std::erase_if(rules, [&](const detectors::Rule& r) { return r.id == rule.id; });
            rules.push_back(std::move(rule));
        }
    }
    std::erase_if(
        rules, [&](const detectors::Rule& r) { return options.disabled_rules.count(r.id) != 0; });
    auto scanner = std::make_shared<detectors::Scanner>(std::move(rules));
    engine.errors.insert(engine.errors.end(), scanner->errors().begin(), scanner->errors().end());
    engine.scanner = std::move(scanner);
    return engine;
}

std::string finding_title(const detectors::Rule& rule) {
    if (rule.provider.empty() || rule.title.starts_with(rule.provider))
        return rule.title.empty() ? rule.id : rule.title;
    return rule.provider + " " + rule.title;
}

std::string finding_message(const detectors::Rule& rule, std::string_view secret) {
    return finding_title(rule) + " (" + detectors::mask_secret(secret) + ")";
}

std::string finding_fingerprint(std::string_view rule_id, std::string_view secret) {
    uint64_t hash = 14695981039346656037ull;
    auto mix = [&](std::string_view bytes) {
        for (unsigned char c : bytes) {
            hash ^= c;
            hash *= 1099511628211ull;
        }
    };
    mix(rule_id);
    mix(std::string_view("\0", 1));
    mix(secret);
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
    return buf;
}

bool looks_binary(std::string_view head) {
    return head.substr(0, std::min<size_t>(head.size(), 8192)).find('\0') != std::string_view::npos;
}

} // namespace secretls::server

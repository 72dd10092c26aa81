//===--- engine.cpp - Rule set assembly and human-facing names of findings -----------------===//
#include "server/engine.h"

#include "detectors/rule_loader.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace secretls::server {

namespace {

// A config file given explicitly (its unsaved text when the editor has it open): gitleaks'
// format when its name says so, else ours.
void read_config_file(const std::filesystem::path& file, const detectors::UnsavedFiles& unsaved,
                      detectors::WorkspaceConfig& config) {
    std::string text;
    if (auto open = unsaved.find(file); open != unsaved.end()) {
        text = open->second;
    } else {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            config.errors.push_back(file.string() + ": cannot read");
            return;
        }
        std::stringstream content;
        content << in.rdbuf();
        text = content.str();
    }
    if (file.filename().string().find("gitleaks") != std::string::npos)
        detectors::read_gitleaks_toml(text, file.string(), config);
    else
        detectors::read_secretls_toml(text, file.string(), config);
    config.sources.push_back(file);
}

} // namespace

Engine make_engine(const EngineOptions& options) {
    Engine engine;
    for (const std::string& e : detectors::builtin_rule_errors())
        engine.builtin_errors.push_back("built-in rules: " + e);
    if (!options.root.empty())
        engine.config = detectors::load_workspace_config(options.root, options.unsaved);
    engine.config.root = options.root;
    if (!options.config_file.empty())
        read_config_file(options.config_file, options.unsaved, engine.config);
    if (options.no_ignore) {
        engine.config.gitleaks_ignores.clear();
        engine.config.ignored_fingerprints.clear();
    }
    engine.errors = engine.config.errors;
    detectors::RuleList rules =
        detectors::effective_rules(detectors::builtin_rules(), engine.config);
    std::erase_if(
        rules, [&](const detectors::Rule& r) { return options.disabled_rules.count(r.id) != 0; });
    detectors::ScannerOptions scanner_options;
    scanner_options.inline_ignores = !options.no_ignore;
    auto scanner = std::make_shared<detectors::Scanner>(std::move(rules), scanner_options);
    engine.errors.insert(engine.errors.end(), scanner->errors().begin(), scanner->errors().end());
    engine.scanner = std::move(scanner);
    return engine;
}

std::string Engine::relative_path(const std::string& path) const {
    std::filesystem::path p(path);
    if (!config.root.empty()) {
        std::error_code ec;
        std::filesystem::path rel = std::filesystem::relative(p, config.root, ec);
        if (!ec && !rel.empty() && !rel.string().starts_with(".."))
            return rel.generic_string();
    }
    return p.generic_string();
}

bool Engine::suppressed(const std::string& relative, std::string_view text,
                        const detectors::Finding& finding) const {
    return detectors::is_suppressed(config, *scanner, relative, text, finding);
}

bool Engine::path_allowlisted(const std::string& relative) const {
    return detectors::is_path_allowlisted(config, relative);
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
    return detectors::fingerprint(rule_id, secret);
}

bool looks_binary(std::string_view head) {
    return head.substr(0, std::min<size_t>(head.size(), 8192)).find('\0') != std::string_view::npos;
}

} // namespace secretls::server

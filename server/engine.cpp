//===--- engine.cpp - Rule set assembly and human-facing names of findings -----------------===//
#include "server/engine.h"

#include "detectors/rule_loader.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace secretls::server {

namespace {

// The words of a name: "Twitter / X" -> {"twitter", "x"}, "X (Twitter)" -> {"x", "twitter"}.
std::vector<std::string> words_of(std::string_view name) {
    std::vector<std::string> words(1);
    for (char c : name) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            words.back() += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        else if (!words.back().empty())
            words.emplace_back();
    }
    if (words.back().empty())
        words.pop_back();
    return words;
}

// How many of the provider's last words the title starts with ("Vault" of "HashiCorp Vault"
// in "Vault service token"): 0 when none. Both as words_of() gives them.
size_t provider_words_repeated(const std::vector<std::string>& p,
                               const std::vector<std::string>& t) {
    for (size_t n = std::min(p.size(), t.size()); n > 0; --n)
        if (std::equal(p.end() - static_cast<ptrdiff_t>(n), p.end(), t.begin()))
            return n;
    return 0;
}

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
    if (rule.title.empty())
        return rule.provider.empty() ? rule.id : rule.provider;
    // "Generic" names no provider: "Hard-coded password", not "Generic Hard-coded password".
    if (rule.provider.empty() || rule.provider == "Generic" ||
        rule.title.starts_with(rule.provider))
        return rule.title;
    // A title that names every word of the provider stands alone ("X (Twitter) API key" of
    // "Twitter / X"); one that starts with its last words shares them ("HashiCorp Vault" +
    // "Vault batch token" -> "HashiCorp Vault batch token").
    const std::vector<std::string> title_words = words_of(rule.title);
    const std::vector<std::string> provider_words = words_of(rule.provider);
    if (std::all_of(provider_words.begin(), provider_words.end(), [&](const std::string& w) {
            return std::find(title_words.begin(), title_words.end(), w) != title_words.end();
        }))
        return rule.title;
    if (const size_t shared = provider_words_repeated(provider_words, title_words); shared > 0) {
        // Keep the provider up to its shared words, then the whole title.
        std::string_view provider = rule.provider;
        for (size_t i = 0; i < shared; ++i) {
            provider = provider.substr(0, provider.find_last_not_of(' ') + 1);
            provider = provider.substr(0, provider.find_last_of(' ') + 1);
        }
        return std::string(provider) + rule.title;
    }
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

//===--- config.cpp - Workspace configuration: .secretls.toml, .gitleaks.toml, ignores ----===//
#include "detectors/config.h"

#include "detectors/rule_loader.h"
#include "detectors/sha256.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <re2/re2.h>
#include <sstream>
#include <toml++/toml.h>

namespace secretls::detectors {
namespace {

constexpr int kGitleaksMultiLineSpan = 100; // lines a (?s)/[\s\S] gitleaks rule may span

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string where(std::string_view source, const toml::node& node) {
    return std::string(source) + ":" + std::to_string(node.source().begin.line);
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trim(std::string_view s) {
    const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    return std::string(s);
}

// Reads an array of strings; a wrong type is reported and yields what could be read.
std::vector<std::string> strings_of(const toml::table& table, std::string_view key,
                                    std::string_view context, std::vector<std::string>& errors) {
    std::vector<std::string> out;
    const toml::node* node = table.get(key);
    if (!node)
        return out;
    const toml::array* array = node->as_array();
    if (!array) {
        errors.push_back(std::string(context) + ": '" + std::string(key) +
                         "' must be an array of strings");
        return out;
    }
    for (const toml::node& item : *array) {
        if (auto value = item.value<std::string>(); value && item.is_string())
            out.push_back(*value);
        else
            errors.push_back(std::string(context) + ": '" + std::string(key) +
                             "' must hold strings only");
    }
    return out;
}

std::shared_ptr<const RE2> compile_or_report(const std::string& pattern, std::string_view context,
                                             std::vector<std::string>& errors) {
    RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_shared<const RE2>(pattern, options);
    if (re->ok())
        return re;
    errors.push_back(std::string(context) + ": regex '" + pattern +
                     "' does not compile: " + re->error());
    return nullptr;
}

// One allowlist table, in gitleaks' spelling (which .secretls.toml shares where it can).
Allowlist read_allowlist(const toml::table& table, std::string_view context, std::string source,
                         std::vector<std::string>& errors, bool go_syntax) {
    Allowlist list;
    list.source = std::move(source);
    if (auto d = table["description"].value<std::string>())
        list.description = *d;
    auto translate = [&](std::vector<std::string> patterns) {
        if (go_syntax)
            for (std::string& p : patterns)
                p = translate_go_regex(p);
        return patterns;
    };
    list.paths = translate(strings_of(table, "paths", context, errors));
    list.regexes = translate(strings_of(table, "regexes", context, errors));
    list.stopwords = strings_of(table, "stopwords", context, errors);
    list.rule_ids = strings_of(table, go_syntax ? "targetRules" : "rules", context, errors);
    const std::string target =
        lower(table[go_syntax ? "regexTarget" : "target"].value_or(std::string("secret")));
    if (target == "match")
        list.regex_target = Allowlist::Target::Match;
    else if (target == "line")
        list.regex_target = Allowlist::Target::Line;
    else if (target != "secret")
        errors.push_back(std::string(context) + ": unknown regex target '" + target +
                         "' (secret, match or line)");
    const std::string condition = lower(table["condition"].value_or(std::string("or")));
    list.require_all = condition == "and";
    for (const std::string& p : list.paths)
        if (auto re = compile_or_report(p, context, errors))
            list.compiled_paths.push_back(re);
    for (const std::string& p : list.regexes)
        if (auto re = compile_or_report(p, context, errors))
            list.compiled_regexes.push_back(re);
    return list;
}

// [allowlist] (one table) and [[allowlists]] (an array) under `table`.
void read_allowlists(const toml::table& table, std::string_view single, std::string_view many,
                     std::string_view source, std::vector<std::string> rule_ids,
                     WorkspaceConfig& config, bool go_syntax) {
    auto add = [&](const toml::table& t) {
        Allowlist list =
            read_allowlist(t, where(source, t), std::string(source), config.errors, go_syntax);
        if (!rule_ids.empty())
            list.rule_ids = rule_ids;
        config.allowlists.push_back(std::move(list));
    };
    if (const toml::table* t = table[single].as_table())
        add(*t);
    if (const toml::array* a = table[many].as_array())
        for (const toml::node& node : *a)
            if (const toml::table* t = node.as_table())
                add(*t);
}

std::optional<toml::table> parse_or_report(std::string_view text, std::string_view source,
                                           WorkspaceConfig& config) {
    try {
        return toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        config.errors.push_back(std::string(source) + ":" + std::to_string(e.source().begin.line) +
                                ": TOML syntax error: " + std::string(e.description()));
        return std::nullopt;
    }
}

// A gitleaks regex that can cross lines ((?s), [\s\S], \n) gets a multi-line span.
int span_of_gitleaks_regex(std::string_view regex) {
    for (std::string_view marker : {"(?s", "[\\s\\S", "\\n", "-----BEGIN"})
        if (regex.find(marker) != std::string_view::npos)
            return kGitleaksMultiLineSpan;
    return 1;
}

void read_gitleaks_rule(const toml::table& table, std::string_view source,
                        WorkspaceConfig& config) {
    ++config.gitleaks_rules_total;
    const std::string context = where(source, table);
    Rule rule;
    rule.id = table["id"].value_or(std::string());
    rule.description = table["description"].value_or(std::string());
    rule.title = rule.description.empty() ? rule.id : rule.description;
    rule.provider = "gitleaks configuration";
    rule.origin = std::string(source);
    rule.severity = Severity::Warning;
    rule.priority = -1; // built-in rules (with remediation text) win overlaps
    const std::string go_regex = table["regex"].value_or(std::string());
    if (go_regex.empty()) {
        config.errors.push_back(context + ": gitleaks rule '" + rule.id +
                                "': rules without a regex (file-name rules) are not supported");
        return;
    }
    rule.regex = translate_go_regex(go_regex);
    rule.max_lines = span_of_gitleaks_regex(rule.regex);
    rule.min_entropy = table["entropy"].value_or(0.0);
    for (const std::string& k : strings_of(table, "keywords", context, config.errors))
        rule.keywords.push_back(lower(k));
    if (auto path = table["path"].value<std::string>())
        rule.path_regexes.push_back(translate_go_regex(*path));
    // gitleaks: secretGroup 0 means "the first non-empty group, if the regex has groups".
    const int64_t group = table["secretGroup"].value_or(int64_t{0});
    RE2 probe(rule.regex, RE2::Quiet);
    rule.secret_group = static_cast<int>(group);
    if (group == 0 && probe.ok() && probe.NumberOfCapturingGroups() > 0)
        rule.secret_group = -1;
    std::vector<std::string> problems = validate_rule(rule);
    if (!problems.empty()) {
        for (const std::string& p : problems)
            config.errors.push_back(context + ": gitleaks rule '" + rule.id + "': " + p);
        return;
    }
    read_allowlists(table, "allowlist", "allowlists", source, {rule.id}, config, true);
    config.extra_rules.push_back(std::move(rule));
    ++config.gitleaks_rules_loaded;
}

bool any_match(const std::vector<std::shared_ptr<const RE2>>& regexes, std::string_view text) {
    return std::any_of(regexes.begin(), regexes.end(),
                       [&](const auto& re) { return RE2::PartialMatch(text, *re); });
}

bool allowlist_matches(const Allowlist& list, const SuppressionQuery& q) {
    if (!list.rule_ids.empty() &&
        std::find(list.rule_ids.begin(), list.rule_ids.end(), q.rule_id) == list.rule_ids.end())
        return false;
    std::vector<bool> results;
    if (!list.compiled_paths.empty())
        results.push_back(any_match(list.compiled_paths, q.relative_path));
    if (!list.compiled_regexes.empty()) {
        std::string_view target = list.regex_target == Allowlist::Target::Match  ? q.match
                                  : list.regex_target == Allowlist::Target::Line ? q.line_text
                                                                                 : q.secret;
        results.push_back(any_match(list.compiled_regexes, target));
    }
    if (!list.stopwords.empty()) {
        const std::string secret = lower(q.secret);
        results.push_back(
            std::any_of(list.stopwords.begin(), list.stopwords.end(), [&](const std::string& w) {
                return secret.find(lower(w)) != std::string::npos;
            }));
    }
    if (results.empty())
        return false;
    return list.require_all ? std::all_of(results.begin(), results.end(), [](bool b) { return b; })
                            : std::any_of(results.begin(), results.end(), [](bool b) { return b; });
}

std::string_view without_dot_slash(std::string_view path) {
    while (path.starts_with("./"))
        path.remove_prefix(2);
    return path;
}

// A top-level true/false setting; anything else is reported and leaves `out` as it was.
void read_bool(const toml::table& document, const char* key, std::string_view source, bool& out,
               std::vector<std::string>& errors) {
    const toml::node* node = document.get(key);
    if (!node)
        return;
    if (auto b = node->value<bool>())
        out = *b;
    else
        errors.push_back(where(source, *node) + ": '" + key + "' must be true or false");
}

bool is_commit_hash(std::string_view s) {
    return s.size() == 40 && std::all_of(s.begin(), s.end(), [](char c) {
               return std::isxdigit(static_cast<unsigned char>(c)) != 0;
           });
}

} // namespace

std::string translate_go_regex(std::string_view go_regex) {
    std::string out;
    out.reserve(go_regex.size());
    for (size_t i = 0; i < go_regex.size(); ++i) {
        // Go 1.22 accepts "(?<name>"; RE2 (2022) only "(?P<name>".
        if (go_regex.substr(i).starts_with("(?<") && i + 3 < go_regex.size() &&
            go_regex[i + 3] != '=' && go_regex[i + 3] != '!' &&
            (i == 0 || go_regex[i - 1] != '\\')) {
            out += "(?P<";
            i += 2;
            continue;
        }
        out.push_back(go_regex[i]);
    }
    return out;
}

void read_secretls_toml(std::string_view text, std::string_view source, WorkspaceConfig& config) {
    auto document = parse_or_report(text, source, config);
    if (!document)
        return;
    for (const auto& [key, value] : *document) {
        const std::string_view k = key.str();
        if (k != "rule" && k != "disabled" && k != "builtin" && k != "allowlist" &&
            k != "allowlists" && k != "skip_dependencies")
            config.errors.push_back(where(source, value) + ": unknown setting '" + std::string(k) +
                                    "' (expected builtin, disabled, skip_dependencies, "
                                    "allowlist, rule)");
    }
    read_bool(*document, "builtin", source, config.use_builtin, config.errors);
    read_bool(*document, "skip_dependencies", source, config.skip_dependencies, config.errors);
    for (const std::string& id :
         strings_of(*document, "disabled", std::string(source), config.errors))
        config.disabled_rules.push_back(id);
    read_allowlists(*document, "allowlist", "allowlists", source, {}, config, false);
    RuleLoadResult rules = load_rules_toml(text, source, source, TopLevel::RulesAndOtherKeys);
    config.errors.insert(config.errors.end(), rules.errors.begin(), rules.errors.end());
    for (Rule& rule : rules.rules)
        config.extra_rules.push_back(std::move(rule));
}

void read_gitleaks_toml(std::string_view text, std::string_view source, WorkspaceConfig& config) {
    auto document = parse_or_report(text, source, config);
    if (!document)
        return;
    if (const toml::table* extend = (*document)["extend"].as_table())
        for (const std::string& id :
             strings_of(*extend, "disabledRules", std::string(source), config.errors))
            config.disabled_rules.push_back(id);
    read_allowlists(*document, "allowlist", "allowlists", source, {}, config, true);
    if (const toml::array* rules = (*document)["rules"].as_array())
        for (const toml::node& node : *rules)
            if (const toml::table* table = node.as_table())
                read_gitleaks_rule(*table, source, config);
}

void read_gitleaksignore(std::string_view text, std::string_view source, WorkspaceConfig& config) {
    std::istringstream lines{std::string(text)};
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
        ++number;
        line = trim(line);
        if (line.empty() || line.starts_with('#'))
            continue;
        // path may itself hold ':'; the last two fields are rule id and line number.
        const size_t last = line.rfind(':');
        const size_t before = last == std::string::npos ? last : line.rfind(':', last - 1);
        int line_number = 0;
        const std::string_view digits = std::string_view(line).substr(last + 1);
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), line_number);
        if (before == std::string::npos || before == 0 || ec != std::errc() ||
            end != digits.data() + digits.size()) {
            config.errors.push_back(std::string(source) + ":" + std::to_string(number) +
                                    ": expected file:rule-id:line or commit:file:rule-id:line");
            continue;
        }
        GitleaksIgnore entry;
        entry.line = line_number;
        entry.rule_id = line.substr(before + 1, last - before - 1);
        std::string_view path = std::string_view(line).substr(0, before);
        if (const size_t colon = path.find(':');
            colon != std::string_view::npos && is_commit_hash(path.substr(0, colon)))
            path.remove_prefix(colon + 1);
        entry.path = std::string(without_dot_slash(path));
        config.gitleaks_ignores.push_back(std::move(entry));
    }
}

void read_secretlsignore(std::string_view text, std::string_view source, WorkspaceConfig& config) {
    std::istringstream lines{std::string(text)};
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
        ++number;
        line = trim(line.substr(0, line.find('#')));
        if (line.empty())
            continue;
        const bool hex = std::all_of(line.begin(), line.end(), [](char c) {
            return std::isxdigit(static_cast<unsigned char>(c)) != 0;
        });
        if (!hex || line.size() < 16) {
            config.errors.push_back(std::string(source) + ":" + std::to_string(number) +
                                    ": expected a hex fingerprint (secretls prints them)");
            continue;
        }
        config.ignored_fingerprints.insert(lower(line));
    }
}

WorkspaceConfig load_workspace_config(const std::filesystem::path& root,
                                      const UnsavedFiles& unsaved) {
    WorkspaceConfig config;
    config.root = root;
    using Reader = void (*)(std::string_view, std::string_view, WorkspaceConfig&);
    const std::pair<const char*, Reader> files[] = {
        {".secretls.toml", read_secretls_toml},
        {".gitleaks.toml", read_gitleaks_toml},
        {".gitleaksignore", read_gitleaksignore},
        {".secretlsignore", read_secretlsignore},
    };
    for (const auto& [name, reader] : files) {
        const std::filesystem::path path = root / name;
        if (auto open = unsaved.find(path); open != unsaved.end()) {
            config.sources.push_back(path);
            reader(open->second, path.string(), config);
            continue;
        }
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec))
            continue;
        config.sources.push_back(path);
        reader(read_file(path), path.string(), config);
    }
    return config;
}

RuleList effective_rules(const RuleList& builtin, const WorkspaceConfig& config) {
    const std::set<std::string> disabled(config.disabled_rules.begin(),
                                         config.disabled_rules.end());
    std::map<std::string, size_t> index_of;
    RuleList rules;
    auto add = [&](const Rule& rule, bool replace) {
        if (disabled.contains(rule.id))
            return;
        if (auto it = index_of.find(rule.id); it != index_of.end()) {
            if (replace)
                rules[it->second] = rule;
            return;
        }
        index_of[rule.id] = rules.size();
        rules.push_back(rule);
    };
    if (config.use_builtin)
        for (const Rule& rule : builtin)
            add(rule, false);
    for (const Rule& rule : config.extra_rules) {
        const bool from_gitleaks = rule.origin.ends_with(".gitleaks.toml");
        add(rule, !from_gitleaks);
    }
    return rules;
}

std::string fingerprint(std::string_view rule_id, std::string_view secret) {
    std::string input(rule_id);
    input.push_back('\0');
    input.append(secret);
    return sha256_hex(input).substr(0, 32);
}

bool is_dependency_path(std::string_view relative_path) {
    // Each pattern below holds one of these: a scan asks for every file, and most paths are
    // ruled out by a few substring searches instead of the regex.
    static constexpr std::string_view kMarkers[] = {
        "node_modules/", "bower_components/", "jspm_packages/", "-packages/",
        ".dist-info/",   ".egg-info/",        "vendor/"};
    if (std::none_of(std::begin(kMarkers), std::end(kMarkers), [&](std::string_view marker) {
            return relative_path.find(marker) != std::string_view::npos;
        }))
        return false;
    // Folder names package managers own; "vendor/" alone is too often the project's own code,
    // so only the forms that hold third-party code (Bundler, Go modules by host) count.
    static const re2::RE2 dependency(
        R"((?:^|/)(?:node_modules|bower_components|jspm_packages|site-packages|dist-packages|)"
        R"([^/]+\.dist-info|[^/]+\.egg-info|vendor/bundle|)"
        R"(vendor/(?:github\.com|gitlab\.com|bitbucket\.org|golang\.org|google\.golang\.org|)"
        R"(gopkg\.in|go\.uber\.org|go\.opentelemetry\.io|cloud\.google\.com|k8s\.io|)"
        R"(sigs\.k8s\.io))/)");
    return re2::RE2::PartialMatch(relative_path, dependency);
}

bool is_path_allowlisted(const WorkspaceConfig& config, std::string_view relative_path) {
    relative_path = without_dot_slash(relative_path);
    if (config.skip_dependencies && is_dependency_path(relative_path))
        return true;
    for (const Allowlist& list : config.allowlists) {
        // Only lists that say "this path, whatever the finding" skip a whole file.
        if (!list.rule_ids.empty() || list.compiled_paths.empty())
            continue;
        if (list.require_all && (!list.compiled_regexes.empty() || !list.stopwords.empty()))
            continue;
        if (any_match(list.compiled_paths, relative_path))
            return true;
    }
    return false;
}

bool is_suppressed(const WorkspaceConfig& config, const SuppressionQuery& query) {
    if (!config.ignored_fingerprints.empty() &&
        config.ignored_fingerprints.contains(fingerprint(query.rule_id, query.secret)))
        return true;
    const std::string_view path = without_dot_slash(query.relative_path);
    if (config.skip_dependencies && is_dependency_path(path))
        return true;
    for (const GitleaksIgnore& ignore : config.gitleaks_ignores)
        if (ignore.line == query.line && ignore.rule_id == query.rule_id && ignore.path == path)
            return true;
    SuppressionQuery normalized = query;
    normalized.relative_path = path;
    return std::any_of(config.allowlists.begin(), config.allowlists.end(),
                       [&](const Allowlist& list) { return allowlist_matches(list, normalized); });
}

bool is_suppressed(const WorkspaceConfig& config, const Scanner& scanner,
                   std::string_view relative_path, std::string_view text, const Finding& finding) {
    const size_t begin = std::min(finding.match.begin, text.size());
    SuppressionQuery q;
    q.relative_path = relative_path;
    q.rule_id = scanner.rules()[finding.rule_index].id;
    q.secret = text.substr(finding.secret.begin, finding.secret.end - finding.secret.begin);
    q.match = text.substr(finding.match.begin, finding.match.end - finding.match.begin);
    // Counting lines walks the text up to the finding: only a .gitleaksignore entry for this
    // file and rule needs the line number (counting for every finding of a long file was
    // quadratic), and a language server calls this on every edit of large documents.
    const std::string_view path = without_dot_slash(relative_path);
    if (std::any_of(config.gitleaks_ignores.begin(), config.gitleaks_ignores.end(),
                    [&](const GitleaksIgnore& ignore) {
                        return ignore.rule_id == q.rule_id && ignore.path == path;
                    }))
        q.line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + begin, '\n'));
    // Likewise the line's text, only for allowlists that match regexes against it: finding a
    // minified file's line bounds for each of its thousands of findings was quadratic.
    if (std::any_of(config.allowlists.begin(), config.allowlists.end(), [](const Allowlist& l) {
            return l.regex_target == Allowlist::Target::Line && !l.compiled_regexes.empty();
        })) {
        const size_t line_begin = text.rfind('\n', begin == 0 ? 0 : begin - 1);
        const size_t from =
            (line_begin == std::string_view::npos || begin == 0) ? 0 : line_begin + 1;
        const size_t to = std::min(text.find('\n', begin), text.size());
        q.line_text = text.substr(from, to - from);
    }
    return is_suppressed(config, q);
}

} // namespace secretls::detectors

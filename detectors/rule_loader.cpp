//===--- rule_loader.cpp - Rules from TOML (built-in, .secretls.toml) ---------------------===//
#include "detectors/rule_loader.h"

#include "detectors/precompiled.h"
#include "detectors/validators.h"

#include <fstream>
#include <map>
#include <re2/re2.h>
#include <set>
#include <sstream>
#include <toml++/toml.h>

namespace secretls::detectors {

extern const std::string_view kBuiltinRulesToml;

namespace {

// Every key a [[rule]] table may hold. Unknown keys are errors: a misspelt "entropy" would
// otherwise silently switch a filter off.
const std::set<std::string, std::less<>> kRuleKeys = {
    "id",      "provider",  "title",         "description", "keywords", "regex",     "secret_group",
    "entropy", "validator", "severity",      "max_lines",   "priority", "env",       "link",
    "grants",  "risk",      "revoke",        "check_usage", "allow",    "stopwords", "allow_paths",
    "paths",   "tests",     "context_lines", "prefilter"};

// Collects the errors of one rule table, each prefixed with its location.
class RuleReader {
public:
    RuleReader(const toml::table& table, std::string_view source, std::vector<std::string>& errors)
        : table_(table), source_(source), errors_(errors) {}

    void error(std::string_view field, std::string_view why) {
        std::ostringstream out;
        out << source_ << ":" << table_.source().begin.line << ": rule '"
            << (rule_id_.empty() ? "<no id>" : rule_id_) << "'";
        if (!field.empty())
            out << ": field '" << field << "'";
        out << ": " << why;
        errors_.push_back(out.str());
        ok_ = false;
    }

    void set_rule_id(std::string id) { rule_id_ = std::move(id); }
    bool ok() const { return ok_; }

    void read_string(std::string_view key, std::string& out) {
        const toml::node* node = table_.get(key);
        if (!node)
            return;
        if (auto value = node->value<std::string>())
            out = *value;
        else
            error(key, "must be a string");
    }

    void read_int(std::string_view key, int& out) {
        const toml::node* node = table_.get(key);
        if (!node)
            return;
        if (auto value = node->value<int64_t>(); value && node->is_integer())
            out = static_cast<int>(*value);
        else
            error(key, "must be an integer");
    }

    void read_double(std::string_view key, double& out) {
        const toml::node* node = table_.get(key);
        if (!node)
            return;
        if (auto value = node->value<double>(); value && node->is_number())
            out = *value;
        else
            error(key, "must be a number");
    }

    void read_strings(const toml::table& table, std::string_view key, std::string_view shown_key,
                      std::vector<std::string>& out) {
        const toml::node* node = table.get(key);
        if (!node)
            return;
        const toml::array* array = node->as_array();
        if (!array) {
            error(shown_key, "must be an array of strings");
            return;
        }
        for (const toml::node& item : *array) {
            if (auto value = item.value<std::string>(); value && item.is_string())
                out.push_back(*value);
            else
                error(shown_key, "must be an array of strings");
        }
    }
    void read_strings(std::string_view key, std::vector<std::string>& out) {
        read_strings(table_, key, key, out);
    }

    void read_tests(Rule& rule) {
        const toml::node* node = table_.get("tests");
        if (!node)
            return;
        const toml::table* tests = node->as_table();
        if (!tests) {
            error("tests", "must be a table with 'positive' and 'negative' arrays");
            return;
        }
        for (const auto& [key, value] : *tests) {
            (void)value;
            if (key.str() != "positive" && key.str() != "negative")
                error("tests." + std::string(key.str()),
                      "unknown key (expected positive, negative)");
        }
        read_strings(*tests, "positive", "tests.positive", rule.test_positive);
        read_strings(*tests, "negative", "tests.negative", rule.test_negative);
    }

    void check_unknown_keys() {
        for (const auto& [key, value] : table_) {
            (void)value;
            if (!kRuleKeys.contains(key.str()))
                error(key.str(), "unknown field (see detectors/rules/README.md)");
        }
    }

private:
    const toml::table& table_;
    std::string_view source_;
    std::vector<std::string>& errors_;
    std::string rule_id_;
    bool ok_ = true;
};

Rule read_rule(RuleReader& reader, std::string_view origin) {
    Rule rule;
    rule.origin = std::string(origin);
    reader.read_string("id", rule.id);
    reader.set_rule_id(rule.id);
    reader.check_unknown_keys();
    reader.read_string("provider", rule.provider);
    reader.read_string("title", rule.title);
    reader.read_string("description", rule.description);
    reader.read_strings("keywords", rule.keywords);
    reader.read_string("regex", rule.regex);
    reader.read_string("prefilter", rule.prefilter);
    reader.read_int("secret_group", rule.secret_group);
    reader.read_double("entropy", rule.min_entropy);
    reader.read_string("validator", rule.validator);
    std::string severity = "warning";
    reader.read_string("severity", severity);
    if (auto parsed = parse_severity(severity))
        rule.severity = *parsed;
    else
        reader.error("severity",
                     "unknown severity '" + severity + "' (expected error, warning, info or hint)");
    reader.read_int("max_lines", rule.max_lines);
    reader.read_int("context_lines", rule.context_lines);
    reader.read_int("priority", rule.priority);
    reader.read_string("env", rule.env_var);
    reader.read_string("link", rule.link);
    reader.read_string("grants", rule.grants);
    reader.read_string("risk", rule.risk);
    reader.read_strings("revoke", rule.revoke);
    reader.read_string("check_usage", rule.check_usage);
    reader.read_strings("allow", rule.allow_regexes);
    reader.read_strings("stopwords", rule.stopwords);
    reader.read_strings("allow_paths", rule.path_allow_regexes);
    reader.read_strings("paths", rule.path_regexes);
    reader.read_tests(rule);
    // Keywords are matched against lower-cased text.
    for (std::string& keyword : rule.keywords)
        for (char& c : keyword)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return rule;
}

std::string regex_problem(std::string_view pattern) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_encoding(RE2::Options::EncodingLatin1);
    RE2 re(pattern, options);
    return re.ok() ? std::string() : re.error();
}

// Splits the embedded text back into its files (embed_rules.cmake writes "# ---- name ----"
// before each) so that errors name the file and one broken file does not hide the others.
std::vector<std::pair<std::string, std::string_view>> split_embedded_files(std::string_view all) {
    std::vector<std::pair<std::string, std::string_view>> files;
    constexpr std::string_view kMarker = "# ---- ";
    size_t pos = 0;
    std::string name = "builtin";
    size_t body_begin = 0;
    auto flush = [&](size_t end) {
        if (end > body_begin)
            files.emplace_back(name, all.substr(body_begin, end - body_begin));
    };
    while (pos < all.size()) {
        size_t line_end = all.find('\n', pos);
        if (line_end == std::string_view::npos)
            line_end = all.size();
        std::string_view line = all.substr(pos, line_end - pos);
        if (line.starts_with(kMarker) && line.ends_with(" ----")) {
            flush(pos);
            name = std::string(line.substr(kMarker.size(), line.size() - kMarker.size() - 5));
            body_begin = std::min(line_end + 1, all.size());
        }
        pos = line_end + 1;
    }
    flush(all.size());
    return files;
}

} // namespace

std::optional<Severity> parse_severity(std::string_view name) {
    if (name == "error")
        return Severity::Error;
    if (name == "warning")
        return Severity::Warning;
    if (name == "info")
        return Severity::Info;
    if (name == "hint")
        return Severity::Hint;
    return std::nullopt;
}

std::string_view severity_name(Severity severity) {
    switch (severity) {
    case Severity::Error:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Info:
        return "info";
    case Severity::Hint:
        return "hint";
    }
    return "warning";
}

std::vector<std::string> validate_rule(const Rule& rule) {
    std::vector<std::string> problems;
    auto add = [&](std::string field, std::string why) {
        problems.push_back("field '" + field + "': " + why);
    };
    if (rule.id.empty())
        add("id", "missing");
    if (rule.regex.empty()) {
        add("regex", "missing");
    } else if (std::string why = regex_problem(rule.regex); !why.empty()) {
        add("regex", "does not compile: " + why);
    } else {
        RE2 re(rule.regex, RE2::Latin1);
        if (rule.secret_group < -1 || rule.secret_group > re.NumberOfCapturingGroups())
            add("secret_group", "group " + std::to_string(rule.secret_group) +
                                    " does not exist (the regex has " +
                                    std::to_string(re.NumberOfCapturingGroups()) + " groups)");
    }
    if (!rule.prefilter.empty()) {
        if (std::string why = regex_problem(rule.prefilter); !why.empty())
            add("prefilter", "does not compile: " + why);
        else if (rule.max_lines != 1 || rule.context_lines != 0 || rule.keywords.empty())
            add("prefilter", "applies to single-line rules with keywords only (max_lines = 1, "
                             "no context_lines)");
    }
    if (!is_known_validator(rule.validator))
        add("validator", "unknown validator '" + rule.validator + "'");
    if (rule.max_lines < 1 || rule.max_lines > 1000)
        add("max_lines", "must be between 1 and 1000");
    if (rule.context_lines < 0 || rule.context_lines > kMaxContextLines)
        add("context_lines", "must be between 0 and " + std::to_string(kMaxContextLines));
    else if (rule.context_lines > 0 && rule.keywords.empty())
        add("context_lines", "needs keywords (it widens where a keyword may occur)");
    if (rule.min_entropy < 0 || rule.min_entropy > 8)
        add("entropy", "must be between 0 and 8 bits per character");
    for (const std::string& keyword : rule.keywords)
        if (keyword.empty() || keyword.find('\n') != std::string::npos)
            add("keywords", "keywords must be non-empty and on one line");
    for (const std::string& allow : rule.allow_regexes)
        if (std::string why = regex_problem(allow); !why.empty())
            add("allow", "'" + allow + "' does not compile: " + why);
    for (const std::string& path : rule.path_allow_regexes)
        if (std::string why = regex_problem(path); !why.empty())
            add("allow_paths", "'" + path + "' does not compile: " + why);
    for (const std::string& path : rule.path_regexes)
        if (std::string why = regex_problem(path); !why.empty())
            add("paths", "'" + path + "' does not compile: " + why);
    return problems;
}

RuleLoadResult load_rules_toml(std::string_view toml_text, std::string_view source_name,
                               std::string_view origin) {
    return load_rules_toml(toml_text, source_name, origin, TopLevel::OnlyRules);
}

RuleLoadResult load_rules_toml(std::string_view toml_text, std::string_view source_name,
                               std::string_view origin, TopLevel top_level) {
    RuleLoadResult result;
    toml::table document;
    try {
        document = toml::parse(toml_text, source_name);
    } catch (const toml::parse_error& e) {
        std::ostringstream out;
        out << source_name << ":" << e.source().begin.line << ":" << e.source().begin.column
            << ": TOML syntax error: " << e.description();
        result.errors.push_back(out.str());
        return result;
    }
    for (const auto& [key, value] : document) {
        (void)value;
        if (key.str() != "rule" && top_level == TopLevel::OnlyRules)
            result.errors.push_back(std::string(source_name) + ": unknown top-level key '" +
                                    std::string(key.str()) + "' (rules go in [[rule]] tables)");
    }
    const toml::node* rules_node = document.get("rule");
    if (!rules_node)
        return result;
    const toml::array* rules = rules_node->as_array();
    if (!rules) {
        result.errors.push_back(std::string(source_name) + ": 'rule' must be [[rule]] tables");
        return result;
    }
    std::set<std::string> seen_ids;
    for (const toml::node& node : *rules) {
        const toml::table* table = node.as_table();
        if (!table) {
            result.errors.push_back(std::string(source_name) + ": 'rule' must be [[rule]] tables");
            continue;
        }
        RuleReader reader(*table, source_name, result.errors);
        Rule rule = read_rule(reader, origin);
        for (const std::string& problem : validate_rule(rule))
            reader.error("", problem);
        if (!rule.id.empty() && !seen_ids.insert(rule.id).second)
            reader.error("id", "duplicate id");
        if (reader.ok())
            result.rules.push_back(std::move(rule));
    }
    return result;
}

RuleLoadResult load_rules_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return {{}, {path.string() + ": cannot read file"}};
    std::ostringstream text;
    text << in.rdbuf();
    return load_rules_toml(text.str(), path.string(), path.string());
}

namespace {

RuleLoadResult load_builtin() {
    RuleLoadResult all;
    std::map<std::string, std::string> file_of_id;
    for (const auto& [name, text] : split_embedded_files(kBuiltinRulesToml)) {
        RuleLoadResult file = load_rules_toml(text, "detectors/rules/" + name, "builtin");
        all.errors.insert(all.errors.end(), file.errors.begin(), file.errors.end());
        for (Rule& rule : file.rules) {
            // Ids must be unique across files too.
            if (auto [it, added] = file_of_id.emplace(rule.id, name); !added) {
                all.errors.push_back("detectors/rules/" + name + ": rule '" + rule.id +
                                     "': field 'id': duplicate id (already defined in " +
                                     it->second + ")");
                continue;
            }
            all.rules.push_back(std::move(rule));
        }
    }
    return all;
}

const RuleLoadResult& builtin() {
    static const RuleLoadResult loaded = load_builtin();
    return loaded;
}

} // namespace

RuleLoadResult builtin_rules_from_toml() {
    return load_builtin();
}

// The build-time bundle when linked in (fast), else the TOML (the generator's own path).
RuleList builtin_rules() {
    if (const PrecompiledBundle* bundle = linked_bundle())
        return bundle->rules;
    return builtin().rules;
}

const std::vector<std::string>& builtin_rule_errors() {
    if (const PrecompiledBundle* bundle = linked_bundle())
        return bundle->rule_errors;
    return builtin().errors;
}

} // namespace secretls::detectors

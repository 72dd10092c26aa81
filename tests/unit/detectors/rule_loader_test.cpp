//===--- rule_loader_test.cpp - Parsing and validating rule TOML --------------------------===//
#include "detectors/precompiled.h"
#include "test_support.h"

using namespace secretls::detectors;

namespace {

constexpr std::string_view kGoodRule = R"(
[[rule]]
id = "demo-key"
provider = "Demo"
title = "Demo key"
keywords = ["DEMO_"]
regex = '''\b(demo_[0-9a-f]{32})\b'''
secret_group = 1
entropy = 3.0
severity = "error"
max_lines = 1
priority = 5
env = "DEMO_KEY"
link = "https://example.invalid/keys"
grants = "g"
risk = "r"
revoke = ["one", "two"]
allow = ['''^demo_0+$''']
stopwords = ["sample"]
[rule.tests]
positive = ['x = "⟦demo_{hex:32}⟧"']
negative = ['demo_{hex:31}']
)";

bool any_error_contains(const RuleLoadResult& r, std::string_view needle) {
    for (const auto& e : r.errors)
        if (e.find(needle) != std::string::npos)
            return true;
    return false;
}

std::string with(std::string_view base, std::string_view from, std::string_view to) {
    std::string s(base);
    size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    s.replace(at, from.size(), to);
    return s;
}

} // namespace

TEST_CASE("a complete rule loads with every field", "[loader]") {
    RuleLoadResult r = load_rules_toml(kGoodRule, "good.toml", "test");
    REQUIRE(r.errors.empty());
    REQUIRE(r.rules.size() == 1);
    const Rule& rule = r.rules[0];
    CHECK(rule.id == "demo-key");
    CHECK(rule.keywords == std::vector<std::string>{"demo_"}); // lower-cased
    CHECK(rule.secret_group == 1);
    CHECK(rule.min_entropy == 3.0);
    CHECK(rule.severity == Severity::Error);
    CHECK(rule.priority == 5);
    CHECK(rule.env_var == "DEMO_KEY");
    CHECK(rule.revoke.size() == 2);
    CHECK(rule.allow_regexes.size() == 1);
    CHECK(rule.stopwords == std::vector<std::string>{"sample"});
    CHECK(rule.test_positive.size() == 1);
    CHECK(rule.test_negative.size() == 1);
    CHECK(rule.origin == "test");
    CHECK(rule.context_lines == 0); // the default: keywords in the match's own lines
    RuleLoadResult with_context =
        load_rules_toml(with(kGoodRule, "max_lines = 1", "context_lines = 3"), "c.toml", "test");
    REQUIRE(with_context.errors.empty());
    CHECK(with_context.rules.at(0).context_lines == 3);
    RuleLoadResult with_prefilter = load_rules_toml(
        with(kGoodRule, "max_lines = 1", "prefilter = '''demo_[0-9a-f]{32}'''"), "p.toml", "test");
    REQUIRE(with_prefilter.errors.empty());
    CHECK(with_prefilter.rules.at(0).prefilter == "demo_[0-9a-f]{32}");
}

TEST_CASE("bad rules are dropped with errors naming file, rule and field", "[loader]") {
    struct Case {
        std::string_view from, to, expect;
    };
    const Case cases[] = {
        {"regex = '''\\b(demo_[0-9a-f]{32})\\b'''", "regex = '''(unclosed'''", "field 'regex'"},
        {"secret_group = 1", "secret_group = 3", "field 'secret_group'"},
        {"severity = \"error\"", "severity = \"fatal\"", "field 'severity'"},
        {"entropy = 3.0", "entropy = \"high\"", "field 'entropy'"},
        {"priority = 5", "priorty = 5", "field 'priorty': unknown field"},
        {"env = \"DEMO_KEY\"", "validator = \"nope\"", "field 'validator'"},
        {"keywords = [\"DEMO_\"]", "keywords = \"DEMO_\"", "field 'keywords'"},
        {"allow = ['''^demo_0+$''']", "allow = ['''(''']", "field 'allow'"},
        {"max_lines = 1", "context_lines = 6", "field 'context_lines': must be between 0 and 5"},
        {"max_lines = 1", "context_lines = -1", "field 'context_lines'"},
        {"max_lines = 1", "context_lines = \"3\"", "field 'context_lines': must be an integer"},
        {"max_lines = 1", "context_lines = 2.5", "field 'context_lines': must be an integer"},
        {"keywords = [\"DEMO_\"]", "keywords = []\ncontext_lines = 3",
         "field 'context_lines': needs keywords"},
        {"max_lines = 1", "prefilter = '''(demo'''", "field 'prefilter': does not compile"},
        // A prefilter marks single lines, near a keyword.
        {"max_lines = 1", "max_lines = 2\nprefilter = '''demo'''",
         "field 'prefilter': applies to single-line rules with keywords only"},
        {"max_lines = 1", "context_lines = 1\nprefilter = '''demo'''",
         "field 'prefilter': applies to single-line rules"},
        {"keywords = [\"DEMO_\"]", "keywords = []\nprefilter = '''demo'''",
         "field 'prefilter': applies to single-line rules with keywords only"},
    };
    for (const Case& c : cases) {
        RuleLoadResult r = load_rules_toml(with(kGoodRule, c.from, c.to), "bad.toml", "test");
        INFO("change: " << c.to);
        CHECK(r.rules.empty());
        REQUIRE_FALSE(r.errors.empty());
        CHECK(any_error_contains(r, c.expect));
        CHECK(any_error_contains(r, "bad.toml:"));
        CHECK(any_error_contains(r, "rule 'demo-key'"));
    }
}

TEST_CASE("duplicate ids are refused, the first one stays", "[loader]") {
    std::string twice = std::string(kGoodRule) + std::string(kGoodRule);
    RuleLoadResult r = load_rules_toml(twice, "dup.toml", "test");
    CHECK(r.rules.size() == 1);
    CHECK(any_error_contains(r, "duplicate id"));
}

TEST_CASE("TOML syntax errors name the file and line", "[loader]") {
    RuleLoadResult r = load_rules_toml("[[rule]]\nid = \"x\nregex = 'a'\n", "broken.toml", "t");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].find("broken.toml:2") != std::string::npos);
}

TEST_CASE("an empty document has no rules and no errors", "[loader]") {
    RuleLoadResult r = load_rules_toml("", "empty.toml", "t");
    CHECK(r.rules.empty());
    CHECK(r.errors.empty());
}

TEST_CASE("built-in rules load without errors", "[loader][builtin]") {
    const auto& errors = builtin_rule_errors();
    for (const auto& e : errors)
        UNSCOPED_INFO(e);
    CHECK(errors.empty());
    RuleList rules = builtin_rules();
    Scanner scanner(rules);
    for (const auto& e : scanner.errors())
        UNSCOPED_INFO(e);
    CHECK(scanner.errors().empty());
    CHECK(scanner.rules().size() == rules.size());
}

TEST_CASE("severity names round-trip", "[loader]") {
    for (Severity s : {Severity::Error, Severity::Warning, Severity::Info, Severity::Hint})
        CHECK(parse_severity(severity_name(s)) == s);
    CHECK_FALSE(parse_severity("critical"));
}

TEST_CASE("the build-time bundle holds exactly the rules of the TOML files", "[loader][builtin]") {
    const PrecompiledBundle* bundle = linked_bundle();
    if (!bundle) {
        WARN("no precompiled bundle linked in");
        return;
    }
    RuleLoadResult parsed = builtin_rules_from_toml();
    PrecompiledBundle from_toml;
    from_toml.rules = parsed.rules;
    from_toml.rule_errors = parsed.errors;
    PrecompiledBundle linked;
    linked.rules = bundle->rules;
    linked.rule_errors = bundle->rule_errors;
    // Serialization covers every field: equal bytes, equal rules.
    CHECK(serialize_bundle(linked) == serialize_bundle(from_toml));
    // The scanner of the built-in rules uses the precompiled Hyperscan database.
    ScannerOptions options;
    options.engine = Engine::Hyperscan;
    Scanner scanner(builtin_rules(), options);
    CHECK(scanner.stats().precompiled_database);
    CHECK(scanner.stats().rules_in_fast_path > 0);
}

TEST_CASE("bundles round-trip and reject garbage", "[loader]") {
    PrecompiledBundle b;
    b.rules.push_back(Rule{});
    b.rules[0].id = "x";
    b.rules[0].keywords = {"a", "b"};
    b.rules[0].min_entropy = 3.25;
    b.rules[0].severity = Severity::Info;
    b.rules[0].context_lines = 4;
    b.regex_patterns = {"p", ""};
    b.regex_database = std::string("\0\1\2", 3);
    const std::string bytes = serialize_bundle(b);
    auto back = deserialize_bundle(bytes);
    REQUIRE(back);
    CHECK(serialize_bundle(*back) == bytes);
    CHECK(back->rules[0].min_entropy == 3.25);
    CHECK(back->rules[0].context_lines == 4);
    CHECK_FALSE(deserialize_bundle("garbage"));
    CHECK_FALSE(deserialize_bundle(bytes.substr(0, bytes.size() - 1)));
}

//===--- rule_templates_test.cpp - Every built-in rule against its own generated cases ----===//
//
// For every built-in rule: the required fields are present, and each tests.positive /
// tests.negative template (detectors/rules/README.md) is expanded with fresh random
// characters and scanned with ALL built-in rules:
//   positive -> a finding of this rule whose secret is exactly the marked part;
//   negative -> no finding of this rule.
// Failure messages name the rule, the template, the seed and what went wrong, and show
// generated secrets masked only.
//
//===--------------------------------------------------------------------------------------===//
#include "detectors/filters.h"
#include "detectors/templates.h"
#include "test_support.h"

#include <re2/re2.h>
#include <sstream>

using namespace secretls::detectors;
using namespace secretls::detectors::testing;

namespace {

const Scanner& builtin_scanner() {
    static const Scanner s(builtin_rules());
    return s;
}

// "rule-a(…1f2e), rule-b(…9a0b)": what the scanner reported, masked.
std::string describe(std::string_view text, const std::vector<Finding>& findings) {
    std::ostringstream out;
    for (const Finding& f : findings) {
        out << builtin_scanner().rules()[f.rule_index].id << "("
            << mask_secret(text.substr(f.secret.begin, f.secret.end - f.secret.begin))
            << " at bytes " << f.secret.begin << "-" << f.secret.end << ") ";
    }
    return findings.empty() ? "no findings" : out.str();
}

// Names the filters that reject a secret the regex matched.
std::string which_filter(const Rule& rule, std::string_view text, std::string_view secret) {
    std::string out;
    std::string lowered(text);
    for (char& c : lowered)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool keyword = rule.keywords.empty();
    for (const auto& k : rule.keywords)
        keyword = keyword || lowered.find(k) != std::string::npos;
    if (!keyword)
        out += "no keyword on the line; ";
    if (shannon_entropy(secret) < rule.min_entropy)
        out += "entropy " + std::to_string(shannon_entropy(secret)) + " < " +
               std::to_string(rule.min_entropy) + "; ";
    if (!validate_secret(rule.validator, secret))
        out += "validator " + rule.validator + " rejects it; ";
    for (const auto& allow : rule.allow_regexes)
        if (RE2::PartialMatch(secret, RE2(allow, RE2::Latin1)))
            out += "allow '" + allow + "'; ";
    std::string lowered_secret(secret);
    for (char& c : lowered_secret)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& stop : rule.stopwords)
        if (lowered_secret.find(stop) != std::string::npos)
            out += "stopword '" + stop + "'; ";
    return out.empty() ? "a filter" : out;
}

// Why a rule missed a positive: another rule, a shared filter, its own filters, its regex?
std::string diagnose_miss(size_t rule_index, const ExpandedTemplate& t, std::string_view expected) {
    const Rule& rule = builtin_scanner().rules()[rule_index];
    if (!Scanner(RuleList{rule}).scan(t.text).empty())
        return "alone, the rule does find it: a higher-priority rule overlaps it";
    ScannerOptions unfiltered_options;
    unfiltered_options.filters = false;
    unfiltered_options.inline_ignores = false;
    if (!Scanner(RuleList{rule}, unfiltered_options).scan(t.text).empty()) {
        const size_t line_begin = t.text.rfind('\n', t.secret.begin) == std::string::npos
                                      ? 0
                                      : t.text.rfind('\n', t.secret.begin) + 1;
        FilterInput in;
        in.secret = expected;
        in.line_before = std::string_view(t.text).substr(line_begin, t.secret.begin - line_begin);
        in.line_after = std::string_view(t.text).substr(t.secret.end);
        in.strength = rule.severity == Severity::Info || rule.severity == Severity::Hint
                          ? FilterStrength::Generic
                          : FilterStrength::Provider;
        std::string reason(not_a_secret_reason(in));
        return "the shared false-positive filters (detectors/filters.cpp) drop it: " +
               (reason.empty() ? std::string("an inline ignore marker") : reason);
    }
    Rule bare = rule;
    bare.min_entropy = 0;
    bare.validator.clear();
    bare.allow_regexes.clear();
    bare.stopwords.clear();
    bare.keywords.clear();
    if (!Scanner(RuleList{bare}, unfiltered_options).scan(t.text).empty())
        return "the regex matches; the rule's own filters drop it: " +
               which_filter(rule, t.text, expected);
    return "the regex itself does not match the expanded line";
}

// A random body can happen to form another provider's token (an alnum-40 body starting
// with "YC" is a Yandex Cloud secret): the secret is still reported, by the more specific
// rule that wins on priority. That is not a miss when this rule, alone, finds it too.
bool claimed_by_higher_priority_rule(size_t rule_index, const ExpandedTemplate& t,
                                     const std::vector<Finding>& findings) {
    const bool claimed = std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
        return f.rule_index != rule_index && f.secret == t.secret;
    });
    if (!claimed)
        return false;
    const auto alone = Scanner(RuleList{builtin_scanner().rules()[rule_index]}).scan(t.text);
    return std::any_of(alone.begin(), alone.end(),
                       [&](const Finding& f) { return f.secret == t.secret; });
}

// Runs each template a few times: fresh random bodies, so rare alphabets show up.
constexpr int kRunsPerTemplate = 3;
// Draws allowed for one run when earlier draws missed by chance (see chance_miss).
constexpr int kDrawsPerRun = 5;

// A miss that depends on the drawn value, not on the rule: the rule alone finds exactly the
// secret once its value filters (entropy floor, allow list, stopwords, the shared filters)
// are off. Floors sit at the tail of what random bodies reach (the entropy-floor test keeps
// them there), a random body can spell "1234" or a placeholder word, and a long base64 body
// can hold another provider's keyword; a real key of that rare shape is not reported either,
// by design. Such a draw is replaced; a rule that misses every draw still fails.
bool chance_miss(size_t rule_index, const ExpandedTemplate& t) {
    Rule bare = builtin_scanner().rules()[rule_index];
    bare.min_entropy = 0;
    bare.allow_regexes.clear();
    bare.stopwords.clear();
    ScannerOptions unfiltered;
    unfiltered.filters = false;
    const auto alone = Scanner(RuleList{bare}, unfiltered).scan(t.text);
    return std::any_of(alone.begin(), alone.end(),
                       [&](const Finding& f) { return f.secret == t.secret; });
}

std::string check_positive_once(size_t rule_index, const ExpandedTemplate& t);

// Returns "" when the positive template behaves, else why not. `chance_misses` counts the
// draws replaced because they missed by chance.
std::string check_positive(size_t rule_index, const std::string& templ, std::mt19937_64& rng,
                           size_t& chance_misses) {
    std::string why;
    for (int draw = 0; draw < kDrawsPerRun; ++draw) {
        ExpandedTemplate t = expand_template(templ, rng);
        if (!t.error.empty())
            return "malformed template: " + t.error;
        why = check_positive_once(rule_index, t);
        if (why.empty() || !chance_miss(rule_index, t))
            return why;
        ++chance_misses;
    }
    return why + " [every draw missed]";
}

std::string check_positive_once(size_t rule_index, const ExpandedTemplate& t) {
    const auto findings = builtin_scanner().scan(t.text);
    const std::string_view expected =
        std::string_view(t.text).substr(t.secret.begin, t.secret.end - t.secret.begin);
    bool rule_found = false;
    for (const Finding& f : findings) {
        if (f.rule_index != rule_index)
            continue;
        rule_found = true;
        if (f.secret == t.secret)
            return "";
    }
    if (!rule_found && claimed_by_higher_priority_rule(rule_index, t, findings))
        return "";
    std::ostringstream why;
    why << (rule_found ? "the rule reported a different secret range" : "the rule reported nothing")
        << "; expected secret " << mask_secret(expected) << " at bytes " << t.secret.begin << "-"
        << t.secret.end << "; scanner reported: " << describe(t.text, findings);
    if (!rule_found)
        why << " (" << diagnose_miss(rule_index, t, expected) << ")";
    return why.str();
}

// Whether the rule's keyword came from a random body rather than from the template's own
// text: a 128-character base64 body spells "yelp" now and then, and a provider-name rule
// then sees its provider named next to a token, as it would in a real file.
bool keyword_drawn_by_chance(size_t rule_index, const std::string& templ,
                             const ExpandedTemplate& t) {
    const Rule& rule = builtin_scanner().rules()[rule_index];
    auto lower = [](std::string s) {
        for (char& c : s)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    const std::string in_template = lower(templ), in_text = lower(t.text);
    return std::any_of(rule.keywords.begin(), rule.keywords.end(), [&](const std::string& k) {
        return in_text.find(lower(k)) != std::string::npos &&
               in_template.find(lower(k)) == std::string::npos;
    });
}

std::string check_negative(size_t rule_index, const std::string& templ, std::mt19937_64& rng) {
    std::string why;
    for (int draw = 0; draw < kDrawsPerRun; ++draw) {
        ExpandedTemplate t = expand_template(templ, rng);
        if (!t.error.empty())
            return "malformed template: " + t.error;
        const auto findings = builtin_scanner().scan(t.text);
        const bool reported = std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
            return f.rule_index == rule_index;
        });
        if (!reported)
            return "";
        why = "negative case was reported: " + describe(t.text, findings);
        if (!keyword_drawn_by_chance(rule_index, templ, t))
            return why;
    }
    return why + " [every draw was reported]";
}

} // namespace

TEST_CASE("every built-in rule has the required fields", "[rules][builtin]") {
    for (const Rule& rule : builtin_scanner().rules()) {
        std::vector<std::string> missing;
        auto need = [&](bool ok, const char* field) {
            if (!ok)
                missing.push_back(field);
        };
        need(!rule.id.empty(), "id");
        need(!rule.provider.empty(), "provider");
        need(!rule.title.empty(), "title");
        // Generic rules (severity info) may run everywhere; provider rules need keywords.
        need(!rule.keywords.empty() || rule.severity == Severity::Info, "keywords");
        need(!rule.regex.empty(), "regex");
        need(!rule.env_var.empty(), "env");
        need(rule.link.starts_with("https://"), "link (https://...)");
        need(!rule.grants.empty(), "grants");
        need(!rule.risk.empty(), "risk");
        need(rule.revoke.size() >= 2, "revoke (at least 2 steps)");
        need(!rule.test_positive.empty(), "tests.positive (at least 1)");
        need(!rule.test_negative.empty(), "tests.negative (at least 1)");
        std::string list;
        for (const auto& m : missing)
            list += m + ", ";
        INFO("rule '" << rule.id << "' is missing: " << list);
        CHECK(missing.empty());
    }
}

TEST_CASE("every built-in rule finds its positives and not its negatives", "[rules][builtin]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed << " (SECRETLS_TEST_SEED=" << seed << " replays this run)");
    std::mt19937_64 rng(seed);
    const RuleList& rules = builtin_scanner().rules();
    size_t checked = 0, chance_misses = 0;
    for (size_t i = 0; i < rules.size(); ++i) {
        for (const std::string& templ : rules[i].test_positive) {
            for (int run = 0; run < kRunsPerTemplate; ++run, ++checked) {
                std::string why = check_positive(i, templ, rng, chance_misses);
                INFO("rule '" << rules[i].id << "' positive template: " << templ);
                CHECK(why == "");
                if (!why.empty())
                    break;
            }
        }
        for (const std::string& templ : rules[i].test_negative) {
            for (int run = 0; run < kRunsPerTemplate; ++run, ++checked) {
                std::string why = check_negative(i, templ, rng);
                INFO("rule '" << rules[i].id << "' negative template: " << templ);
                CHECK(why == "");
                if (!why.empty())
                    break;
            }
        }
    }
    // With rules present, templates must exist (the required-fields test names the culprits).
    CHECK((rules.empty() || checked > 0));
    // Chance misses stay rare (about 1 in 10,000 draws): many would mean a floor or filter
    // that drops ordinary values of the format.
    INFO(chance_misses << " of " << checked << " positive draws missed by chance");
    CHECK(chance_misses * 200 <= checked);
}

TEST_CASE("template expansion", "[rules][templates]") {
    std::mt19937_64 rng(test_seed());
    ExpandedTemplate t = expand_template("X = \"\u27E6key-{hex:32}\u27E7\"", rng);
    REQUIRE(t.error.empty());
    CHECK(t.marked);
    CHECK(t.text.size() == std::string("X = \"key-\"").size() + 32);
    CHECK(t.secret == ByteRange{5, 5 + 36});
    for (size_t i = 9; i < 41; ++i)
        CHECK(std::string_view("0123456789abcdef").find(t.text[i]) != std::string_view::npos);

    ExpandedTemplate gh = expand_template("ghp_{b62crc:30}", rng);
    CHECK(gh.text.size() == 40);
    CHECK(validate_secret("github-crc32", gh.text));
    CHECK(gh.secret == ByteRange{0, 40}); // no markers: the whole line

    ExpandedTemplate uuid = expand_template("{uuid}", rng);
    CHECK(uuid.text.size() == 36);
    CHECK(uuid.text[14] == '4');

    // Braces that are not placeholders are literal text.
    CHECK(expand_template("${VAR} {{ .Values.x }} {a:b}", rng).text ==
          "${VAR} {{ .Values.x }} {a:b}");
    CHECK_FALSE(expand_template("{hexx:3}", rng).error.empty());
    CHECK_FALSE(expand_template("\u27E6abc", rng).error.empty());
    for (auto kind : {"HEX", "digits", "lower", "upper", "alnum", "lalnum", "ualnum", "base64",
                      "base64url", "base32"}) {
        ExpandedTemplate e = expand_template(std::string("{") + kind + ":20}", rng);
        CHECK(e.error.empty());
        CHECK(e.text.size() == 20);
    }
}

// A floor within a hair of what random bodies of the format reach makes the rule miss some
// real keys, and makes the template test above fail on rare seeds. Every positive template
// of a rule with an entropy floor is expanded kEntropySamples times, seeded from the rule id
// and template (deterministic, and independent of the other rules); the lowest entropy seen
// must stay kEntropyMargin bits above the floor. A failure prints the floor to use instead.
TEST_CASE("entropy floors stay clearly below what random bodies reach", "[rules][builtin]") {
    constexpr int kEntropySamples = 2000;
    constexpr double kEntropyMargin = 0.05;
    for (const Rule& rule : builtin_scanner().rules()) {
        if (rule.min_entropy <= 0)
            continue;
        for (const std::string& templ : rule.test_positive) {
            std::mt19937_64 rng(std::hash<std::string>{}(rule.id + "\n" + templ));
            double lowest = 1e9;
            for (int i = 0; i < kEntropySamples; ++i) {
                const ExpandedTemplate t = expand_template(templ, rng);
                lowest = std::min(lowest, shannon_entropy(std::string_view(t.text).substr(
                                              t.secret.begin, t.secret.end - t.secret.begin)));
            }
            INFO("rule '" << rule.id << "' template " << templ << ": floor " << rule.min_entropy
                          << ", lowest of " << kEntropySamples << " random bodies " << lowest
                          << "; use a floor at most " << lowest - 0.2);
            CHECK(lowest - rule.min_entropy >= kEntropyMargin);
        }
    }
}

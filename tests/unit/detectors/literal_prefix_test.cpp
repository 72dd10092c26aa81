//===--- literal_prefix_test.cpp - The literal every match of a regex starts with ---------===//
//
// required_literal_prefix() lets the scanner skip the start lines of a multi-line rule that
// cannot begin a match; a wrong non-empty answer would lose findings, so it must refuse
// whenever it cannot be sure.
//
//===--------------------------------------------------------------------------------------===//
#include "detectors/hyperscan_prefilter.h"
#include "detectors/templates.h"
#include "test_support.h"

#include <re2/re2.h>

using namespace secretls::detectors;
using namespace secretls::detectors::testing;

TEST_CASE("the literal prefix of a regex, or nothing when unsure", "[regex][prefix]") {
    struct Case {
        std::string_view regex, prefix;
    };
    const Case cases[] = {
        {R"((-----BEGIN RSA PRIVATE KEY-----[A-Za-z0-9+/=\s]{64,}?-----END RSA PRIVATE KEY-----))",
         "-----BEGIN RSA PRIVATE KEY-----"},
        {R"(\b(ghp_[0-9A-Za-z]{36})\b)", "ghp_"},
        {R"((?P<key>tok_)[a-f]+)", "tok_"},
        {R"(PuTTY-User-Key-File-[23]: \S+)", "PuTTY-User-Key-File-"},
        {R"(\.env\b)", ".env"},
        {R"((x(?:y|z)))", "x"},  // the alternative is inside a later group
        {R"(ab+c)", "a"},        // a repeated character ends the literal
        {R"(abc?d)", "ab"},      // an optional one too
        {R"(abc|def)", ""},      // an alternative at the top
        {R"((?:abc|abd)x)", ""}, // ... or in a group around the literal
        {R"((abc)?def)", ""},    // a group around it that may be skipped
        {R"((abc){0,2}def)", ""},
        {R"((?i)abc)", ""}, // case-insensitive
        {R"((?i:abc)def)", ""},
        {R"([ab]cd)", ""}, // a class first
        {R"(a{2}b)", ""},
        {R"(\d+abc)", ""},
        {R"((a[|]b)c)", "a"},  // a '|' inside a class is no alternative
        {R"((a\|b)c)", "a|b"}, // ... nor an escaped one
    };
    for (const Case& c : cases) {
        INFO("regex " << c.regex);
        CHECK(required_literal_prefix(c.regex) == c.prefix);
    }
}

TEST_CASE("every match of a built-in rule starts with its literal prefix", "[regex][prefix]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    size_t checked = 0;
    for (const Rule& rule : builtin_rules()) {
        const std::string prefix = required_literal_prefix(rule.regex);
        if (prefix.empty())
            continue;
        RE2 regex(rule.regex, RE2::Latin1);
        REQUIRE(regex.ok());
        for (const std::string& templ : rule.test_positive) {
            const std::string text = expand_template(templ, rng).text;
            re2::StringPiece whole;
            size_t pos = 0;
            while (pos <= text.size() &&
                   regex.Match(text, pos, text.size(), RE2::UNANCHORED, &whole, 1)) {
                INFO(rule.id << " prefix '" << prefix << "'");
                CHECK(std::string_view(whole.data(), whole.size()).starts_with(prefix));
                ++checked;
                const size_t end = static_cast<size_t>(whole.data() - text.data()) + whole.size();
                pos = whole.empty() ? end + 1 : end;
            }
        }
    }
    CHECK(checked > 100);
}

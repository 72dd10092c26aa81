//===--- scanner_test.cpp - The engine on hand-made rules ---------------------------------===//
#include "detectors/filters.h"
#include "test_support.h"

using namespace secretls::detectors;
using namespace secretls::detectors::testing;

namespace {

// Small rules exercising each engine feature (not the built-in ones).
constexpr std::string_view kRules = R"(
[[rule]]
id = "gh-pat"
keywords = ["ghp_"]
regex = '''\b(ghp_[0-9A-Za-z]{36})\b'''
secret_group = 1
validator = "github-crc32"
severity = "error"
priority = 10

[[rule]]
id = "hex-key"
keywords = ["key-"]
regex = '''\b(key-[0-9a-f]{32})\b'''
secret_group = 1
entropy = 3.0
severity = "error"
priority = 10
allow = ['''^key-0+$''']
stopwords = ["deadbeef"]

[[rule]]
id = "generic-assign"
keywords = ["api_key", "token"]
regex = '''(?i)(?:api_key|token)\s*[:=]\s*["']?([A-Za-z0-9_\-]{20,})["']?'''
secret_group = 1
entropy = 3.0
severity = "info"

[[rule]]
id = "pem"
keywords = ["private key-----"]
regex = '''-----BEGIN ([A-Z]+ )?PRIVATE KEY-----\n[A-Za-z0-9+/=\s]+?\n-----END ([A-Z]+ )?PRIVATE KEY-----'''
severity = "error"
max_lines = 20
priority = 20
)";

const Scanner& scanner() {
    static const Scanner s(rules_from(kRules));
    return s;
}

std::string rule_of(const Finding& f) {
    return scanner().rules()[f.rule_index].id;
}

std::string_view secret_of(std::string_view text, const Finding& f) {
    return text.substr(f.secret.begin, f.secret.end - f.secret.begin);
}

} // namespace

TEST_CASE("a checksummed token is found with the exact secret range", "[scanner]") {
    std::mt19937_64 rng(test_seed());
    const std::string token = fake_github_token(rng);
    const std::string text = "const t = \"" + token + "\";\n";
    auto findings = scanner().scan(text);
    REQUIRE(findings.size() == 1);
    CHECK(rule_of(findings[0]) == "gh-pat");
    CHECK(secret_of(text, findings[0]) == token);
    CHECK(findings[0].secret.begin == 11);
    CHECK(findings[0].checksum_verified);
}

TEST_CASE("a failed checksum is no finding", "[scanner]") {
    std::mt19937_64 rng(test_seed());
    std::string token = fake_github_token(rng);
    token.back() = token.back() == 'A' ? 'B' : 'A';
    CHECK(scanner().scan("t = " + token).empty());
}

TEST_CASE("keywords gate rules case-insensitively", "[scanner]") {
    std::mt19937_64 rng(test_seed());
    const std::string value = random_from(kBase62, 30, rng);
    CHECK(scanner().scan("API_KEY = " + value).size() == 1);
    CHECK(scanner().scan("Token: " + value).size() == 1);
    // The regex would match, but no keyword is on the line: not tried.
    CHECK(scanner().scan("apikey = " + value).empty());
}

TEST_CASE("entropy, allow and stopwords filter the secret", "[scanner]") {
    std::mt19937_64 rng(test_seed());
    CHECK(scanner().scan("k = key-" + random_from(kHex, 32, rng)).size() == 1);
    CHECK(scanner().scan("k = key-" + std::string(32, '0')).empty()); // allow + entropy
    CHECK(scanner().scan("k = key-" + std::string(16, 'a') + std::string(16, 'b')).empty());
    CHECK(scanner().scan("k = key-deadbeef" + random_from(kHex, 24, rng)).empty()); // stopword
    CHECK(scanner().scan("api_key = aaaaaaaaaaaaaaaaaaaaaaaa").empty());            // entropy
}

TEST_CASE("the higher-ranked rule wins when two rules report overlapping bytes", "[scanner]") {
    std::mt19937_64 rng(test_seed());
    const std::string token = fake_github_token(rng);
    // generic-assign also matches this value; gh-pat (priority 10) must win alone.
    const std::string text = "token = \"" + token + "\"";
    auto findings = scanner().scan(text);
    REQUIRE(findings.size() == 1);
    CHECK(rule_of(findings[0]) == "gh-pat");
}

TEST_CASE("multi-line rules report the whole block", "[scanner]") {
    std::mt19937_64 rng(test_seed());
    std::string block = "-----BEGIN RSA PRIVATE KEY-----\n";
    for (int i = 0; i < 5; ++i)
        block += random_from(kBase62, 64, rng) + "\n";
    block += "-----END RSA PRIVATE KEY-----";
    const std::string text = "x = 1\n" + block + "\ny = 2\n";
    auto findings = scanner().scan(text);
    REQUIRE(findings.size() == 1);
    CHECK(rule_of(findings[0]) == "pem");
    CHECK(secret_of(text, findings[0]) == block);

    SECTION("a block longer than max_lines is not reported") {
        std::string long_block = "-----BEGIN PRIVATE KEY-----\n";
        for (int i = 0; i < 25; ++i)
            long_block += random_from(kBase62, 64, rng) + "\n";
        long_block += "-----END PRIVATE KEY-----\n";
        CHECK(scanner().scan(long_block).empty());
    }
    SECTION("CRLF line ends are handled") {
        std::string crlf;
        for (char c : text) {
            if (c == '\n')
                crlf += '\r';
            crlf += c;
        }
        // The regex wants "\n" after the BEGIN line; with "\r\n" it does not match: the rule
        // author's choice, but single-line rules must still see lines without the "\r".
        std::string token = fake_github_token(rng);
        std::string line = "t = " + token + "\r\nnext\r\n";
        auto found = scanner().scan(line);
        REQUIRE(found.size() == 1);
        CHECK(secret_of(line, found[0]) == token);
    }
}

TEST_CASE("findings are sorted and several per line are found", "[scanner]") {
    std::mt19937_64 rng(test_seed());
    const std::string a = "key-" + random_from(kHex, 32, rng);
    const std::string b = "key-" + random_from(kHex, 32, rng);
    const std::string text = "x = [" + a + ", " + b + "]\n";
    auto findings = scanner().scan(text);
    REQUIRE(findings.size() == 2);
    CHECK(secret_of(text, findings[0]) == a);
    CHECK(secret_of(text, findings[1]) == b);
}

TEST_CASE("path allowlists switch a rule off for matching files", "[scanner]") {
    RuleList rules = rules_from(R"(
[[rule]]
id = "hex-key"
keywords = ["key-"]
regex = '''key-[0-9a-f]{8}'''
allow_paths = ['''(^|/)fixtures/''']
)");
    Scanner s(rules);
    CHECK(s.scan("key-9f3a7c1e", ScanContext{"src/a.py", ""}).size() == 1);
    CHECK(s.scan("key-9f3a7c1e", ScanContext{"test/fixtures/a.py", ""}).empty());
}

TEST_CASE("paths and allow_paths see an untitled buffer's language as an extension", "[scanner]") {
    RuleList rules = rules_from(R"(
[[rule]]
id = "yaml-only"
keywords = ["key-"]
regex = '''key-[0-9a-f]{8}'''
paths = ['''\.ya?ml$''']

[[rule]]
id = "not-in-python"
keywords = ["tok-"]
regex = '''tok-[0-9a-f]{8}'''
allow_paths = ['''\.py$''']
)");
    Scanner s(rules);
    // Untitled buffers (no path) and extension-less files take their language's extension.
    CHECK(s.scan("key-9f3a7c1e", ScanContext{"", "yaml"}).size() == 1);
    CHECK(s.scan("key-9f3a7c1e", ScanContext{"", "python"}).empty());
    CHECK(s.scan("key-9f3a7c1e", ScanContext{"deploy/values", "yaml"}).size() == 1);
    CHECK(s.scan("tok-9f3a7c1e", ScanContext{"", "python"}).empty());
    CHECK(s.scan("tok-9f3a7c1e", ScanContext{"bin/tool", "python"}).empty());
    CHECK(s.scan("tok-9f3a7c1e", ScanContext{"", "yaml"}).size() == 1);
    // A real extension wins over the language; unknown both ways: every rule runs.
    CHECK(s.scan("key-9f3a7c1e", ScanContext{"a.txt", "yaml"}).empty());
    CHECK(s.scan("key-9f3a7c1e", ScanContext{"", ""}).size() == 1);
    CHECK(s.scan("tok-9f3a7c1e", ScanContext{"", "no-such-language"}).size() == 1);
}

TEST_CASE("rules whose regex does not compile are reported, others keep working", "[scanner]") {
    RuleList rules = rules_from(R"(
[[rule]]
id = "fine"
regex = '''key-[0-9a-f]{8}'''
)");
    Rule broken;
    broken.id = "broken";
    broken.regex = "(";
    rules.push_back(broken);
    Scanner s(rules);
    CHECK(s.rules().size() == 1);
    REQUIRE(s.errors().size() == 1);
    CHECK(s.errors()[0].find("broken") != std::string::npos);
    CHECK(s.scan("key-9f3a7c1e").size() == 1);
}

TEST_CASE("mask_secret shows a vendor prefix and at most 4 trailing characters", "[scanner]") {
    CHECK(mask_secret("key-0123456789abcdef0123456789ab9f3a") == "key-\u20269f3a");
    CHECK(mask_secret("ghp_abcdefghijklmnopqrstuvwxyz0123456789") == "ghp_\u20266789");
    CHECK(mask_secret("abcdefghijklmnop") == "\u2026mnop");
    CHECK(mask_secret("abcd") == "\u2026cd");
    CHECK(mask_secret("") == "\u2026");
    // Key blocks show their armor line only, never key material.
    CHECK(mask_secret("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1b2c3\n-----END RSA "
                      "PRIVATE KEY-----\n") == "-----BEGIN RSA PRIVATE KEY-----\u2026");
    // Never more than 8 characters of the secret.
    std::string masked = mask_secret("xoxb-1234567890-abcdefghijkl");
    CHECK(masked.size() - std::string("\u2026").size() <= 8);
}

TEST_CASE("shannon entropy", "[scanner]") {
    CHECK(shannon_entropy("") == 0);
    CHECK(shannon_entropy("aaaa") == 0);
    CHECK(shannon_entropy("abab") == Approx(1.0));
    CHECK(shannon_entropy("0123456789abcdef") == Approx(4.0));
}

namespace {

constexpr std::string_view kContextRule = R"(
[[rule]]
id = "acme-key"
keywords = ["acme"]
regex = '''(?:^|[\s=:"'>])([A-Za-z0-9]{32})(?:$|[\s"'<])'''
secret_group = 1
entropy = 3.5
severity = "warning"
context_lines = 3
)";

// The same rule on each engine path: keywords, Hyperscan as shipped, Hyperscan for all.
std::vector<ScannerOptions> every_engine() {
    ScannerOptions keywords, hyperscan, all_in;
    keywords.engine = Engine::Keywords;
    hyperscan.engine = all_in.engine = Engine::Hyperscan;
    all_in.min_hyperscan_literal = 0;
    return {keywords, hyperscan, all_in};
}

} // namespace

TEST_CASE("context_lines: the keyword may be up to N lines above or below the match",
          "[scanner][context]") {
    std::mt19937_64 rng(test_seed());
    const RuleList rules = rules_from(kContextRule);
    const std::string value = random_from(kBase62, 32, rng);
    const std::string assignment = "API_KEY=" + value + "\n";
    auto blank = [](int n) { return std::string(static_cast<size_t>(n), '\n'); };
    for (const ScannerOptions& options : every_engine()) {
        Scanner s(rules, options);
        INFO("engine " << static_cast<int>(options.engine) << ", min literal "
                       << options.min_hyperscan_literal);
        CHECK(s.scan("# ACME credentials\n" + assignment).size() == 1);
        CHECK(s.scan("# acme\n" + blank(2) + assignment).size() == 1);         // 3 lines above
        CHECK(s.scan("# acme\n" + blank(3) + assignment).empty());             // 4 lines above
        CHECK(s.scan(assignment + blank(2) + "# acme\n").size() == 1);         // 3 lines below
        CHECK(s.scan(assignment + blank(3) + "# acme\n").empty());             // 4 lines below
        CHECK(s.scan("acme_key=" + value).size() == 1);                        // same line
        CHECK(s.scan(assignment).empty());                                     // no keyword at all
        CHECK(s.scan("# acme\n" + blank(2) + "API_KEY=" + value).size() == 1); // no final "\n"
        // The regex stays line-local: the value cannot be split across lines.
        CHECK(s.scan("# acme\nAPI_KEY=" + value.substr(0, 16) + "\n" + value.substr(16)).empty());
        // A region scan sees a keyword outside the region.
        const std::string text = "# acme\nx\n" + assignment;
        const auto in_region = s.scan(text, ByteRange{text.size() - 3, text.size()});
        REQUIRE(in_region.size() == 1);
        CHECK(text.substr(in_region[0].secret.begin, 32) == value);
    }
    // The locality bound covers the widest context (incremental re-scans rely on it).
    std::string widest(kContextRule);
    widest.replace(widest.find("context_lines = 3"), 17, "context_lines = 5");
    CHECK(Scanner(rules_from(widest)).max_context_lines() > 5);
}

// On long lines (minified bundles) the gate's "a keyword on the line, or within N lines"
// would vouch for every token of the line: the keyword must also be within 1 KiB of the
// match. Ordinary lines are never affected.
TEST_CASE("on long lines a keyword must be within 1 KiB of the match", "[scanner][context]") {
    std::mt19937_64 rng(test_seed());
    std::string single_line(kContextRule);
    single_line.replace(single_line.find("context_lines = 3"), 17, "context_lines = 0");
    const std::string value = random_from(kBase62, 32, rng);
    auto filler = [](size_t n) { return std::string(n, 'x'); };
    for (const ScannerOptions& options : every_engine()) {
        INFO("engine " << static_cast<int>(options.engine) << ", min literal "
                       << options.min_hyperscan_literal);
        Scanner line_rule(rules_from(single_line), options);
        CHECK(line_rule.scan("# acme " + filler(900) + " k=" + value).size() == 1);
        CHECK(line_rule.scan("# acme " + filler(1500) + " k=" + value).empty());
        CHECK(line_rule.scan("k=" + value + " " + filler(900) + " acme").size() == 1);
        CHECK(line_rule.scan("k=" + value + " " + filler(1500) + " acme").empty());
        // Far from one keyword, near another: reported.
        CHECK(line_rule.scan("acme " + filler(3000) + " acme k=" + value).size() == 1);
        // The reach stays on the line: a keyword just above does not count for this rule.
        CHECK(line_rule.scan("acme\n" + filler(1500) + " k=" + value).empty());

        Scanner context_rule(rules_from(kContextRule), options);
        const std::string assignment = "API_KEY=" + value + "\n";
        CHECK(context_rule.scan("# acme\n" + filler(300) + "\n" + assignment).size() == 1);
        CHECK(context_rule.scan("# acme\n" + filler(1500) + "\n" + assignment).empty());
        const ExplainedScan explained =
            context_rule.scan_explained("# acme\n" + filler(1500) + "\n" + assignment, {}, true);
        REQUIRE(explained.dropped.size() == 1);
        CHECK(explained.dropped[0].reason ==
              "no keyword of the rule within 1 KiB of the match (long lines)");
    }
}

TEST_CASE("context_lines: a keyword in the previous scan chunk counts", "[scanner][context]") {
    std::mt19937_64 rng(test_seed());
    const RuleList rules = rules_from(kContextRule);
    // Full scans work in chunks of 4 MiB of start lines (scanner.cpp): put the keyword on the
    // last line of the first chunk and the value on the first line of the next one.
    constexpr size_t kChunk = 4 << 20;
    std::string text(kChunk - 20, 'x');
    text += "\n# acme credentials, see the wiki\n"; // holds byte kChunk: ends the first chunk
    REQUIRE(text.size() > kChunk);
    const std::string value = random_from(kBase62, 32, rng);
    text += "API_KEY=" + value + "\n";
    for (const ScannerOptions& options : every_engine()) {
        Scanner s(rules, options);
        const auto findings = s.scan(text);
        REQUIRE(findings.size() == 1);
        CHECK(text.substr(findings[0].secret.begin, 32) == value);
    }
}

// The line table is built 64 bytes at a time: line bounds must not depend on where those
// blocks fall, on "\r\n", on a byte-order mark, on runs of empty lines (more newlines in a
// block than it writes at once) or on a last line without a newline. A rule anchored at
// both ends of its line sees exactly the line's content, or finds nothing.
TEST_CASE("line bounds hold wherever 64-byte blocks fall", "[scanner][lines]") {
    RuleList rules = rules_from(R"(
[[rule]]
id = "whole-line"
keywords = ["tok="]
regex = '''^tok=([0-9a-f]{24})$'''
secret_group = 1
severity = "error"
)");
    std::mt19937_64 rng(test_seed());
    for (Engine engine : {Engine::Keywords, Engine::Hyperscan}) {
        ScannerOptions options;
        options.engine = engine;
        options.filters = false;
        const Scanner scanner(rules, options);
        for (size_t pad = 0; pad < 140; ++pad) {
            const bool bom = pad % 3 == 0;
            const std::string eol = pad % 2 ? "\r\n" : "\n";
            std::string text = bom ? "\xEF\xBB\xBF" : "";
            if (pad % 5 == 0) // the token on line 1, right after any byte-order mark
                text.clear(), text += bom ? "\xEF\xBB\xBF" : "";
            else
                text += std::string(pad, 'a') + eol + std::string(pad % 11, '\n');
            const std::string secret = random_from(kHex, 24, rng);
            const size_t at = text.size() + 4;
            text += "tok=" + secret;
            const bool last = pad % 4 == 0; // no newline after it
            if (!last)
                text += eol + std::string(pad % 7, '\n') + "tail" + eol;
            INFO("pad " << pad << (bom ? " bom" : "") << (last ? " last line" : ""));
            const std::vector<Finding> found = scanner.scan(text);
            REQUIRE(found.size() == 1);
            CHECK(found[0].secret.begin == at);
            CHECK(found[0].secret.end == at + secret.size());
        }
    }
}

// scan_explained(): each check that rejects a rule's match says so, the findings are those of
// scan(), and without with_dropped nothing is collected.
TEST_CASE("scan_explained gives the reason of every rejected match", "[scanner][dropped]") {
    std::mt19937_64 rng(test_seed());
    std::string bad_checksum = fake_github_token(rng);
    bad_checksum.back() = bad_checksum.back() == 'A' ? 'B' : 'A';
    const std::string good = "key-" + random_from(kHex, 32, rng);
    const std::string stopword = "key-deadbeef" + random_from(kHex, 24, rng);
    struct Case {
        std::string line;
        std::string_view reason; // "" = a finding
    };
    const std::vector<Case> cases = {
        {"k = " + good, ""},
        {"t = " + bad_checksum, "checksum does not validate"},
        {"k = key-" + std::string(32, '0'), "entropy below the rule's minimum"},
        {"k = " + stopword, "holds a stopword of the rule"},
        {"k = " + good + " # gitleaks:allow", "an inline ignore comment"},
    };
    std::string text;
    for (const Case& c : cases)
        text += c.line + "\n";
    const ExplainedScan explained = scanner().scan_explained(text, {}, true);
    CHECK(explained.findings == scanner().scan(text));
    REQUIRE(explained.findings.size() == 1);
    CHECK(secret_of(text, explained.findings[0]) == good);
    REQUIRE(explained.dropped.size() == cases.size() - 1);
    for (size_t i = 1; i < cases.size(); ++i) {
        const DroppedMatch& d = explained.dropped[i - 1];
        INFO("line " << i + 1);
        CHECK(d.reason == cases[i].reason);
        // The dropped secret lies on its own line, and is the rule's secret group.
        const size_t line_begin = text.find(cases[i].line);
        CHECK(d.secret.begin >= line_begin);
        CHECK(d.secret.end <= line_begin + cases[i].line.size());
        CHECK(cases[i].line.find(std::string(secret_of(text, Finding{d.secret, d.match}))) !=
              std::string::npos);
    }
    CHECK(scanner().scan_explained(text, {}, false).dropped.empty());

    // A value another rule reports is no missed key: the stopword of hex-key does not show.
    const std::string reported = "token = " + stopword + "\n";
    const ExplainedScan covered = scanner().scan_explained(reported, {}, true);
    REQUIRE(covered.findings.size() == 1);
    CHECK(rule_of(covered.findings[0]) == "generic-assign");
    CHECK(covered.dropped.empty());
}

TEST_CASE("scan_explained names the shared filter that rejected a value", "[scanner][dropped]") {
    RuleList rules = rules_from(R"(
[[rule]]
id = "aws-id"
keywords = ["akia"]
regex = '''\b(AKIA[0-9A-Z]{16})\b'''
secret_group = 1
severity = "error"
)");
    const Scanner scanner(rules);
    const std::string placeholder = "AKIA" + std::string(16, 'X');
    const std::string text = "id = " + placeholder + "\n";
    const ExplainedScan explained = scanner.scan_explained(text, {}, true);
    CHECK(explained.findings.empty());
    REQUIRE(explained.dropped.size() == 1);
    FilterInput input;
    input.secret = placeholder;
    input.line_before = "id = ";
    const std::string_view expected = not_a_secret_reason(input);
    CHECK_FALSE(expected.empty());
    CHECK(explained.dropped[0].reason == expected);
}

// A value that fails a checksum has the format's exact shape yet is none of its tokens: no
// rule of lower priority reports it either (the generic "token = ..." rule would).
TEST_CASE("a failed checksum vetoes lower-priority findings of the same value", "[scanner]") {
    std::mt19937_64 rng(test_seed());
    const std::string valid = fake_github_token(rng);
    std::string invalid = fake_github_token(rng);
    invalid.back() = invalid.back() == 'A' ? 'B' : 'A';
    const std::string other = random_from(kBase62, 30, rng);

    const std::string vetoed = "token = \"" + invalid + "\"\n";
    CHECK(scanner().scan(vetoed).empty());
    const ExplainedScan explained = scanner().scan_explained(vetoed, {}, true);
    std::vector<std::string> dropped_rules;
    for (const DroppedMatch& d : explained.dropped)
        dropped_rules.push_back(scanner().rules()[d.rule_index].id);
    std::sort(dropped_rules.begin(), dropped_rules.end());
    CHECK(dropped_rules == std::vector<std::string>{"generic-assign", "gh-pat"});

    auto rules_found = [](const std::string& text) {
        std::vector<std::string> ids;
        for (const Finding& f : scanner().scan(text))
            ids.push_back(rule_of(f));
        return ids;
    };
    CHECK(rules_found("token = \"" + valid + "\"\n") == std::vector<std::string>{"gh-pat"});
    CHECK(rules_found("token = \"" + other + "\"\n") == std::vector<std::string>{"generic-assign"});
    // The veto is for the failed value only: a real secret on the same line stays.
    CHECK(rules_found("token = \"" + other + "\" # " + invalid + "\n") ==
          std::vector<std::string>{"generic-assign"});
}

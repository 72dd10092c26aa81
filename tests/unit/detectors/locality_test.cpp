//===--- locality_test.cpp - scan(text, region) == full findings touching region -----------===//
//
// The incremental re-scan of the language server relies on the locality contract of
// scanner.h. This property test builds random documents with planted generated secrets
// (single- and multi-line, overlapping rules, near misses) and checks the contract on random
// regions, and that findings do not depend on text beyond max_context_lines().
//
//===--------------------------------------------------------------------------------------===//
#include "test_support.h"

using namespace secretls::detectors;
using namespace secretls::detectors::testing;

namespace {

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

[[rule]]
id = "generic-assign"
keywords = ["token", "secret"]
regex = '''(?i)(?:token|secret)\s*[:=]\s*["']?([A-Za-z0-9_\-]{16,})'''
secret_group = 1
entropy = 2.5
severity = "info"

[[rule]]
id = "pem"
keywords = ["-----begin"]
regex = '''-----BEGIN PRIVATE KEY-----\n(?:[A-Za-z0-9+/]+\n){1,6}-----END PRIVATE KEY-----'''
severity = "error"
max_lines = 8
priority = 20

[[rule]]
id = "spread"
keywords = ["password"]
regex = '''(?s)password.{0,40}?([A-Za-z0-9]{12,})'''
secret_group = 1
entropy = 2.5
severity = "warning"
max_lines = 3

[[rule]]
id = "near-acme"
keywords = ["acme"]
regex = '''(?:^|[\s=:"'])([A-Za-z0-9]{24})(?:$|[\s"'])'''
secret_group = 1
entropy = 3.0
severity = "warning"
context_lines = 3
)";

const Scanner& scanner() {
    static const Scanner s(rules_from(kRules));
    return s;
}

std::string random_line(std::mt19937_64& rng) {
    static const char* const fillers[] = {
        "int x = 42;",
        "// TODO: refactor",
        "def f(a, b):",
        "    return a + b",
        "token = None",
        "secret:",
        "password",
        "}",
        "",
        "key-",
        "-----BEGIN PRIVATE KEY-----",
        "-----END PRIVATE KEY-----",
        "const api = require('x');",
        "ghp_notatoken",
    };
    switch (rng() % 11) {
    case 0:
        return fake_github_token(rng);
    case 1:
        return "k = key-" + random_from(kHex, 32, rng);
    case 2:
        return "token: " + random_from(kBase62, 16 + rng() % 20, rng);
    case 3:
        return random_from(kBase62, 20 + rng() % 50, rng);
    case 4: { // a private key block, sometimes too long or broken
        std::string block = "-----BEGIN PRIVATE KEY-----";
        int n = 1 + static_cast<int>(rng() % 8);
        for (int i = 0; i < n; ++i)
            block += "\n" + random_from(kBase62, 40, rng);
        if (rng() % 4 != 0)
            block += "\n-----END PRIVATE KEY-----";
        return block;
    }
    case 5:
        return "password = \\\n  " + random_from(kBase62, 14, rng);
    case 6: // the keyword of the context rule, a few lines from its values
        return rng() % 2 ? "# ACME settings" : "acme:";
    case 7:
        return "  v = " + random_from(kBase62, 24, rng);
    default:
        return fillers[rng() % std::size(fillers)];
    }
}

std::string random_document(std::mt19937_64& rng) {
    std::string text;
    int lines = 1 + static_cast<int>(rng() % 60);
    for (int i = 0; i < lines; ++i) {
        text += random_line(rng);
        if (i + 1 < lines || rng() % 2)
            text += (rng() % 5 == 0) ? "\r\n" : "\n";
    }
    return text;
}

std::vector<Finding> touching(const std::vector<Finding>& all, ByteRange region) {
    std::vector<Finding> out;
    for (const Finding& f : all)
        if (f.match.begin <= region.end && region.begin <= f.match.end)
            out.push_back(f);
    return out;
}

std::string describe(const std::vector<Finding>& findings) {
    std::string out;
    for (const Finding& f : findings)
        out += scanner().rules()[f.rule_index].id + "@" + std::to_string(f.secret.begin) + "-" +
               std::to_string(f.secret.end) + " ";
    return out.empty() ? "(none)" : out;
}

} // namespace

TEST_CASE("region scans equal the full scan restricted to the region", "[scanner][locality]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed << " (SECRETLS_TEST_SEED replays it)");
    std::mt19937_64 rng(seed);
    size_t total_findings = 0;
    for (int doc = 0; doc < 300; ++doc) {
        const std::string text = random_document(rng);
        const std::vector<Finding> full = scanner().scan(text);
        total_findings += full.size();
        for (int r = 0; r < 12; ++r) {
            size_t a = rng() % (text.size() + 1), b = rng() % (text.size() + 1);
            if (r % 3 == 0)
                b = a; // empty regions (a cursor) too
            ByteRange region{std::min(a, b), std::max(a, b)};
            const auto expected = touching(full, region);
            const auto actual = scanner().scan(text, region);
            INFO("document " << doc << ", region [" << region.begin << ", " << region.end
                             << "), expected " << describe(expected) << ", got "
                             << describe(actual));
            REQUIRE(actual == expected);
        }
    }
    // The generator must actually produce findings, or the property is vacuous.
    CHECK(total_findings > 300);
}

TEST_CASE("findings do not depend on text beyond max_context_lines", "[scanner][locality]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    const int context = scanner().max_context_lines();
    for (int doc = 0; doc < 200; ++doc) {
        const std::string middle = random_document(rng);
        // Random text before and after, separated by `context` blank lines.
        const std::string gap(static_cast<size_t>(context), '\n');
        const std::string before = random_document(rng) + "\n" + gap;
        const std::string after = gap + random_document(rng);
        const std::string text = before + middle + after;
        const ByteRange region{before.size(), before.size() + middle.size()};
        std::vector<Finding> in_context;
        for (Finding f : scanner().scan(text, region)) {
            if (f.match.begin < region.begin || f.match.end > region.end)
                continue; // touches the gap: not purely inside
            f.secret.begin -= before.size(), f.secret.end -= before.size();
            f.match.begin -= before.size(), f.match.end -= before.size();
            in_context.push_back(f);
        }
        std::vector<Finding> alone;
        for (const Finding& f : scanner().scan(middle))
            alone.push_back(f);
        INFO("document " << doc << ": alone " << describe(alone) << ", in context "
                         << describe(in_context));
        REQUIRE(in_context == alone);
    }
}

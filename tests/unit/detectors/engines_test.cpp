//===--- engines_test.cpp - The Keywords and Hyperscan engines give identical findings ----===//
//
// Hyperscan only proposes candidate lines; RE2 decides. The engines must agree on every
// input: documents mixing every built-in rule's expanded test templates (positives and
// near misses), multi-line blocks, CRLF line ends and ordinary code.
//
//===--------------------------------------------------------------------------------------===//
#include "detectors/templates.h"
#include "test_support.h"

using namespace secretls::detectors;
using namespace secretls::detectors::testing;

namespace {

ScannerOptions with_engine(Engine engine) {
    ScannerOptions options;
    options.engine = engine;
    return options;
}

// Documents built from the rules' own templates, shuffled with filler lines.
std::vector<std::string> template_documents(const RuleList& rules, std::mt19937_64& rng) {
    std::vector<std::string> lines;
    for (const Rule& rule : rules) {
        for (const auto* list : {&rule.test_positive, &rule.test_negative})
            for (const std::string& templ : *list)
                lines.push_back(expand_template(templ, rng).text);
    }
    const char* const fillers[] = {"int main() { return 0; }",
                                   "key = value",
                                   "token:",
                                   "password = os.environ['PASSWORD']",
                                   "",
                                   "# secret stuff",
                                   "-----BEGIN PRIVATE KEY-----",
                                   "-----END PRIVATE KEY-----"};
    for (int i = 0; i < 200; ++i)
        lines.push_back(fillers[rng() % std::size(fillers)]);
    std::shuffle(lines.begin(), lines.end(), rng);
    std::vector<std::string> documents;
    std::string current;
    for (const std::string& line : lines) {
        current += line;
        current += (rng() % 7 == 0) ? "\r\n" : "\n";
        if (current.size() > 4000) {
            documents.push_back(std::move(current));
            current.clear();
        }
    }
    documents.push_back(current);
    return documents;
}

std::string describe(const Scanner& scanner, const std::vector<Finding>& findings) {
    std::string out;
    for (const Finding& f : findings)
        out += scanner.rules()[f.rule_index].id + "@" + std::to_string(f.secret.begin) + " ";
    return out;
}

void require_same_findings(const RuleList& rules, const std::vector<std::string>& documents,
                           size_t min_literal) {
    Scanner keywords(rules, with_engine(Engine::Keywords));
    ScannerOptions options = with_engine(Engine::Hyperscan);
    options.min_hyperscan_literal = min_literal;
    Scanner hyperscan(rules, options);
    INFO("rules in the Hyperscan fast path: " << hyperscan.stats().rules_in_fast_path << " of "
                                              << hyperscan.stats().rules);
    size_t total = 0;
    for (size_t d = 0; d < documents.size(); ++d) {
        const auto a = keywords.scan(documents[d]);
        const auto b = hyperscan.scan(documents[d]);
        total += a.size();
        INFO("document " << d << ": keywords " << describe(keywords, a) << "| hyperscan "
                         << describe(hyperscan, b));
        REQUIRE(a == b);
    }
    INFO("findings compared: " << total);
    CHECK((documents.empty() || total > 0));
}

} // namespace

TEST_CASE("both engines give identical findings on the built-in rules", "[engines]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    const RuleList rules = builtin_rules();
    if (rules.empty())
        return;
    Scanner hyperscan(rules, with_engine(Engine::Hyperscan));
    CHECK(hyperscan.stats().rules_in_fast_path > 0);
    // As shipped (literal-prefixed rules in Hyperscan), and with every rule it accepts.
    const auto documents = template_documents(rules, rng);
    require_same_findings(rules, documents, ScannerOptions{}.min_hyperscan_literal);
    require_same_findings(rules, documents, 0);
}

TEST_CASE("both engines agree on anchored, multi-line and keyword-less rules", "[engines]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    const RuleList rules = rules_from(R"(
[[rule]]
id = "prefixed"
keywords = ["tok_"]
regex = '''\b(tok_[0-9a-f]{16})\b'''
secret_group = 1

[[rule]]
id = "anchored"
keywords = ["anch"]
regex = '''^anch_([0-9a-f]{8})$'''
secret_group = 1

[[rule]]
id = "no-keywords"
regex = '''zz[0-9]{6}zz'''

[[rule]]
id = "block"
keywords = ["begin block"]
regex = '''BEGIN BLOCK\n(?:[0-9a-f]+\n){1,4}END BLOCK'''
max_lines = 6
priority = 5
)");
    std::vector<std::string> documents;
    for (int d = 0; d < 300; ++d) {
        std::string doc;
        for (int l = 0, n = 1 + static_cast<int>(rng() % 30); l < n; ++l) {
            switch (rng() % 7) {
            case 0:
                doc += "x tok_" + random_from(kHex, 16, rng);
                break;
            case 1:
                doc += "anch_" + random_from(kHex, 8, rng);
                break;
            case 2:
                doc += "a zz" + random_from("0123456789", 6, rng) + "zz b";
                break;
            case 3:
                doc += "BEGIN BLOCK";
                break;
            case 4:
                doc += "END BLOCK";
                break;
            case 5:
                doc += random_from(kHex, 1 + rng() % 20, rng);
                break;
            default:
                doc += "TOK_" + random_from(kHex, 16, rng);
            }
            doc += rng() % 4 == 0 ? "\r\n" : "\n";
        }
        documents.push_back(doc);
    }
    require_same_findings(rules, documents, 0);
    Scanner all_in(rules, [] {
        ScannerOptions o;
        o.engine = Engine::Hyperscan;
        o.min_hyperscan_literal = 0;
        return o;
    }());
    CHECK(all_in.stats().rules_in_fast_path == 4); // anchors included (multi-line mode)
}

namespace {

// Findings with and without the window gates of multi-line rules (scanner.cpp): the gate
// may only skip windows where RE2 finds nothing.
void require_gates_change_nothing(const RuleList& rules, const std::vector<std::string>& documents,
                                  Engine engine) {
    ScannerOptions gated = with_engine(engine);
    ScannerOptions plain = gated;
    plain.window_gates = false;
    Scanner with_gates(rules, gated), without_gates(rules, plain);
    size_t total = 0;
    for (size_t d = 0; d < documents.size(); ++d) {
        const auto a = without_gates.scan(documents[d]);
        const auto b = with_gates.scan(documents[d]);
        total += a.size();
        INFO("document " << d << ": plain " << describe(without_gates, a) << "| gated "
                         << describe(with_gates, b));
        REQUIRE(a == b);
    }
    CHECK((documents.empty() || total > 0));
}

} // namespace

TEST_CASE("window gates of multi-line rules never change findings", "[engines][precheck]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    const RuleList builtin = builtin_rules();
    if (!builtin.empty()) {
        const auto documents = template_documents(builtin, rng);
        require_gates_change_nothing(builtin, documents, Engine::Keywords);
        require_gates_change_nothing(builtin, documents, Engine::Hyperscan);
    }
    // Edge assertions at window boundaries: ^ and $ with and without (?m), \b, (?s), CRLF.
    const RuleList rules = rules_from(R"(
[[rule]]
id = "anchored-block"
keywords = ["head"]
regex = '''^head:\s*\n(?:\s+\w+\n){0,3}?\s+key:\s*([0-9A-Za-z]{12})$'''
secret_group = 1
max_lines = 5

[[rule]]
id = "dotall-block"
keywords = ["kind"]
regex = '''(?s)kind:\s*secret.{0,60}?\bval=([0-9A-Za-z]{12})\b'''
secret_group = 1
max_lines = 4

[[rule]]
id = "multiline-flag-block"
keywords = ["data"]
regex = '''(?m)^data:\s*\r?\n[ \t]+v:\s*([0-9A-Za-z]{12})[ \t]*$'''
secret_group = 1
max_lines = 3

# Starts with a literal: only a start line holding "open:" can begin a match.
[[rule]]
id = "literal-block"
keywords = ["val"]
regex = '''open:[ \t]*\r?\n(?:[ \t]+\w+\r?\n){0,2}?[ \t]+val=([0-9A-Za-z]{12})\b'''
secret_group = 1
max_lines = 4
)");
    // Whole lines, most of them parts of the blocks above, some with a secret-like value.
    const char* const starts[] = {"head:", "  a", "  key: ", "kind: secret", "  val=", "data:",
                                  "  v: ", "x ",  "",        "z head: ",     "open:",  "x open: "};
    std::vector<std::string> documents;
    std::vector<size_t> per_rule(rules.size(), 0);
    Scanner plain(rules, [] {
        ScannerOptions o;
        o.window_gates = false;
        return o;
    }());
    for (int d = 0; d < 600; ++d) {
        std::string doc;
        for (int l = 0, n = 1 + static_cast<int>(rng() % 12); l < n; ++l) {
            doc += starts[rng() % std::size(starts)];
            if (rng() % 2)
                doc += random_from(kBase62, 12, rng);
            if (rng() % 5 == 0)
                doc += " ";
            doc += rng() % 4 == 0 ? "\r\n" : "\n";
        }
        if (d % 10 == 0) // well-formed blocks (the key line ends the 5-line window for $)
            doc += "head:\n  a\n  b\n  c\n  key: " + random_from(kBase62, 12, rng) +
                   "\nkind: secret\nval=" + random_from(kBase62, 12, rng) +
                   "\ndata:\n  v: " + random_from(kBase62, 12, rng) +
                   "\nopen:\n  a\n  val=" + random_from(kBase62, 12, rng) + "\n";
        if (rng() % 3 == 0)
            doc.pop_back(); // no final line end
        for (const Finding& f : plain.scan(doc))
            ++per_rule[f.rule_index];
        documents.push_back(doc);
    }
    // One document each rule certainly matches (random ones may miss a rule by chance).
    for (const std::string& doc :
         {"head:\n  a\n  key: " + random_from(kBase62, 12, rng),
          "kind: secret\n  x\n  val=" + random_from(kBase62, 12, rng) + "\n",
          "x\r\ndata:\r\n  v: " + random_from(kBase62, 12, rng) + "\r\n",
          "x open:\r\n  b\r\n  val=" + random_from(kBase62, 12, rng) + "\r\n"}) {
        for (const Finding& f : plain.scan(doc))
            ++per_rule[f.rule_index];
        documents.push_back(doc);
    }
    // Every rule must find something, or the comparison proves nothing about its gate.
    for (size_t r = 0; r < rules.size(); ++r) {
        INFO("rule " << rules[r].id);
        CHECK(per_rule[r] > 0);
    }
    require_gates_change_nothing(rules, documents, Engine::Keywords);
    require_gates_change_nothing(rules, documents, Engine::Hyperscan);
}

TEST_CASE("both engines agree on rules whose keyword is on a neighbouring line",
          "[engines][context]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    // A bare token (keyword path unless min_hyperscan_literal = 0), a prefixed token
    // (Hyperscan path as shipped) and a two-line block, each recognised by a nearby keyword.
    const RuleList rules = rules_from(R"(
[[rule]]
id = "bare-near-acme"
keywords = ["acme"]
regex = '''(?:^|[\s=:"'>])([A-Za-z0-9]{24})(?:$|[\s"'<])'''
secret_group = 1
entropy = 3.0
context_lines = 3

[[rule]]
id = "prefixed-near-zeta"
keywords = ["zeta"]
regex = '''\b(zt-[0-9a-f]{20})\b'''
secret_group = 1
context_lines = 2

[[rule]]
id = "pair-near-acme"
keywords = ["acme"]
regex = '''user:\s*\w+\r?\n\s*pass:\s*([A-Za-z0-9]{12})\b'''
secret_group = 1
max_lines = 2
context_lines = 1
priority = 5
)");
    const char* const keyword_lines[] = {"# Acme credentials", "acme:", "<id>zeta</id>",
                                         "[INFO] calling ZETA", "ACME_URL=x"};
    std::vector<std::string> documents;
    for (int d = 0; d < 400; ++d) {
        std::string doc;
        for (int l = 0, n = 1 + static_cast<int>(rng() % 40); l < n; ++l) {
            switch (rng() % 8) {
            case 0:
                doc += keyword_lines[rng() % std::size(keyword_lines)];
                break;
            case 1:
                doc += "  key: " + random_from(kBase62, 24, rng);
                break;
            case 2:
                doc += "<secret>zt-" + random_from(kHex, 20, rng) + "</secret>";
                break;
            case 3:
                doc += "user: bob";
                break;
            case 4:
                doc += "  pass: " + random_from(kBase62, 12, rng);
                break;
            case 5:
                doc += random_from(kBase62, 24, rng);
                break;
            default:
                doc += "x = 1";
            }
            doc += rng() % 4 == 0 ? "\r\n" : "\n";
        }
        documents.push_back(doc);
    }
    // Every rule must find something somewhere, or the comparison proves little.
    Scanner plain(rules, with_engine(Engine::Keywords));
    std::vector<size_t> per_rule(rules.size(), 0);
    for (const std::string& doc : documents)
        for (const Finding& f : plain.scan(doc))
            ++per_rule[f.rule_index];
    for (size_t r = 0; r < rules.size(); ++r) {
        INFO("rule " << rules[r].id);
        CHECK(per_rule[r] > 0);
    }
    require_same_findings(rules, documents, ScannerOptions{}.min_hyperscan_literal);
    require_same_findings(rules, documents, 0);
}

TEST_CASE("prefilters skip keyword lines without changing findings", "[engines][prefilter]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    // A quoted value assigned to a zz name; the prefilter is the quoted value alone. The
    // second rule's prefilter is deliberately narrower than its regex (40+ characters where
    // the regex takes 12+): the comparison must catch what it drops.
    const std::string rules_toml = R"toml(
[[rule]]
id = "zz-assignment"
keywords = ["zz"]
regex = '''zz\w*[ \t]*[:=][ \t]*['"]([A-Za-z0-9]{12,})['"]'''
secret_group = 1
prefilter = '''['"][A-Za-z0-9]{12,}['"]'''

[[rule]]
id = "qq-assignment-narrow-prefilter"
keywords = ["qq"]
regex = '''qq\w*[ \t]*[:=][ \t]*"([A-Za-z0-9]{12,})"'''
secret_group = 1
prefilter = '''"[A-Za-z0-9]{40,}"'''
)toml";
    const RuleList rules = rules_from(rules_toml);
    REQUIRE(rules.size() == 2);
    std::vector<std::string> documents;
    for (int d = 0; d < 300; ++d) {
        std::string doc;
        for (int l = 0, n = 1 + static_cast<int>(rng() % 20); l < n; ++l) {
            const std::string value = random_from(kBase62, 8 + rng() % 40, rng);
            switch (rng() % 6) {
            case 0:
                doc += "zz_token = \"" + value + "\"";
                break;
            case 1:
                doc += "ZZ: '" + value + "' # zz";
                break;
            case 2:
                doc += "zz = compute(" + value + ")";
                break;
            case 3:
                doc += "other = \"" + value + "\" zz";
                break;
            case 4:
                doc += "qq_key = \"" + value + "\"";
                break;
            default:
                doc += "x = 1";
            }
            doc += rng() % 4 == 0 ? "\r\n" : "\n";
        }
        documents.push_back(doc);
    }
    const RuleList sound(rules.begin(), rules.begin() + 1);
    require_same_findings(sound, documents, ScannerOptions{}.min_hyperscan_literal);
    Scanner hyperscan(sound, with_engine(Engine::Hyperscan));
    CHECK(hyperscan.stats().rules_with_prefilter == 1);
    CHECK(Scanner(sound, with_engine(Engine::Keywords)).stats().rules_with_prefilter == 0);

    // The narrow prefilter drops the findings of 12-39 character values: the engines differ.
    Scanner keywords(rules, with_engine(Engine::Keywords)),
        fast(rules, with_engine(Engine::Hyperscan));
    size_t reference = 0, prefiltered = 0;
    for (const std::string& doc : documents) {
        reference += keywords.scan(doc).size();
        prefiltered += fast.scan(doc).size();
    }
    CHECK(prefiltered < reference);
}

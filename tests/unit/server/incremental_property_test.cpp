//===--- incremental_property_test.cpp - Incremental findings == fresh scan, always -------===//
//
// Random edit sequences on random documents holding generated fake secrets (expanded from
// the built-in rules' own test templates, so every rule family takes part). After each
// step the document's incrementally maintained findings must equal a fresh full scan of
// its text, and its text and line table must equal a plain std::string edited alongside.
//
// Reproduce a failure with SECRETLS_SEED=<printed seed>; SECRETLS_PROPERTY_EDITS=<n> changes
// the number of edits (default 100,000). Secrets are never printed: a failure reports rule
// ids and byte ranges only.
//
//===--------------------------------------------------------------------------------------===//
#include "detectors/rule_loader.h"
#include "detectors/scanner.h"
#include "detectors/templates.h"
#include "server/document.h"
#include "server/incremental.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <iostream>
#include <random>
#include <sstream>

using secretls::detectors::Finding;
using secretls::detectors::Scanner;
using secretls::protocol::PositionEncoding;
using secretls::server::ContentChange;
using secretls::server::Document;
using secretls::server::LineTable;

namespace {

uint64_t seed_from_env(const char* name) {
    if (const char* s = std::getenv(name))
        return std::strtoull(s, nullptr, 10);
    return std::random_device{}() * 2654435761ull ^ std::random_device{}();
}

// The rules of one run: every multi-line and context rule, the Mailgun key rule, and a seeded
// random sample of the others (all rules take part across runs; fewer rules per run keep a fresh
// full scan after every edit cheap enough for 100,000 edits under the sanitizers).
secretls::detectors::RuleList rules_for_run(std::mt19937_64& rng, size_t sample) {
    secretls::detectors::RuleList all = secretls::detectors::builtin_rules();
    secretls::detectors::RuleList chosen, rest;
    for (auto& rule : all) {
        if (rule.max_lines > 1 || rule.context_lines > 0 || rule.id == "mailgun-api-key")
            chosen.push_back(std::move(rule));
        else
            rest.push_back(std::move(rule));
    }
    std::shuffle(rest.begin(), rest.end(), rng);
    for (size_t i = 0; i < rest.size() && i < sample; ++i)
        chosen.push_back(std::move(rest[i]));
    return chosen;
}

// Generated values (never real ones): every positive template of every built-in rule.
class SecretFactory {
public:
    SecretFactory(std::mt19937_64& rng, const Scanner& scanner) : rng_(rng) {
        for (const auto& rule : scanner.rules())
            for (const std::string& t : rule.test_positive)
                templates_.push_back(t);
    }
    std::string line() {
        if (templates_.empty() || rng_() % 5 == 0)
            return mailgun_assignment();
        for (int tries = 0; tries < 4; ++tries) {
            auto e =
                secretls::detectors::expand_template(templates_[rng_() % templates_.size()], rng_);
            if (e.error.empty())
                return e.text;
        }
        return mailgun_assignment();
    }
    // A key-+32 hex Mailgun-shaped value built here, independent of rule templates.
    std::string mailgun_assignment() {
        static const char* hex = "0123456789abcdef";
        std::string key = "key-";
        for (int i = 0; i < 32; ++i)
            key += hex[rng_() % 16];
        return "MAILGUN_API_KEY = \"" + key + "\"";
    }

private:
    std::mt19937_64& rng_;
    std::vector<std::string> templates_;
};

const std::vector<std::string> kPlainLines = {
    "def main():",
    "    return compute(x, y) + 1",
    "// just a comment about keys and tokens",
    "const name = \"café crème\";",
    "let 中文 = \"汉字测试\"; // CJK before a value",
    "emoji = \"😀🎉\"  # astral characters",
    "password = os.environ[\"PASSWORD\"]",
    "",
    "}",
    "    ",
    "x = 'Ωμέγα' + \"ß\"",
    "token: ${TOKEN}",
    "-----BEGIN PRIVATE KEY-----",
    "-----END PRIVATE KEY-----",
};

const std::vector<std::string> kSnippets = {
    "a",  "Z",    "=",  "\"",   "'",    " ",     "-",    "_",        "é", "中", "😀",
    "\n", "\r\n", "\r", "key-", "ghp_", "xoxb-", "AKIA", "sk_live_", ":", "/",  "0f"};

struct Runner {
    std::mt19937_64 rng;
    Scanner scanner;
    SecretFactory secrets;
    bool crlf = false;
    size_t edits = 0;
    uint64_t seed;
    size_t sequence = 0;

    explicit Runner(uint64_t s)
        : rng(s), scanner(rules_for_run(rng, 40)), secrets(rng, scanner), seed(s) {}

    size_t pick(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng() % n); }
    const char* eol() const { return crlf ? "\r\n" : "\n"; }

    std::string random_line() {
        switch (pick(4)) {
        case 0:
            return secrets.line();
        default:
            return kPlainLines[pick(kPlainLines.size())];
        }
    }
    std::string random_lines(size_t n) {
        std::string out;
        for (size_t i = 0; i < n; ++i)
            out += random_line() + eol();
        return out;
    }

    // A random offset that is not inside a UTF-8 sequence (LSP edits never split one).
    size_t boundary(const std::string& text, size_t at) {
        at = std::min(at, text.size());
        while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
            --at;
        return at;
    }
    size_t random_offset(const std::string& text) { return boundary(text, pick(text.size() + 1)); }

    std::string describe(const std::vector<Finding>& fs) {
        std::ostringstream out;
        for (const Finding& f : fs)
            out << "  " << scanner.rules()[f.rule_index].id << " secret [" << f.secret.begin << ","
                << f.secret.end << ") match [" << f.match.begin << "," << f.match.end << ")\n";
        return out.str();
    }

    // Applies an edit of bytes [b, e) both to the document (half the time through LSP
    // positions in the document's encoding) and to the shadow text.
    void edit(Document& doc, std::string& shadow, size_t b, size_t e, const std::string& with) {
        b = boundary(shadow, b);
        e = boundary(shadow, std::max(b, e));
        // Offsets between "\r" and "\n" have no LSP position: those go in as bytes.
        auto start = doc.position_of(b), end = doc.position_of(e);
        if (pick(2) == 0 && doc.offset_of(start) == b && doc.offset_of(end) == e)
            doc.apply(ContentChange{secretls::protocol::Range{start, end}, with});
        else
            doc.replace_bytes(b, e, with);
        shadow.replace(b, e - b, with);
        ++edits;
    }

    void check(Document& doc, const std::string& shadow, const char* what) {
        doc.rescan(scanner, {});
        // Compared as a bool: Catch would print the texts, fake secrets included.
        bool same_text = doc.text() == shadow;
        if (!same_text)
            FAIL("seed " << seed << " sequence " << sequence << " after " << what
                         << ": document text diverged from the shadow text");
        std::vector<Finding> fresh = scanner.scan(shadow);
        std::sort(fresh.begin(), fresh.end(), secretls::server::finding_less);
        if (doc.findings() != fresh) {
            FAIL("seed " << seed << " sequence " << sequence << " after " << what << " (edit #"
                         << edits << ", " << shadow.size() << " bytes)\nincremental:\n"
                         << describe(doc.findings()) << "fresh scan:\n"
                         << describe(fresh));
        }
        if (edits % 16 == 0) {
            bool same_lines = doc.lines() == LineTable(shadow);
            REQUIRE(same_lines);
        }
    }

    void type_key(Document& doc, std::string& shadow) {
        std::string line = secrets.line();
        size_t at = random_offset(shadow);
        for (size_t i = 0; i < line.size();) {
            size_t len = 1;
            while (i + len < line.size() &&
                   (static_cast<unsigned char>(line[i + len]) & 0xC0) == 0x80)
                ++len;
            edit(doc, shadow, at, at, line.substr(i, len));
            at += len;
            i += len;
            check(doc, shadow, "typing a key");
        }
    }

    // A finding of the current text, if any (for edits inside secrets and blocks).
    const Finding* some_finding(const Document& doc) {
        if (doc.findings().empty())
            return nullptr;
        return &doc.findings()[pick(doc.findings().size())];
    }

    void step(Document& doc, std::string& shadow) {
        switch (pick(10)) {
        case 0: { // insert a snippet
            size_t at = random_offset(shadow);
            edit(doc, shadow, at, at, kSnippets[pick(kSnippets.size())]);
            check(doc, shadow, "insert");
            break;
        }
        case 1: { // delete a range (small or large)
            size_t b = random_offset(shadow);
            size_t len = pick(4) == 0 ? pick(400) : pick(8);
            edit(doc, shadow, b, b + len, "");
            check(doc, shadow, "delete");
            break;
        }
        case 2: { // replace a range
            size_t b = random_offset(shadow);
            edit(doc, shadow, b, b + pick(30), kSnippets[pick(kSnippets.size())] + random_line());
            check(doc, shadow, "replace");
            break;
        }
        case 3: { // multi-line paste
            size_t at = random_offset(shadow);
            edit(doc, shadow, at, at, random_lines(1 + pick(6)));
            check(doc, shadow, "paste");
            break;
        }
        case 4:
            type_key(doc, shadow);
            break;
        case 5: { // delete half of a key
            if (const Finding* f = some_finding(doc)) {
                size_t b = f->secret.begin, e = f->secret.end;
                bool front = pick(2) == 0;
                size_t mid = b + (e - b) / 2;
                edit(doc, shadow, front ? b : mid, front ? mid : e, "");
                check(doc, shadow, "delete half a key");
            }
            break;
        }
        case 6: { // edit inside a match (a multi-line block when there is one)
            if (const Finding* f = some_finding(doc)) {
                size_t at = f->match.begin + pick(f->match.end - f->match.begin + 1);
                edit(doc, shadow, at, at + pick(3), pick(2) ? eol() : "x");
                check(doc, shadow, "edit inside a match");
            }
            break;
        }
        case 7: { // several edits, one rescan (dirty regions accumulate and shift)
            for (size_t i = 0, n = 2 + pick(5); i < n; ++i) {
                size_t at = random_offset(shadow);
                edit(doc, shadow, at, at + pick(5),
                     pick(3) ? kSnippets[pick(kSnippets.size())] : random_lines(1));
            }
            check(doc, shadow, "batch of edits");
            break;
        }
        case 8: { // split or join a CRLF line break
            size_t at = shadow.find('\r', random_offset(shadow));
            if (at == std::string::npos)
                at = random_offset(shadow);
            else
                ++at;
            edit(doc, shadow, at, at + (pick(2) ? 1 : 0), pick(2) ? "\n" : "");
            check(doc, shadow, "CRLF edge");
            break;
        }
        default: { // full replacement now and then
            if (pick(20) == 0) {
                std::string text = random_lines(3 + pick(15));
                doc.apply(ContentChange{std::nullopt, text});
                shadow = text;
                ++edits;
                check(doc, shadow, "full change");
            } else {
                size_t at = random_offset(shadow);
                edit(doc, shadow, at, at, random_line() + eol());
                check(doc, shadow, "insert line");
            }
        }
        }
    }

    void run_sequence(size_t steps) {
        crlf = pick(3) == 0;
        static const PositionEncoding encodings[] = {
            PositionEncoding::UTF16, PositionEncoding::UTF8, PositionEncoding::UTF32};
        std::string shadow = random_lines(4 + pick(12));
        Document doc(shadow, 1, encodings[pick(3)], scanner.max_context_lines());
        check(doc, shadow, "open");
        for (size_t i = 0; i < steps; ++i) {
            step(doc, shadow);
            // Keep documents small enough for the fresh scan after every step to stay cheap.
            if (shadow.size() > 1536) {
                edit(doc, shadow, 0, shadow.size() / 2, "");
                check(doc, shadow, "trim");
            }
        }
        ++sequence;
    }
};

} // namespace

TEST_CASE("incremental findings equal a fresh scan after random edits",
          "[server][incremental][property]") {
    const uint64_t seed = seed_from_env("SECRETLS_SEED");
    size_t target = 100000;
    if (const char* n = std::getenv("SECRETLS_PROPERTY_EDITS"))
        target = std::strtoull(n, nullptr, 10);
    std::cout << "incremental property test: SECRETLS_SEED=" << seed << " (" << target << " edits)"
              << std::endl;
    Runner runner(seed);
    while (runner.edits < target)
        runner.run_sequence(100);
    REQUIRE(runner.edits >= target);
}

TEST_CASE("line table follows edits that join and split CRLF", "[server][incremental]") {
    std::string text = "a\r\nb\rc\nd";
    LineTable lines(text);
    auto edit = [&](size_t b, size_t e, std::string with) {
        text.replace(b, e - b, with);
        lines.update(text, b, e, with.size());
        REQUIRE(lines == LineTable(text));
    };
    edit(2, 2, "x");  // a\rx\nb...: the CRLF splits in two line breaks
    edit(2, 3, "");   // joined again
    edit(5, 5, "\n"); // b\r + \n -> CRLF
    edit(0, 0, "\r"); // a leading CR
    edit(0, text.size(), "");
    REQUIRE(lines.line_count() == 1);
}

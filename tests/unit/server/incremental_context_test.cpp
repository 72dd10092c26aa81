//===--- incremental_context_test.cpp - Edits to a context rule's keyword line -------------===//
//
// A rule with context_lines = N is satisfied by a keyword up to N lines away from the match
// (detectors/rules/README.md). Editing only that keyword line must add or remove the finding
// through the incremental path (Document::rescan re-scans the dirty regions only), and the
// result must equal a fresh full scan. Values are generated, never real keys.
//
//===--------------------------------------------------------------------------------------===//
#include "detectors/rule_loader.h"
#include "detectors/scanner.h"
#include "server/document.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>

using secretls::detectors::Finding;
using secretls::detectors::Scanner;
using secretls::protocol::PositionEncoding;
using secretls::server::Document;

namespace {

constexpr std::string_view kRule = R"(
[[rule]]
id = "acme-key"
keywords = ["acme"]
regex = '''(?:^|[\s=:"'>])([A-Za-z0-9]{32})(?:$|[\s"'<])'''
secret_group = 1
entropy = 3.5
severity = "warning"
context_lines = 3
)";

Scanner context_scanner() {
    auto loaded = secretls::detectors::load_rules_toml(kRule, "test.toml", "test");
    REQUIRE(loaded.errors.empty());
    return Scanner(loaded.rules);
}

std::string random_base62(size_t n, std::mt19937_64& rng) {
    static constexpr std::string_view kAlphabet =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string out;
    for (size_t i = 0; i < n; ++i)
        out += kAlphabet[rng() % kAlphabet.size()];
    return out;
}

// Filler so that the document is much longer than the re-scanned window.
std::string filler_lines(int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += "line " + std::to_string(i) + " of ordinary text\n";
    return out;
}

void require_fresh(const Document& doc, const Scanner& scanner) {
    std::vector<Finding> fresh = scanner.scan(doc.text());
    std::sort(fresh.begin(), fresh.end(), secretls::server::finding_less);
    REQUIRE(doc.findings() == fresh);
}

} // namespace

TEST_CASE("editing the keyword line of a context rule adds and removes its finding",
          "[server][incremental][context]") {
    std::mt19937_64 rng(std::random_device{}());
    const Scanner scanner = context_scanner();
    const std::string value = random_base62(32, rng);
    // The keyword line is three lines above the value: the edge of context_lines = 3.
    const std::string head = filler_lines(200);
    const std::string keyword_line = "# vendor credentials\n";
    const std::string body = "region: eu\nretries: 3\nAPI_KEY=" + value + "\n";
    const std::string tail = filler_lines(200);
    Document doc(head + keyword_line + body + tail, 1, PositionEncoding::UTF8,
                 scanner.max_context_lines());
    doc.rescan(scanner, {});
    CHECK(doc.findings().empty()); // no "acme" anywhere yet

    // "vendor" -> "Acme": only the keyword line changes.
    const size_t word = head.size() + 2;
    doc.replace_bytes(word, word + 6, "Acme");
    REQUIRE(doc.needs_rescan());
    doc.rescan(scanner, {});
    CHECK(doc.last_rescan_bytes() < doc.text().size() / 4); // incremental, not a full scan
    REQUIRE(doc.findings().size() == 1);
    const Finding& f = doc.findings()[0];
    CHECK(doc.text().substr(f.secret.begin, f.secret.end - f.secret.begin) == value);
    require_fresh(doc, scanner);

    // A blank line between keyword and value: four lines away, out of context.
    const size_t after_keyword = head.size() + keyword_line.size() - 2; // "vendor" -> "Acme"
    doc.replace_bytes(after_keyword, after_keyword, "\n");
    doc.rescan(scanner, {});
    CHECK(doc.findings().empty());
    require_fresh(doc, scanner);

    // Joined again, then the keyword removed through an LSP range edit of its line.
    doc.replace_bytes(after_keyword, after_keyword + 1, "");
    doc.rescan(scanner, {});
    REQUIRE(doc.findings().size() == 1);
    const auto start = doc.position_of(word);
    const auto end = doc.position_of(word + 4);
    doc.apply({secretls::protocol::Range{start, end}, "other"});
    doc.rescan(scanner, {});
    CHECK(doc.findings().empty());
    require_fresh(doc, scanner);

    // A keyword typed below the value (three lines down) brings it back.
    const size_t below = doc.text().find("line 2 of", head.size()); // in the tail
    REQUIRE(below != std::string::npos);
    doc.replace_bytes(below, below, "acme ");
    doc.rescan(scanner, {});
    CHECK(doc.findings().size() == 1);
    require_fresh(doc, scanner);
}

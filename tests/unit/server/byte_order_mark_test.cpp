//===--- byte_order_mark_test.cpp - A UTF-8 byte-order mark does not hide line 1 ----------===//
//
// A rule anchored at the start of a line must find a secret on line 1 of a file that starts
// with the UTF-8 byte-order mark EF BB BF (Windows editors write it), through both consumers
// of the scanner: an open document (the language server's incremental path) and
// `secretls scan`. Offsets are those of the real text (the mark counts). The rule is a test
// rule, so the check does not depend on the built-in rules; values are generated per run.
// It allows no blank before the name: replacing the mark with spaces would not do.
//
//===--------------------------------------------------------------------------------------===//
#include "detectors/rule_loader.h"
#include "detectors/scanner.h"
#include "fixes_support.h"
#include "server/cli.h"
#include "server/document.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

namespace fs = std::filesystem;
using secretls::detectors::Scanner;
using secretls::protocol::PositionEncoding;
using secretls::server::Document;
using secretls::server::testing::random_alnum;
using secretls::server::testing::read_and_close;

namespace {

constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

// Anchored like the line-oriented config rules (`^[ \t]*name = value$`); the name holds no
// keyword of a built-in rule, so in the CLI test no built-in rule outranks this one.
constexpr std::string_view kRule = R"(
[[rule]]
id = "anchored-test-key"
keywords = ["anchored_thing"]
regex = '''^anchored_thing[ \t]*=[ \t]*([A-Za-z0-9]{32})[ \t]*$'''
secret_group = 1
severity = "warning"
)";

Scanner anchored_scanner() {
    auto loaded = secretls::detectors::load_rules_toml(kRule, "test.toml", "test");
    REQUIRE(loaded.errors.empty());
    return Scanner(loaded.rules);
}

} // namespace

TEST_CASE("an open document finds a line-anchored secret on line 1 after a byte-order mark",
          "[server][bom]") {
    const Scanner scanner = anchored_scanner();
    const std::string key = random_alnum(32);
    const std::string line1 = "anchored_thing = " + key + "\r\n";
    for (bool bom : {false, true}) {
        const std::string prefix = bom ? std::string(kUtf8ByteOrderMark) : "";
        Document doc(prefix + line1 + "other = 1\r\n", 1, PositionEncoding::UTF16,
                     scanner.max_context_lines());
        doc.rescan(scanner, {"config.ini", "ini"});
        INFO("with byte-order mark: " << bom);
        REQUIRE(doc.findings().size() == 1);
        const auto& f = doc.findings()[0];
        CHECK(f.secret.begin == prefix.size() + line1.find(key));
        CHECK(f.secret.end - f.secret.begin == key.size());
        // The mark is one UTF-16 unit before the line's text.
        CHECK(doc.range_of(f.secret).start.character == (bom ? 1u : 0u) + line1.find(key));
    }
}

TEST_CASE("secretls scan finds a line-anchored secret on line 1 after a byte-order mark",
          "[server][bom][cli]") {
    const fs::path root =
        fs::temp_directory_path() / ("secretls-bom-test-" + std::to_string(std::random_device{}()));
    fs::create_directories(root / "tree");
    const std::string key = random_alnum(32);
    const std::string line1 = "anchored_thing = " + key + "\n";
    std::ofstream(root / "rules.toml", std::ios::binary) << kRule;
    std::ofstream(root / "tree" / "plain.ini", std::ios::binary) << line1;
    std::ofstream(root / "tree" / "bom.ini", std::ios::binary) << kUtf8ByteOrderMark << line1;

    std::FILE* out = std::tmpfile();
    std::FILE* err = std::tmpfile();
    const int code = secretls::server::run_scan_command(
        {"--format", "json", "--config", (root / "rules.toml").string(), (root / "tree").string()},
        out, err);
    const std::string output = read_and_close(out);
    const std::string errors = read_and_close(err);
    fs::remove_all(root);
    REQUIRE(output.find(key) == std::string::npos); // masked, never in clear
    INFO(output << errors);                         // masked output
    REQUIRE(code == 1);
    size_t bom_findings = 0, plain_findings = 0;
    const nlohmann::json doc = nlohmann::json::parse(output);
    for (const auto& f : doc["findings"]) {
        if (f["rule"] != "anchored-test-key")
            continue;
        const bool bom = f["path"].get<std::string>().ends_with("bom.ini");
        ++(bom ? bom_findings : plain_findings);
        CHECK(f["line"] == 1);
        CHECK(f["start_byte"].get<size_t>() == (bom ? 3 : 0) + line1.find(key));
        CHECK(f["end_byte"].get<size_t>() - f["start_byte"].get<size_t>() == key.size());
    }
    CHECK(plain_findings == 1);
    CHECK(bom_findings == 1);
}

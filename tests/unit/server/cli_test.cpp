//===--- cli_test.cpp - `secretls scan` and `secretls rules` ---------------------------------===//
//
// Scans a generated folder (fake keys made per run) and checks the formats, the exit codes,
// the skipped files (.git/, binary) and that output order does not depend on --jobs. No
// output may hold a key in clear.
//
//===--------------------------------------------------------------------------------------===//
#include "fixes_support.h"
#include "server/cli.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

namespace fs = std::filesystem;
using nlohmann::json;
using secretls::server::run_rules_command;
using secretls::server::run_scan_command;

namespace {

std::string fake_key() {
    static std::mt19937_64 rng{std::random_device{}()};
    std::string key = "key-";
    for (int i = 0; i < 32; ++i)
        key += "0123456789abcdef"[rng() % 16];
    return key;
}

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

struct Output {
    int code = -1;
    std::string out, err;
};

Output run(int (*command)(const std::vector<std::string>&, std::FILE*, std::FILE*),
           std::vector<std::string> args) {
    std::FILE* out = std::tmpfile();
    std::FILE* err = std::tmpfile();
    Output o;
    o.code = command(args, out, err);
    o.out = secretls::server::testing::read_and_close(out);
    o.err = secretls::server::testing::read_and_close(err);
    return o;
}

// A folder with keys in two files, one in .git/ (skipped) and one in a binary file.
struct Tree {
    fs::path root;
    std::vector<std::string> keys;
    Tree() {
        root = fs::temp_directory_path() /
               ("secretls-cli-test-" + std::to_string(std::random_device{}()));
        for (int i = 0; i < 4; ++i)
            keys.push_back(fake_key());
        write(root / "b.py", "x = 1\nMAILGUN = \"" + keys[0] + "\"\n");
        write(root / "a" / "c.js", "// é中😀\nconst k = '" + keys[1] + "';\n");
        write(root / ".git" / "config", "k = " + keys[2] + "\n");
        write(root / "blob.bin", std::string("\0\0\0", 3) + keys[3]);
        write(root / "clean.txt", "nothing to see\n");
    }
    ~Tree() { fs::remove_all(root); }
    void require_masked(const std::string& text) const {
        for (const std::string& k : keys) {
            bool in_clear = text.find(k) != std::string::npos;
            REQUIRE_FALSE(in_clear);
        }
    }
};

} // namespace

TEST_CASE("scan --format json reports each finding once, in path order, masked", "[cli]") {
    Tree tree;
    Output o = run(run_scan_command, {"--format", "json", tree.root.string()});
    tree.require_masked(o.out + o.err);
    REQUIRE(o.code == 1);
    json doc = json::parse(o.out);
    const json& findings = doc["findings"];
    REQUIRE(findings.size() == 2);
    CHECK(findings[0]["path"].get<std::string>().ends_with("a/c.js"));
    CHECK(findings[1]["path"].get<std::string>().ends_with("b.py"));
    // c.js line 2: "const k = '" is 11 bytes -> column 12 (bytes + 1).
    CHECK(findings[0]["rule"] == "mailgun-api-key");
    CHECK(findings[0]["line"] == 2);
    CHECK(findings[0]["column"] == 12);
    CHECK(findings[0]["end_column"] == 12 + 36);
    CHECK(findings[0]["end_byte"].get<size_t>() - findings[0]["start_byte"].get<size_t>() == 36);
    CHECK(findings[0]["masked"].get<std::string>().ends_with(tree.keys[1].substr(32)));
    CHECK(findings[0]["fingerprint"].get<std::string>().size() >= 16);
    CHECK(doc["errors"].empty());
    CHECK(doc["stats"]["files"] == 3); // b.py, c.js, clean.txt (not .git/, not the binary)
}

TEST_CASE("scan output does not depend on --jobs", "[cli]") {
    Tree tree;
    for (int i = 0; i < 30; ++i)
        write(tree.root / "many" / ("f" + std::to_string(i) + ".env"),
              "MAILGUN_API_KEY=" + fake_key() + "\n");
    Output one = run(run_scan_command, {"--jobs", "1", tree.root.string()});
    Output four = run(run_scan_command, {"--jobs=4", tree.root.string()});
    auto without_summary = [](const std::string& s) {
        return s.substr(0, s.rfind('\n', s.size() - 2));
    };
    CHECK(one.code == 1);
    CHECK(without_summary(one.out) == without_summary(four.out));
}

TEST_CASE("scan text and sarif formats", "[cli]") {
    Tree tree;
    Output text = run(run_scan_command, {tree.root.string()});
    tree.require_masked(text.out + text.err);
    CHECK(text.out.find(":2:12: error mailgun-api-key Mailgun private API key: key-") !=
          std::string::npos);
    CHECK(text.out.find("2 findings in 2 files") != std::string::npos);

    Output sarif = run(run_scan_command, {"--format", "sarif", tree.root.string()});
    tree.require_masked(sarif.out + sarif.err);
    json doc = json::parse(sarif.out);
    CHECK(doc["version"] == "2.1.0");
    const json& run0 = doc["runs"][0];
    CHECK(run0["tool"]["driver"]["rules"][0]["id"] == "mailgun-api-key");
    const json& result = run0["results"][0];
    CHECK(result["ruleId"] == "mailgun-api-key");
    CHECK(result["partialFingerprints"].size() == 1);
    // utf-16 columns: "const k = '" -> 12, the line has no non-ASCII before the key.
    CHECK(result["locations"][0]["physicalLocation"]["region"]["startColumn"] == 12);
}

// UTF-16 code units of UTF-8 text, counted independently of protocol/position.
static size_t utf16_units(std::string_view s) {
    size_t units = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c & 0xC0) != 0x80) // a lead byte: one character
            units += c >= 0xF0 ? 2 : 1;
    }
    return units;
}

// Several findings on one line are converted in one pass (protocol::ColumnCursor): each must
// still get its own UTF-16 columns, with astral characters between them.
TEST_CASE("scan sarif columns of several findings on one line with non-ASCII between", "[cli]") {
    Tree tree;
    const std::string keys[] = {fake_key(), fake_key(), fake_key()};
    const std::string prefixes[] = {"a = '", "' \xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80 b = '",
                                    "' \xF0\x9F\x98\x80\xF0\x9F\x98\x80 c = '"};
    std::string line, before[3];
    for (int i = 0; i < 3; ++i) {
        line += prefixes[i];
        before[i] = line;
        line += keys[i];
    }
    write(tree.root / "one" / "long.py", line + "'\n");
    Output sarif =
        run(run_scan_command, {"--format", "sarif", (tree.root / "one" / "long.py").string()});
    json doc = json::parse(sarif.out);
    const json& results = doc["runs"][0]["results"];
    REQUIRE(results.size() == 3);
    for (int i = 0; i < 3; ++i) {
        const json& region = results[i]["locations"][0]["physicalLocation"]["region"];
        INFO("finding " << i);
        CHECK(region["startLine"] == 1);
        CHECK(region["startColumn"] == utf16_units(before[i]) + 1);
        CHECK(region["endColumn"] == utf16_units(before[i]) + 36 + 1);
    }
}

TEST_CASE("scan exit codes: 0 clean, 2 for usage and I/O errors", "[cli]") {
    Tree tree;
    CHECK(run(run_scan_command, {(tree.root / "clean.txt").string()}).code == 0);
    Output missing = run(run_scan_command, {(tree.root / "nope").string()});
    CHECK(missing.code == 2);
    CHECK(missing.err.find("no such file") != std::string::npos);
    CHECK(run(run_scan_command, {}).code == 2);
    CHECK(run(run_scan_command, {"--format", "xml", "x"}).code == 2);
    CHECK(run(run_scan_command, {"--jobs", "0", "x"}).code == 2);
    CHECK(run(run_scan_command, {"--bogus", "x"}).code == 2);
}

TEST_CASE("rules lists one id per line", "[cli]") {
    Output o = run(run_rules_command, {});
    CHECK(o.code == 0);
    CHECK(o.out.find("mailgun-api-key\n") != std::string::npos);
    Output verbose = run(run_rules_command, {"--verbose"});
    CHECK(verbose.out.find("mailgun-api-key\tMailgun\t") != std::string::npos);
    CHECK(run(run_rules_command, {"--nope"}).code == 2);
}

// The configuration sees walked files by their path relative to the workspace root (the
// first PATH); the CLI derives it once per walked folder (cli.cpp, WalkBase), which must
// agree with Engine::relative_path for files under the root and under a second PATH alike.
TEST_CASE("scan: path allowlists see walked files relative to the workspace root", "[cli]") {
    Tree tree;
    write(tree.root / ".secretls.toml", "[allowlist]\npaths = ['''^sub/skip/''']\n");
    write(tree.root / "sub" / "skip" / "a.env", "MAILGUN_API_KEY=" + fake_key() + "\n");
    write(tree.root / "sub" / "keep" / "b.env", "MAILGUN_API_KEY=" + fake_key() + "\n");
    // The root walked; then a file there (naming the root) and a second PATH walked.
    const std::vector<std::vector<std::string>> scans = {
        {tree.root.string()}, {(tree.root / "clean.txt").string(), (tree.root / "sub").string()}};
    for (const std::vector<std::string>& paths : scans) {
        std::vector<std::string> args = {"--format", "json"};
        args.insert(args.end(), paths.begin(), paths.end());
        Output o = run(run_scan_command, args);
        REQUIRE(o.code == 1);
        size_t kept = 0;
        const json doc = json::parse(o.out);
        for (const json& f : doc["findings"]) {
            const std::string path = f["path"].get<std::string>();
            CHECK(path.find("skip") == std::string::npos);
            kept += path.ends_with("sub/keep/b.env");
        }
        CHECK(kept == 1);
    }
}

TEST_CASE("scan --show-dropped says why a match is not reported, masked", "[cli]") {
    Tree tree;
    const std::string ignored_inline = fake_key(), ignored_by_file = fake_key();
    tree.keys.push_back(ignored_inline);
    tree.keys.push_back(ignored_by_file);
    write(tree.root / "d.env", "MAILGUN_API_KEY=key-" + std::string(32, '0') + "\n" +
                                   "MAILGUN_KEY=" + ignored_inline + " # secretls:ignore\n" +
                                   "MAILGUN_OLD=" + ignored_by_file + "\n");
    // The third key's fingerprint goes into .secretlsignore.
    const json before =
        json::parse(run(run_scan_command, {"--format", "json", tree.root.string()}).out);
    std::string fingerprint;
    for (const json& f : before["findings"])
        if (f["path"].get<std::string>().ends_with("d.env"))
            fingerprint = f["fingerprint"];
    REQUIRE_FALSE(fingerprint.empty());
    write(tree.root / ".secretlsignore", fingerprint + "\n");

    Output o = run(run_scan_command, {"--show-dropped", "--format", "json", tree.root.string()});
    tree.require_masked(o.out + o.err);
    CHECK(o.code == 1); // b.py and c.js still have findings; dropped ones change nothing
    const json doc = json::parse(o.out);
    std::map<size_t, std::string> reason_by_line;
    for (const json& d : doc["dropped"])
        if (d["path"].get<std::string>().ends_with("d.env") && d["rule"] == "mailgun-api-key")
            reason_by_line[d["line"].get<size_t>()] = d["reason"];
    CHECK(reason_by_line[1] == "entropy below the rule's minimum");
    CHECK(reason_by_line[2] == "an inline ignore comment");
    CHECK(reason_by_line[3] == "allowlisted or ignored by the workspace configuration");
    for (const json& f : doc["findings"])
        CHECK_FALSE(f["path"].get<std::string>().ends_with("d.env"));

    Output text = run(run_scan_command, {"--show-dropped", (tree.root / "d.env").string()});
    tree.require_masked(text.out + text.err);
    CHECK(text.code == 0); // only dropped matches: no finding
    CHECK(text.out.find(":2:13: dropped mailgun-api-key (an inline ignore comment): key-") !=
          std::string::npos);
    // Without the option, the JSON has no "dropped" member.
    CHECK_FALSE(json::parse(run(run_scan_command, {"--format", "json", tree.root.string()}).out)
                    .contains("dropped"));
    CHECK(run(run_scan_command, {"--show-dropped", "--format", "sarif", tree.root.string()}).code ==
          2);
}

TEST_CASE("scan --baseline reports only findings an earlier report does not hold", "[cli]") {
    Tree tree;
    const fs::path json_report = tree.root / "baseline.json";
    const fs::path sarif_report = tree.root / "baseline.sarif";
    write(json_report, run(run_scan_command, {"--format", "json", tree.root.string()}).out);
    write(sarif_report, run(run_scan_command, {"--format", "sarif", tree.root.string()}).out);
    // With the path spelled another way: known all the same.
    const std::string spelled = (tree.root / "." / "a" / "..").string() + "/";
    for (const fs::path& report : {json_report, sarif_report}) {
        Output o = run(run_scan_command, {"--baseline", report.string(), spelled});
        CHECK(o.code == 0);
        CHECK(o.out.find("0 findings") != std::string::npos);
        CHECK(o.out.find("2 known from the baseline") != std::string::npos);
    }

    // A line above the known key moves it; a new key, and a known key pasted elsewhere.
    const std::string new_key = fake_key();
    tree.keys.push_back(new_key);
    write(tree.root / "b.py", "import os\n\nx = 1\nMAILGUN = \"" + tree.keys[0] + "\"\n");
    write(tree.root / "d.py", "OTHER = \"" + new_key + "\"\nCOPY = \"" + tree.keys[1] + "\"\n");
    for (const fs::path& report : {json_report, sarif_report}) {
        Output o = run(run_scan_command, {"--baseline", report.string(), "--format", "json",
                                          "--show-dropped", tree.root.string()});
        tree.require_masked(o.out + o.err);
        CHECK(o.code == 1);
        const json doc = json::parse(o.out);
        std::vector<std::pair<std::string, size_t>> reported;
        for (const json& f : doc["findings"])
            reported.emplace_back(fs::path(f["path"].get<std::string>()).filename(), f["line"]);
        CHECK(reported == std::vector<std::pair<std::string, size_t>>{{"d.py", 1}, {"d.py", 2}});
        CHECK(doc["stats"]["baseline_known"] == 2);
        size_t listed_as_known = 0;
        for (const json& d : doc["dropped"])
            listed_as_known += d["reason"] == "already in the baseline (--baseline)";
        CHECK(listed_as_known == 2);
    }
    // Without --baseline, nothing changes: all four are reported.
    CHECK(
        json::parse(run(run_scan_command, {"--format", "json", tree.root.string()}).out)["findings"]
            .size() == 4);
}

TEST_CASE("scan --baseline refuses a missing or foreign report with exit code 2", "[cli]") {
    Tree tree;
    write(tree.root / "other.json", R"({"results": []})");
    for (const std::string& report :
         {(tree.root / "missing.json").string(), (tree.root / "other.json").string(),
          (tree.root / "b.py").string()}) {
        Output o = run(run_scan_command, {"--baseline", report, tree.root.string()});
        tree.require_masked(o.out + o.err);
        CHECK(o.code == 2);
        CHECK(o.err.find("--baseline " + report + ": ") != std::string::npos);
        CHECK(o.out.empty());
    }
    CHECK(run(run_scan_command, {tree.root.string(), "--baseline"}).code == 2);
}

TEST_CASE("scan: a file named by two PATHs is reported once, under its first name", "[cli]") {
    Tree tree;
    const std::string b = (tree.root / "b.py").string();
    const std::string b_again = (tree.root / "a" / ".." / "." / "b.py").string();
    const json doc = json::parse(
        run(run_scan_command, {"--format", "json", b, tree.root.string(), b_again}).out);
    std::vector<std::string> paths;
    for (const json& f : doc["findings"])
        paths.push_back(f["path"]);
    CHECK(paths == std::vector<std::string>{b, (tree.root / "a" / "c.js").string()});
    // A missing file named twice is one error.
    Output o = run(run_scan_command, {"nope.py", "./nope.py", b});
    CHECK(o.code == 2);
    CHECK(o.err.find("nope.py") == o.err.rfind("nope.py"));
}

TEST_CASE("scan skips dependency folders unless configured or named", "[cli]") {
    Tree tree;
    const std::string in_dependency = fake_key(), in_own_vendor = fake_key();
    tree.keys.push_back(in_dependency);
    tree.keys.push_back(in_own_vendor);
    for (const char* folder : {"node_modules/left-pad", "vendor/github.com/acme/x",
                               "venv/lib/python3.11/site-packages/pkg"})
        write(tree.root / folder / "config.js", "const k = '" + in_dependency + "';\n");
    write(tree.root / "vendor" / "acme" / "config.js", "const k = '" + in_own_vendor + "';\n");
    auto reported_files = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--format", "json"});
        Output o = run(run_scan_command, args);
        tree.require_masked(o.out + o.err);
        std::set<std::string> files;
        const json doc = json::parse(o.out);
        for (const json& f : doc["findings"])
            files.insert(fs::path(f["path"].get<std::string>()).lexically_relative(tree.root));
        return files;
    };
    CHECK(reported_files({tree.root.string()}) ==
          std::set<std::string>{"a/c.js", "b.py", "vendor/acme/config.js"});
    // Named on the command line, a dependency is scanned: it is then the workspace.
    CHECK(reported_files({(tree.root / "node_modules" / "left-pad").string()}) ==
          std::set<std::string>{"node_modules/left-pad/config.js"});
    write(tree.root / ".secretls.toml", "skip_dependencies = false\n");
    CHECK(reported_files({tree.root.string()}).size() == 6);
}

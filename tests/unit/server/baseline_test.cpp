//===--- baseline_test.cpp - Reading an earlier report for `scan --baseline` ----------------===//
//
// The report formats the CLI writes (JSON and SARIF), paths spelled in different ways, and
// the clear refusals for anything else. The fingerprints here are made up: a baseline only
// ever holds fingerprints and masked values, never a secret.
//
//===--------------------------------------------------------------------------------------===//
#include "server/baseline.h"
#include "server/uri.h"

#include <catch2/catch.hpp>

using secretls::server::Baseline;
using secretls::server::comparable_path;
using secretls::server::percent_decoded;

TEST_CASE("baseline: a JSON report's findings are known by file and fingerprint", "[baseline]") {
    Baseline b;
    REQUIRE_FALSE(b.parse(R"({"findings": [
        {"path": "./src/a.py", "rule": "x", "line": 3, "fingerprint": "f1"},
        {"path": "src/b.py", "fingerprint": "f2"}], "errors": []})"));
    CHECK(b.size() == 2);
    CHECK(b.knows("src/a.py", "f1"));
    CHECK(b.knows("./src/./a.py", "f1"));
    CHECK(b.knows("src//b.py", "f2"));
    CHECK_FALSE(b.knows("src/b.py", "f1")); // the same secret in another file is new
    CHECK_FALSE(b.knows("src/a.py", "f3"));
}

TEST_CASE("baseline: a SARIF report's results, with percent-encoded paths", "[baseline]") {
    Baseline b;
    REQUIRE_FALSE(b.parse(R"({"version": "2.1.0", "runs": [{"results": [
        {"ruleId": "x", "partialFingerprints": {"secretls/v1": "f1"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "docs/my%20notes%C3%A9.md"}}}]}
        ]}]})"));
    CHECK(b.size() == 1);
    CHECK(b.knows("docs/my notes\xC3\xA9.md", "f1"));
    CHECK_FALSE(b.knows("docs/my%20notes%C3%A9.md", "f1"));
}

TEST_CASE("baseline: an empty report knows nothing and is not an error", "[baseline]") {
    Baseline b;
    CHECK_FALSE(b.parse(R"({"findings": []})"));
    CHECK_FALSE(b.parse(R"({"runs": [{"results": []}]})"));
    CHECK(b.size() == 0);
}

TEST_CASE("baseline: anything but our reports is refused, saying why", "[baseline]") {
    const char* not_reports[] = {
        "",
        "not json",
        "[1, 2]",
        R"({"something": []})",
        R"({"findings": {}})",
        R"({"findings": [{"path": "a.py"}]})",
        R"({"findings": [{"fingerprint": "f1"}]})",
        R"({"runs": [{"results": [{"ruleId": "x", "locations": []}]}]})", // another tool's SARIF
        R"({"runs": [{"results": [{"partialFingerprints": {"secretls/v1": "f"}}]}]})",
        R"({"runs": [{}]})",
        R"({"runs": [{"results": [{"partialFingerprints": {"secretls/v1": "f"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a%2"}}}]}]}]})",
    };
    for (const char* text : not_reports) {
        Baseline b;
        INFO(text);
        auto problem = b.parse(text);
        REQUIRE(problem);
        CHECK_FALSE(problem->empty());
        CHECK(b.size() == 0);
    }
}

TEST_CASE("baseline: a refused report leaves what was known", "[baseline]") {
    Baseline b;
    REQUIRE_FALSE(b.parse(R"({"findings": [{"path": "a.py", "fingerprint": "f1"}]})"));
    REQUIRE(b.parse(R"({"findings": [{"path": "b.py", "fingerprint": "f2"}, {"path": 1}]})"));
    CHECK(b.size() == 1);
    CHECK_FALSE(b.knows("b.py", "f2"));
}

TEST_CASE("baseline: paths compare whatever the PATH's spelling", "[baseline]") {
    CHECK(comparable_path("./a/b.py") == "a/b.py");
    CHECK(comparable_path("a/./b.py") == "a/b.py");
    CHECK(comparable_path("a//b.py") == "a/b.py");
    CHECK(comparable_path("a/c/../b.py") == "a/b.py");
    CHECK(comparable_path("/abs/a.py") == "/abs/a.py");
    CHECK(comparable_path("<stdin>") == "<stdin>");
}

TEST_CASE("percent-decoding: escapes decode, malformed ones are refused", "[baseline]") {
    CHECK(percent_decoded("a/b.py") == "a/b.py");
    CHECK(percent_decoded("a%20b%2Fc") == "a b/c");
    CHECK(percent_decoded("%e2%82%ac") == "\xE2\x82\xAC");
    CHECK_FALSE(percent_decoded("a%"));
    CHECK_FALSE(percent_decoded("a%4"));
    CHECK_FALSE(percent_decoded("a%zz"));
}

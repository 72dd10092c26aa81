//===--- fixes_ignore_test.cpp - Inline ignore comments in each comment syntax ------------===//
#include "fixes_support.h"
#include "server/fixes/ignore.h"

using namespace secretls::server::fixes;
using secretls::server::testing::fake_token;
using secretls::server::testing::range_of;

namespace {

std::string ignored(std::string_view text, Language lang, std::string_view secret) {
    auto c = ignore_comment(text, lang, range_of(text, secret));
    return c ? apply_edits(std::string(text), {c->edit}) : "<none>";
}

} // namespace

TEST_CASE("line comments at the end of the finding's line", "[fixes][ignore]") {
    auto s = fake_token();
    CHECK(ignored("k = \"" + s + "\"\nx = 1\n", Language::Python, s) ==
          "k = \"" + s + "\" # secretls:ignore\nx = 1\n");
    CHECK(ignored("const k = '" + s + "';\r\n", Language::JavaScript, s) ==
          "const k = '" + s + "'; // secretls:ignore\r\n");
    CHECK(ignored("k: " + s, Language::Yaml, s) == "k: " + s + " # secretls:ignore");
    CHECK(ignored("local k = '" + s + "'\n", Language::Lua, s) ==
          "local k = '" + s + "' -- secretls:ignore\n");
    CHECK(ignored("SELECT '" + s + "';\n", Language::Sql, s) ==
          "SELECT '" + s + "'; -- secretls:ignore\n");
}

TEST_CASE("block and markup comments", "[fixes][ignore]") {
    auto s = fake_token();
    CHECK(ignored("const char *k = \"" + s + "\";\n", Language::C, s) ==
          "const char *k = \"" + s + "\"; /* secretls:ignore */\n");
    CHECK(ignored("<add key=\"k\" value=\"" + s + "\" />\n", Language::Xml, s) ==
          "<add key=\"k\" value=\"" + s + "\" /> <!-- secretls:ignore -->\n");
    // Inside an unfinished tag no comment may go.
    CHECK(ignored("<add key=\"k\"\n  value=\"" + s + "\"\n />\n", Language::Xml, s) == "<none>");
}

TEST_CASE("formats whose comments must start a line get a next-line marker", "[fixes][ignore]") {
    auto s = fake_token();
    CHECK(ignored("a=1\n  token=" + s + "\n", Language::Properties, s) ==
          "a=1\n  # secretls:ignore-next-line\n  token=" + s + "\n");
    CHECK(ignored("[x]\nk=" + s + "\n", Language::Ini, s) ==
          "[x]\n; secretls:ignore-next-line\nk=" + s + "\n");
    CHECK(ignored("FROM a\nENV K=" + s + "\n", Language::Dockerfile, s) ==
          "FROM a\n# secretls:ignore-next-line\nENV K=" + s + "\n");
}

TEST_CASE("no comment where it would change the program", "[fixes][ignore]") {
    auto s = fake_token();
    CHECK(ignored("{\"k\": \"" + s + "\"}\n", Language::Json, s) == "<none>");
    CHECK(ignored("k = \"\"\"" + s + "\nmore\"\"\"\n", Language::Python, s) == "<none>");
    CHECK(ignored("const k = `" + s + "\nmore`;\n", Language::JavaScript, s) == "<none>");
    CHECK(ignored("x = foo('" + s + "', \\\n  1)\n", Language::Python, s) == "<none>");
    CHECK(ignored("k: |\n  line " + s + "\n", Language::Yaml, s) == "<none>");
    // GitHub Actions run blocks are shell: a # comment is fine there.
    CHECK(ignored("steps:\n  - run: |\n      curl -u " + s + "\n", Language::GithubActions, s) ==
          "steps:\n  - run: |\n      curl -u " + s + " # secretls:ignore\n");
}

TEST_CASE("an existing line comment takes the marker", "[fixes][ignore]") {
    auto s = fake_token();
    CHECK(ignored("k = '" + s + "' # prod\n", Language::Python, s) ==
          "k = '" + s + "' # prod secretls:ignore\n");
    CHECK(ignored("k := \"" + s + "\" /* a */\n", Language::Go, s) ==
          "k := \"" + s + "\" /* a */ // secretls:ignore\n");
}

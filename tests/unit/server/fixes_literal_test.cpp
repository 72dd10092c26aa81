//===--- fixes_literal_test.cpp - Finding the literal around a secret ---------------------===//
#include "fixes_support.h"
#include "server/fixes/literal.h"

using namespace secretls::server::fixes;
using secretls::server::testing::fake_token;
using secretls::server::testing::range_of;

namespace {

// The literal around `secret` in `text`, as the text it spans.
std::string literal_text(std::string_view text, Language lang, std::string_view secret,
                         bool* whole = nullptr) {
    auto lit = find_enclosing_literal(text, range_of(text, secret), lang);
    if (!lit)
        return "<none>";
    if (whole)
        *whole = lit->whole;
    return std::string(text.substr(lit->literal.begin, lit->literal.end - lit->literal.begin));
}

} // namespace

TEST_CASE("Python prefixes and triple quotes", "[fixes][literal]") {
    auto s = fake_token();
    bool whole = false;
    CHECK(literal_text("x = b\"" + s + "\"\n", Language::Python, s, &whole) == "b\"" + s + "\"");
    CHECK(whole);
    CHECK(literal_text("x = rb'" + s + "'\n", Language::Python, s) == "rb'" + s + "'");
    CHECK(literal_text("x = f\"Bearer " + s + "\"\n", Language::Python, s, &whole) ==
          "f\"Bearer " + s + "\"");
    CHECK_FALSE(whole);
    std::string triple = "x = \"\"\"\nline one\ntoken " + s + "\n\"\"\"\n";
    CHECK(literal_text(triple, Language::Python, s) == triple.substr(4, triple.size() - 5));
    // An identifier ending in a prefix letter is not a prefix.
    CHECK(literal_text("sub\"" + s + "\"\n", Language::Python, s) == "\"" + s + "\"");
}

TEST_CASE("escaped quotes do not end a literal", "[fixes][literal]") {
    auto s = fake_token();
    std::string text = "x = \"a \\\" b " + s + "\"\n";
    CHECK(literal_text(text, Language::Python, s) == "\"a \\\" b " + s + "\"");
    std::string js = "const x = 'it\\'s ' + '" + s + "';\n";
    CHECK(literal_text(js, Language::JavaScript, s) == "'" + s + "'");
}

TEST_CASE("backticks: JS templates and Go raw strings", "[fixes][literal]") {
    auto s = fake_token();
    CHECK(literal_text("const h = `Bearer ${x} " + s + "`;\n", Language::JavaScript, s) ==
          "`Bearer ${x} " + s + "`");
    CHECK(literal_text("k := `raw\\" + s + "`\n", Language::Go, s) == "`raw\\" + s + "`");
}

TEST_CASE("Rust raw strings and lifetimes", "[fixes][literal]") {
    auto s = fake_token();
    std::string text = "fn f<'a>(x: &'a str) -> &'a str { x }\nconst K: &str = r#\"" + s + "\"#;\n";
    auto lit = find_enclosing_literal(text, range_of(text, s), Language::Rust);
    REQUIRE(lit);
    CHECK(lit->literal.prefix == "r");
    CHECK(lit->literal.open == "#\"");
    CHECK(lit->literal.close == "\"#");
    CHECK(lit->literal.raw);
    CHECK(lit->whole);
}

TEST_CASE("C#, C++ and C literal prefixes", "[fixes][literal]") {
    auto s = fake_token();
    CHECK(literal_text("var k = @\"a\"\"b " + s + "\";\n", Language::CSharp, s) ==
          "@\"a\"\"b " + s + "\"");
    CHECK(literal_text("var k = $\"{x} " + s + "\";\n", Language::CSharp, s) ==
          "$\"{x} " + s + "\"");
    CHECK(literal_text("auto k = R\"xy(a\")" + s + ")xy\";\n", Language::Cpp, s) ==
          "R\"xy(a\")" + s + ")xy\"");
    CHECK(literal_text("auto k = u8\"" + s + "\";\n", Language::Cpp, s) == "u8\"" + s + "\"");
    CHECK(literal_text("char c = '\"'; const char *k = \"" + s + "\";\n", Language::C, s) ==
          "\"" + s + "\"");
}

TEST_CASE("secrets in comments or bare code have no literal", "[fixes][literal]") {
    auto s = fake_token();
    CHECK(literal_text("# token " + s + "\n", Language::Python, s) == "<none>");
    CHECK(literal_text("/* " + s + " */\n", Language::Go, s) == "<none>");
    CHECK(literal_text("x = " + s + "\n", Language::Python, s) == "<none>");
    // A quote in a comment does not open a string.
    CHECK(literal_text("// don't\nk = \"" + s + "\"\n", Language::Go, s) == "\"" + s + "\"");
}

TEST_CASE("config formats: bare values", "[fixes][literal]") {
    auto s = fake_token();
    bool whole = false;
    CHECK(literal_text("api:\n  token: " + s + "\n", Language::Yaml, s, &whole) == s);
    CHECK(whole);
    CHECK(literal_text("url: https://u:" + s + "@h/x\n", Language::Yaml, s, &whole) ==
          "https://u:" + s + "@h/x");
    CHECK_FALSE(whole);
    CHECK(literal_text("it's: '" + s + "'\n", Language::Yaml, s) == "'" + s + "'");
    CHECK(literal_text("TOKEN=" + s + "\n", Language::Shell, s, &whole) == s);
    CHECK(literal_text("token=" + s + "\n", Language::Properties, s) == s);
}

TEST_CASE("region_at tells code, strings and comments apart", "[fixes][literal]") {
    std::string text = "a = 'x' # c\n";
    auto spans = lex(text, Language::Python);
    CHECK(region_at(spans, 0) == Region::Code);
    CHECK(region_at(spans, 5) == Region::String);
    CHECK(region_at(spans, 9) == Region::Comment);
    CHECK(region_at(spans, text.size() - 1) == Region::Code);
}

TEST_CASE("Lua long strings hold secrets like quoted ones", "[fixes][literal]") {
    auto s = secretls::server::testing::fake_token();
    using secretls::server::testing::fixed;
    CHECK(fixed("local k = [[" + s + "]]\n", Language::Lua, s) ==
          "local k = os.getenv(\"TESTCO_API_TOKEN\")\n");
    CHECK(fixed("local h = [==[Bearer " + s + "]==]\n", Language::Lua, s) ==
          "local h = [==[Bearer ]==] .. os.getenv(\"TESTCO_API_TOKEN\")\n");
    // A comment's long bracket is still a comment.
    CHECK(fixed("--[[ " + s + " ]]\nlocal x = 1\n", Language::Lua, s) ==
          "--[[ <redacted: TESTCO_API_TOKEN> ]]\nlocal x = 1\n");
}

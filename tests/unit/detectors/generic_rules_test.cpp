//===--- generic_rules_test.cpp - Generic rules and the file type -------------------------===//
//
// The generic rules (generic.toml) whose outcome depends on the file being scanned: the
// unquoted-password rule stays out of source code, the config-file password rule runs only in
// configuration formats, and a multi-character '...' in C-family code is a character literal.
// Values are random, generated per run.
//
//===--------------------------------------------------------------------------------------===//
#include "detectors/rule_loader.h"
#include "test_support.h"

#include <algorithm>

using namespace secretls::detectors;
using namespace secretls::detectors::testing;

namespace {

const Scanner& builtin() {
    static const Scanner scanner(builtin_rules());
    return scanner;
}

// Ids of the rules reporting exactly `secret` (found in `text`) when scanning it as `path`.
std::vector<std::string> rules_reporting(const std::string& text, std::string_view secret,
                                         const std::string& path) {
    ScanContext ctx;
    ctx.path = path;
    const size_t at = text.find(secret);
    std::vector<std::string> ids;
    for (const Finding& f : builtin().scan(text, ctx))
        if (f.secret.begin == at && f.secret.end == at + secret.size())
            ids.push_back(builtin().rules()[f.rule_index].id);
    return ids;
}

bool has(const std::vector<std::string>& ids, std::string_view id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

} // namespace

TEST_CASE("an unquoted password is reported in config files, not in source code",
          "[rules][generic]") {
    std::mt19937_64 rng(test_seed());
    const std::string value = random_from(kBase62, 14, rng) + "7";
    const std::string line = "password = " + value + "\n";
    for (const char* config : {"app.env", "settings.ini", "db.properties", "config/app.yaml"}) {
        INFO(config);
        CHECK_FALSE(rules_reporting(line, value, config).empty());
    }
    for (const char* code : {"main.py", "src/app.go", "lib/db.c", "App.java", "index.ts"}) {
        INFO(code);
        CHECK(rules_reporting(line, value, code).empty());
    }
    // The quoted form is a string literal everywhere.
    const std::string quoted = "password = \"" + value + "\"\n";
    CHECK(has(rules_reporting(quoted, value, "main.py"), "generic-password-assignment"));
}

TEST_CASE("a chosen password with spaces or low entropy is found in config files only",
          "[rules][generic]") {
    std::mt19937_64 rng(test_seed());
    const std::string value = random_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, rng) +
                              random_from("abcdefghijklmnopqrstuvwxyz", 4, rng) + " " +
                              random_from("0123456789", 4, rng) + "!";
    const std::string line = "smtp_password: \"" + value + "\"\n";
    CHECK(has(rules_reporting(line, value, "deploy/values.yaml"), "generic-password-config"));
    CHECK(has(rules_reporting(line, value, ".env.production"), "generic-password-config"));
    CHECK(rules_reporting(line, value, "notes.md").empty());
    CHECK(rules_reporting(line, value, "app.js").empty());
    // Descriptions and references are not passwords, in config files either.
    for (const std::string& text :
         std::vector<std::string>{"password: see the team vault\n", "password: ${SMTP_PASSWORD}\n",
                                  "password: !vault |\n", "password_hint: " + value + "\n"}) {
        INFO(text);
        CHECK(builtin().scan(text, ScanContext{"config.yaml", ""}).empty());
    }
}

TEST_CASE("single quotes hold a character literal in C-family code, a string elsewhere",
          "[rules][generic]") {
    std::mt19937_64 rng(test_seed());
    const std::string value = random_from(kBase62, 16, rng) + "!x";
    const std::string line = "db_pass = '" + value + "';\n";
    CHECK(rules_reporting(line, value, "db.c").empty());
    CHECK(rules_reporting(line, value, "Db.java").empty());
    CHECK_FALSE(rules_reporting(line, value, "db.py").empty());
    CHECK_FALSE(rules_reporting(line, value, "db.js").empty());
    // Unknown file type: no file-type filter applies.
    CHECK_FALSE(rules_reporting(line, value, "").empty());
    // The language id counts like the extension (an unsaved editor buffer has no extension).
    ScanContext c_buffer{"untitled:1", "c"};
    CHECK(builtin().scan(line, c_buffer).empty());
}

TEST_CASE("a secret with punctuation is found, a token with one stray character is not",
          "[rules][generic]") {
    std::mt19937_64 rng(test_seed());
    constexpr std::string_view kPunctuated = "abcdefghijklmnopqrstuvwxyz0123456789!@#^&*(-_=+)";
    // Starts and ends with a letter; holds at least three punctuation characters.
    const std::string key =
        "q" + random_from(kPunctuated, 20, rng) + "!@" + random_from(kPunctuated, 20, rng) + "^z";
    CHECK(has(rules_reporting("SECRET_KEY = '" + key + "'\n", key, "settings.py"),
              "generic-secret-symbols"));
    const std::string stray = random_from(kBase62, 18, rng) + "&" + random_from(kBase62, 18, rng);
    CHECK(rules_reporting("api_token = \"" + stray + "\"\n", stray, "client.go").empty());
}

// The filters see the file type in a real scan, not only when called directly: a type name
// next to "password" is code in a .py file and may be a chosen password in a config file.
TEST_CASE("a type name is not a password in code, and may be one in config", "[rules][generic]") {
    const std::string line = "password = \"ABNewPersonViewController\"\n";
    CHECK(rules_reporting(line, "ABNewPersonViewController", "lexer.py").empty());
    CHECK(has(rules_reporting(line, "ABNewPersonViewController", "app.yaml"),
              "generic-password-assignment"));
}

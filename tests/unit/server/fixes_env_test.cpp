//===--- fixes_env_test.cpp - Fix 1 per language: lookups, splices, imports ---------------===//
#include "fixes_support.h"
#include "server/fixes/fix_all.h"

using namespace secretls::server::fixes;
using secretls::server::testing::fake_token;
using secretls::server::testing::fixed;
using secretls::server::testing::range_of;

namespace {
const std::string kVar = "TESTCO_API_TOKEN";
}

TEST_CASE("Python: os.environ, import os after docstring and __future__", "[fixes][env]") {
    auto s = fake_token();
    std::string src = "\"\"\"Client.\"\"\"\nfrom __future__ import annotations\n\nimport sys\n\n"
                      "TOKEN = \"" +
                      s + "\"\n";
    std::string out = fixed(src, Language::Python, s);
    CHECK(out == "\"\"\"Client.\"\"\"\nfrom __future__ import annotations\nimport os\n\n"
                 "import sys\n\nTOKEN = os.environ[\"TESTCO_API_TOKEN\"]\n");
    // Already imported: no second import.
    std::string again = "import os, sys\nT = '" + s + "'\n";
    CHECK(fixed(again, Language::Python, s) ==
          "import os, sys\nT = os.environ[\"TESTCO_API_TOKEN\"]\n");
}

TEST_CASE("Python: partial strings become f-strings, braces escaped", "[fixes][env]") {
    auto s = fake_token();
    std::string src = "import os\nh = \"Bearer " + s + " {x}\"\n";
    CHECK(fixed(src, Language::Python, s) ==
          "import os\nh = f\"Bearer {os.environ['TESTCO_API_TOKEN']} {{x}}\"\n");
    std::string f = "import os\nh = f'{a}:" + s + "'\n";
    CHECK(fixed(f, Language::Python, s) ==
          "import os\nh = f'{a}:{os.environ[\"TESTCO_API_TOKEN\"]}'\n");
    std::string u = "import os\nh = u\"k=" + s + "\"\n";
    CHECK(fixed(u, Language::Python, s) ==
          "import os\nh = f\"k={os.environ['TESTCO_API_TOKEN']}\"\n");
    std::string b = "import os\nh = b\"" + s + "\"\n";
    CHECK(fixed(b, Language::Python, s) ==
          "import os\nh = os.environ[\"TESTCO_API_TOKEN\"].encode()\n");
}

TEST_CASE("JavaScript and TypeScript: process.env and template literals", "[fixes][env]") {
    auto s = fake_token();
    CHECK(fixed("const k = '" + s + "';\n", Language::JavaScript, s) ==
          "const k = process.env.TESTCO_API_TOKEN;\n");
    CHECK(fixed("const k: string = \"" + s + "\";\n", Language::TypeScript, s) ==
          "const k: string = process.env.TESTCO_API_TOKEN!;\n");
    CHECK(fixed("h('Bearer " + s + " `x` ${y}');\n", Language::JavaScript, s) ==
          "h(`Bearer ${process.env.TESTCO_API_TOKEN} \\`x\\` \\${y}`);\n");
    CHECK(fixed("h(`Bearer ${a}" + s + "`);\n", Language::JavaScript, s) ==
          "h(`Bearer ${a}${process.env.TESTCO_API_TOKEN}`);\n");
}

TEST_CASE("Go: os.Getenv, import block, const becomes var", "[fixes][env]") {
    auto s = fake_token();
    std::string src = "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\n"
                      "const token = \"Bearer " +
                      s + "\"\n";
    CHECK(fixed(src, Language::Go, s) ==
          "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n)\n\n"
          "var token = \"Bearer \" + os.Getenv(\"TESTCO_API_TOKEN\")\n");
    std::string bare = "package main\n\nfunc f() string { return `" + s + "` }\n";
    CHECK(fixed(bare, Language::Go, s) == "package main\n\nimport \"os\"\n\nfunc f() string { "
                                          "return os.Getenv(\"TESTCO_API_TOKEN\") }\n");
    std::string block = "package main\n\nconst (\n\tA = 1\n\tK = \"" + s + "\"\n)\n";
    CHECK(fixed(block, Language::Go, s) == "package main\n\nimport \"os\"\n\nvar (\n\tA = 1\n\tK = "
                                           "os.Getenv(\"TESTCO_API_TOKEN\")\n)\n");
}

TEST_CASE("JVM languages", "[fixes][env]") {
    auto s = fake_token();
    CHECK(fixed("String k = \"" + s + "\";\n", Language::Java, s) ==
          "String k = System.getenv(\"TESTCO_API_TOKEN\");\n");
    CHECK(fixed("int n = \"Bearer " + s + "\".length();\n", Language::Java, s) ==
          "int n = (\"Bearer \" + System.getenv(\"TESTCO_API_TOKEN\")).length();\n");
    CHECK(fixed("const val K = \"x:" + s + "\"\n", Language::Kotlin, s) ==
          "val K = \"x:${System.getenv(\"TESTCO_API_TOKEN\")}\"\n");
    CHECK(fixed("val k = \"a$" + s + "\"\n", Language::Scala, s) ==
          "val k = s\"a$$${sys.env(\"TESTCO_API_TOKEN\")}\"\n");
}

TEST_CASE("C#: Environment, using System, const", "[fixes][env]") {
    auto s = fake_token();
    std::string src =
        "using System.Net;\nclass C {\n  public const string K = @\"" + s + "\";\n}\n";
    CHECK(fixed(src, Language::CSharp, s) ==
          "using System;\nusing System.Net;\nclass C {\n  public static readonly string K = "
          "Environment.GetEnvironmentVariable(\"TESTCO_API_TOKEN\");\n}\n");
}

TEST_CASE("Ruby and PHP", "[fixes][env]") {
    auto s = fake_token();
    CHECK(fixed("k = \"Bearer " + s + "\"\n", Language::Ruby, s) ==
          "k = \"Bearer #{ENV.fetch(\"TESTCO_API_TOKEN\")}\"\n");
    CHECK(fixed("k = 'Bearer " + s + "'\n", Language::Ruby, s) ==
          "k = 'Bearer ' + ENV.fetch(\"TESTCO_API_TOKEN\")\n");
    CHECK(fixed("<?php\n$k = '" + s + "';\n", Language::Php, s) ==
          "<?php\n$k = getenv('TESTCO_API_TOKEN');\n");
    CHECK(fixed("<?php\n$k = \"Bearer " + s + "\";\n", Language::Php, s) ==
          "<?php\n$k = \"Bearer \" . getenv('TESTCO_API_TOKEN');\n");
    // A property default must be a constant expression: no fix rather than broken code.
    CHECK(fixed("<?php\nclass A {\n  private $k = '" + s + "';\n}\n", Language::Php, s) == "");
}

TEST_CASE("Rust: String where a value is needed, env! in const items", "[fixes][env]") {
    auto s = fake_token();
    CHECK(
        fixed("let k = \"" + s + "\";\n", Language::Rust, s) ==
        "let k = &std::env::var(\"TESTCO_API_TOKEN\").expect(\"TESTCO_API_TOKEN must be set\");\n");
    CHECK(fixed("let h = \"Bearer {" + s + "\";\n", Language::Rust, s) ==
          "let h = &format!(\"Bearer {{{}\", std::env::var(\"TESTCO_API_TOKEN\").expect("
          "\"TESTCO_API_TOKEN must be set\"));\n");
    CHECK(fixed("pub const K: &str = \"" + s + "\";\n", Language::Rust, s) ==
          "pub const K: &str = env!(\"TESTCO_API_TOKEN\");\n");
    CHECK(fixed("static H: &str = r#\"Bearer " + s + "\"#;\n", Language::Rust, s) ==
          "static H: &str = concat!(r#\"Bearer \"#, env!(\"TESTCO_API_TOKEN\"));\n");
}

TEST_CASE("Swift: environment with a default, Foundation imported", "[fixes][env]") {
    auto s = fake_token();
    CHECK(fixed("let k = \"" + s + "\"\n", Language::Swift, s) ==
          "import Foundation\nlet k = (ProcessInfo.processInfo.environment[\"TESTCO_API_TOKEN\"] "
          "?? \"\")\n");
    CHECK(fixed("import Foundation\nlet h = \"Bearer " + s + "\"\n", Language::Swift, s) ==
          "import Foundation\nlet h = \"Bearer \\(ProcessInfo.processInfo.environment["
          "\"TESTCO_API_TOKEN\"] ?? \"\")\"\n");
}

TEST_CASE("C and C++: getenv, includes, arrays, file scope", "[fixes][env]") {
    auto s = fake_token();
    std::string c =
        "#include <stdio.h>\nint main(void) {\n  char key[] = \"" + s + "\";\n  puts(key);\n}\n";
    CHECK(fixed(c, Language::C, s) ==
          "#include <stdlib.h>\n#include <stdio.h>\nint main(void) {\n  const char *key = "
          "getenv(\"TESTCO_API_TOKEN\");\n  puts(key);\n}\n");
    // A C file-scope initialiser must be constant.
    CHECK(fixed("static const char *k = \"" + s + "\";\n", Language::C, s) == "");
    CHECK(fixed("static constexpr const char* k = \"" + s + "\";\n", Language::Cpp, s) ==
          "#include <cstdlib>\nstatic const char* k = std::getenv(\"TESTCO_API_TOKEN\");\n");
    CHECK(fixed("std::string h = \"Bearer " + s + "\";\n", Language::Cpp, s) ==
          "#include <cstdlib>\nstd::string h = std::string(\"Bearer \") + "
          "std::getenv(\"TESTCO_API_TOKEN\");\n");
}

TEST_CASE("Shell and PowerShell", "[fixes][env]") {
    auto s = fake_token();
    CHECK(fixed("TOKEN=" + s + "\n", Language::Shell, s) == "TOKEN=\"${TESTCO_API_TOKEN}\"\n");
    CHECK(fixed("curl -H \"Authorization: Bearer " + s + "\"\n", Language::Shell, s) ==
          "curl -H \"Authorization: Bearer ${TESTCO_API_TOKEN}\"\n");
    CHECK(fixed("curl -H 'Bearer " + s + "'\n", Language::Shell, s) ==
          "curl -H 'Bearer '\"${TESTCO_API_TOKEN}\"''\n");
    CHECK(fixed("$k = '" + s + "'\n", Language::PowerShell, s) == "$k = $env:TESTCO_API_TOKEN\n");
    CHECK(fixed("$h = 'Bearer " + s + "'\n", Language::PowerShell, s) ==
          "$h = \"Bearer ${env:TESTCO_API_TOKEN}\"\n");
}

TEST_CASE("Infrastructure formats", "[fixes][env]") {
    auto s = fake_token();
    CHECK(fixed("FROM alpine\nENV TOKEN=" + s + "\n", Language::Dockerfile, s) ==
          "FROM alpine\nARG TESTCO_API_TOKEN\nENV TOKEN=${TESTCO_API_TOKEN}\n");
    CHECK(fixed("services:\n  api:\n    environment:\n      TOKEN: " + s + "\n",
                Language::DockerCompose, s) ==
          "services:\n  api:\n    environment:\n      TOKEN: \"${TESTCO_API_TOKEN}\"\n");
    CHECK(fixed("env:\n  TOKEN: " + s + "\n", Language::GithubActions, s) ==
          "env:\n  TOKEN: ${{ secrets.TESTCO_API_TOKEN }}\n");
    CHECK(fixed("provider \"x\" {\n  token = \"" + s + "\"\n}\n", Language::Terraform, s) ==
          "provider \"x\" {\n  token = var.testco_api_token\n}\n\nvariable \"testco_api_token\" "
          "{\n  type      = string\n  sensitive = true\n}\n");
}

TEST_CASE("Config formats keep their string with a placeholder", "[fixes][env]") {
    auto s = fake_token();
    CHECK(fixed("{\"token\": \"" + s + "\"}\n", Language::Json, s) ==
          "{\"token\": \"${TESTCO_API_TOKEN}\"}\n");
    CHECK(fixed("token = '" + s + "'\n", Language::Toml, s) == "token = '${TESTCO_API_TOKEN}'\n");
    CHECK(fixed("api.token=" + s + "\n", Language::Properties, s) ==
          "api.token=${TESTCO_API_TOKEN}\n");
    CHECK(fixed("TOKEN=" + s + "\n", Language::Dotenv, s) == ""); // it belongs there
}

TEST_CASE("the variable name: rule, assignment, title", "[fixes][env]") {
    auto rule = secretls::server::testing::test_rule();
    std::string text = "db_password = \"abc\"\n";
    secretls::detectors::ByteRange r{text.find("abc"), text.find("abc") + 3};
    CHECK(env_var_name(rule, text, r) == "TESTCO_API_TOKEN");
    rule.env_var.clear();
    CHECK(env_var_name(rule, text, r) == "DB_PASSWORD");
    std::string json = "{\"apiKey\": \"abc\"}";
    CHECK(env_var_name(rule, json, {json.find("abc"), json.find("abc") + 3}) == "API_KEY");
    std::string none = "call(\"abc\")";
    CHECK(env_var_name(rule, none, {none.find("abc"), none.find("abc") + 3}) == "TESTCO_API_TOKEN");
    CHECK(to_env_name("stripe-secretKey") == "STRIPE_SECRET_KEY");
}

TEST_CASE("secrets in comments are redacted; bare code becomes the lookup where an expression goes",
          "[fixes][env]") {
    auto s = fake_token();
    CHECK(fixed("# token " + s + "\nx = 1\n", Language::Python, s) ==
          "# token <redacted: TESTCO_API_TOKEN>\nx = 1\n");
    CHECK(fixed("/* key: " + s + " */\nint x;\n", Language::C, s) ==
          "/* key: <redacted: TESTCO_API_TOKEN> */\nint x;\n");
    CHECK(fixed("x = " + s + "\n", Language::Python, s) ==
          "import os\nx = os.environ[\"TESTCO_API_TOKEN\"]\n");
    CHECK(
        fixed("package main\n\nfunc f() {\n\tt := " + s + "\n}\n", Language::Go, s) ==
        "package main\n\nimport \"os\"\n\nfunc f() {\n\tt := os.Getenv(\"TESTCO_API_TOKEN\")\n}\n");
    // Not where an expression goes (a word among words), or only part of a word: no fix.
    CHECK(fixed("x = 1\nprint foo " + s + "\n", Language::Python, s) == "");
    CHECK(fixed("x = abc" + s + "\n", Language::Python, s) == "");
    CHECK(fixed("x = u:" + s + "@h\n", Language::Python, s) == "");
}

TEST_CASE("Objective-C @\"…\" literals and assignments outside declarations in C", "[fixes][env]") {
    auto s = fake_token();
    CHECK(fixed("password = @\"" + s + "\";\n", Language::C, s) ==
          "#include <stdlib.h>\npassword = @(getenv(\"TESTCO_API_TOKEN\"));\n");
    CHECK(fixed("if (db_pass != \"" + s + "\") {}\n", Language::C, s) ==
          "#include <stdlib.h>\nif (db_pass != getenv(\"TESTCO_API_TOKEN\")) {}\n");
    // A file-scope declaration needs a constant: no fix in C.
    CHECK(fixed("static const char *k = \"" + s + "\";\n", Language::C, s) == "");
}

TEST_CASE("PHP: constant expressions are found by statement, not by line", "[fixes][env]") {
    auto s = secretls::server::testing::fake_token();
    using secretls::server::testing::fixed;
    // A class constant or property default must stay constant: no fix, even on one line.
    CHECK(fixed("<?php\nclass C { const K = '" + s + "'; }\n", Language::Php, s) == "");
    CHECK(fixed("<?php\nclass C { public $p = '" + s + "'; }\n", Language::Php, s) == "");
    CHECK(fixed("<?php\nclass C { function f() { return '" + s + "'; } }\n", Language::Php, s) ==
          "<?php\nclass C { function f() { return getenv('TESTCO_API_TOKEN'); } }\n");
}

TEST_CASE("annotation and attribute arguments get a ${X} placeholder (constants only)",
          "[fixes][env]") {
    auto s = secretls::server::testing::fake_token();
    using secretls::server::testing::fixed;
    CHECK(fixed("class A {\n  @Value(\"" + s + "\")\n  String k;\n}\n", Language::Java, s) ==
          "class A {\n  @Value(\"${TESTCO_API_TOKEN}\")\n  String k;\n}\n");
    CHECK(fixed("[Header(Name = \"X\", Value = \"" + s + "\")]\nclass A {}\n", Language::CSharp,
                s) == "[Header(Name = \"X\", Value = \"${TESTCO_API_TOKEN}\")]\nclass A {}\n");
    // Not an annotation: the lookup.
    CHECK(fixed("class A { String k = \"" + s + "\"; }\n", Language::Java, s) ==
          "class A { String k = System.getenv(\"TESTCO_API_TOKEN\"); }\n");
}

TEST_CASE("fixAll: unreported copies of a value go too; different values get their own names",
          "[fixes][fixall]") {
    auto a = secretls::server::testing::fake_token(), b = secretls::server::testing::fake_token();
    std::string text = "X = '" + a + "'  # was " + a + "\nY = \"" + b + "\"\nZ = \"" + a + "\"\n";
    // Only two findings reported (as a scanner reporting each value once would).
    std::vector<FixAllItem> items = {{range_of(text, a), "TESTCO_API_TOKEN"},
                                     {{text.find(b), text.find(b) + b.size()}, "TESTCO_API_TOKEN"}};
    auto r = build_fix_all(text, Language::Python, items);
    CHECK(r.fixed == std::vector<size_t>{0, 1});
    CHECK(apply_edits(text, r.edits) ==
          "import os\nX = os.environ[\"TESTCO_API_TOKEN\"]  # was <redacted: TESTCO_API_TOKEN>\n"
          "Y = os.environ[\"TESTCO_API_TOKEN_2\"]\nZ = os.environ[\"TESTCO_API_TOKEN\"]\n");
}

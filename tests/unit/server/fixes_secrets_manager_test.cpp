//===--- fixes_secrets_manager_test.cpp - Fix 3: AWS, Vault, Conjur per language -----------===//
// The real parsers check that the rewrites parse (tests/fixes/parse_check.cpp); these tests
// check which SDK call and which import each combination writes.
#include "fixes_support.h"
#include "server/fixes/secrets_manager.h"

using namespace secretls::server::fixes;
using secretls::server::testing::fake_token;
using secretls::server::testing::range_of;

namespace {

struct Applied {
    std::string title;
    std::string text;
};

std::vector<Applied> rewrites(const std::string& text, Language lang, const std::string& secret) {
    std::vector<Applied> out;
    for (const auto& f :
         build_secrets_manager_fixes(text, lang, range_of(text, secret), "DB_PASSWORD"))
        out.push_back({f.title, apply_edits(text, f.edits)});
    return out;
}

bool contains(const std::string& s, std::string_view part) {
    return s.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("secrets manager: three SDKs for each of Python, JS/TS, Go, Java, Ruby", "[fixes][sm]") {
    auto s = fake_token();
    struct Case {
        Language lang;
        std::string source;
        std::vector<std::string> expected; // per SDK: a piece of the call and of the import
    };
    std::vector<Case> cases = {
        {Language::Python,
         "import json\n\nPW = '" + s + "'\n",
         {"get_secret_value(SecretId=\"db-password\")", "import boto3\n",
          "kv.v2.read_secret_version(path=\"db-password\")", "import hvac\n",
          ".get(\"db-password\").decode()", "import conjur\n"}},
        {Language::JavaScript,
         "import fs from 'fs';\nexport const pw = '" + s + "';\n",
         {"GetSecretValueCommand({ SecretId: \"db-password\" })",
          "from \"@aws-sdk/client-secrets-manager\";",
          "nodeVault().read(\"secret/data/db-password\")", "import nodeVault from \"node-vault\";",
          "await conjurSecret(\"db-password\")", "async function conjurSecret(id) {"}},
        {Language::TypeScript,
         "export const pw: string = '" + s + "';\n",
         {").SecretString!", "@aws-sdk/client-secrets-manager", ".data.data.value", "node-vault",
          "conjurSecret(\"db-password\")", "conjurSecret(id: string): Promise<string>"}},
        {Language::Go,
         "package main\n\nimport \"fmt\"\n\nconst pw = \"" + s +
             "\"\n\nfunc main() { fmt.Println(pw) }\n",
         {"var pw = secretFromAWS(\"db-password\")",
          "\"github.com/aws/aws-sdk-go-v2/service/secretsmanager\"",
          "var pw = secretFromVault(\"db-password\")", "vault \"github.com/hashicorp/vault/api\"",
          "var pw = secretFromConjur(\"db-password\")",
          "\"github.com/cyberark/conjur-api-go/conjurapi\""}},
        {Language::Java,
         "class A { static final String PW = \"" + s + "\"; }\n",
         {"SecretsManagerClient.create().getSecretValue(r -> r.secretId(\"db-password\"))",
          "software.amazon.awssdk", ".opsForKeyValue(\"secret\"", "KeyValueBackend.KV_2",
          "new com.cyberark.conjur.api.Conjur().variables().retrieveSecret(\"db-password\")",
          "com.cyberark"}},
        {Language::Ruby,
         "require \"json\"\nPW = '" + s + "'\n",
         {"get_secret_value(secret_id: \"db-password\").secret_string",
          "require \"aws-sdk-secretsmanager\"\n", "Vault.kv(\"secret\").read(\"db-password\")",
          "require \"vault\"\n", ":variable:db-password\").value", "require \"conjur-api\"\n"}},
    };
    for (const auto& c : cases) {
        INFO(language_name(c.lang));
        auto r = rewrites(c.source, c.lang, s);
        REQUIRE(r.size() == 3);
        CHECK(r[0].title == "Load from AWS Secrets Manager (db-password)");
        CHECK(r[1].title == "Load from HashiCorp Vault (db-password)");
        CHECK(r[2].title == "Load from CyberArk Conjur (db-password)");
        for (size_t i = 0; i < 3; ++i) {
            CHECK_FALSE(contains(r[i].text, s));
            CHECK(contains(r[i].text, c.expected[2 * i]));
            CHECK(contains(r[i].text, c.expected[2 * i + 1]));
        }
    }
}

TEST_CASE("secrets manager: imports are not added twice; CommonJS gets no await", "[fixes][sm]") {
    auto s = fake_token();
    std::string py = "import boto3\nPW = '" + s + "'\n";
    auto r = rewrites(py, Language::Python, s);
    REQUIRE_FALSE(r.empty());
    CHECK(r[0].text.find("import boto3") == r[0].text.rfind("import boto3"));
    std::string cjs = "const x = require('x');\nconst pw = '" + s + "';\n";
    CHECK(rewrites(cjs, Language::JavaScript, s).empty()); // no top-level await there
}

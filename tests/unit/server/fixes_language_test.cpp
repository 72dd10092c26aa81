//===--- fixes_language_test.cpp - Language detection for the quick-fixes -----------------===//
#include "server/fixes/language.h"

#include <catch2/catch.hpp>

using namespace secretls::server::fixes;

TEST_CASE("languageId decides when it names a language", "[fixes][language]") {
    CHECK(detect_language("python", "/x/file.txt") == Language::Python);
    CHECK(detect_language("typescriptreact", "a.tsx") == Language::TypeScript);
    CHECK(detect_language("javascriptreact", "") == Language::JavaScript);
    CHECK(detect_language("shellscript", "run") == Language::Shell);
    CHECK(detect_language("csharp", "") == Language::CSharp);
    CHECK(detect_language("dotenv", "") == Language::Dotenv);
    CHECK(detect_language("hcl", "") == Language::Terraform);
}

TEST_CASE("plaintext and unknown ids fall back to the file name", "[fixes][language]") {
    CHECK(detect_language("plaintext", "/w/settings.py") == Language::Python);
    CHECK(detect_language("", "/w/main.go") == Language::Go);
    CHECK(detect_language("weird", "/w/lib.rs") == Language::Rust);
    CHECK(detect_language("", "/w/App.kt") == Language::Kotlin);
    CHECK(detect_language("", "/w/x.hpp") == Language::Cpp);
    CHECK(detect_language("", "/w/x.h") == Language::C);
    CHECK(detect_language("", "/w/deploy.ps1") == Language::PowerShell);
    CHECK(detect_language("", "/w/main.tf") == Language::Terraform);
    CHECK(detect_language("", "/w/app.properties") == Language::Properties);
    CHECK(detect_language("", "/w/setup.cfg") == Language::Ini);
    CHECK(detect_language("", "/w/web.config") == Language::Xml);
    CHECK(detect_language("", "/w/README.md") == Language::Markdown);
    CHECK(detect_language("", "/w/notes") == Language::Plaintext);
}

TEST_CASE("well-known file names", "[fixes][language]") {
    CHECK(detect_language("", "/w/Dockerfile") == Language::Dockerfile);
    CHECK(detect_language("", "/w/Dockerfile.prod") == Language::Dockerfile);
    CHECK(detect_language("", "/w/api.dockerfile") == Language::Dockerfile);
    CHECK(detect_language("", "/w/.env") == Language::Dotenv);
    CHECK(detect_language("", "/w/.env.local") == Language::Dotenv);
    CHECK(detect_language("", "/w/Gemfile") == Language::Ruby);
}

TEST_CASE("YAML is refined by purpose, even with the yaml languageId", "[fixes][language]") {
    CHECK(detect_language("yaml", "/w/docker-compose.yml") == Language::DockerCompose);
    CHECK(detect_language("", "/w/compose.yaml") == Language::DockerCompose);
    CHECK(detect_language("yaml", "/w/.github/workflows/ci.yml") == Language::GithubActions);
    CHECK(detect_language("yaml", "/w/k8s/deploy.yaml") == Language::Yaml);
    CHECK(detect_language("", "/w/config.yml") == Language::Yaml);
}

TEST_CASE("language names are stable", "[fixes][language]") {
    CHECK(language_name(Language::GithubActions) == "github-actions");
    CHECK(language_name(Language::Cpp) == "cpp");
    CHECK(is_programming_language(Language::Go));
    CHECK_FALSE(is_programming_language(Language::Yaml));
}

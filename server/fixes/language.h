//===--- language.h - Which language a document is written in (for the quick-fixes) -------===//
//
// The quick-fixes rewrite code, so they need to know the language: from the LSP languageId
// when the client sent a meaningful one, else from the file name (extension, well-known
// names such as Dockerfile or .env, and the folder for GitHub Actions workflows).
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <string_view>

namespace secretls::server::fixes {

enum class Language {
    Plaintext,
    Python,
    JavaScript,
    TypeScript,
    Go,
    Java,
    Kotlin,
    Scala,
    CSharp,
    Ruby,
    Php,
    Rust,
    Swift,
    C,
    Cpp,
    Shell,
    PowerShell,
    Lua,
    Sql,
    Dockerfile,
    DockerCompose,
    GithubActions,
    Terraform,
    Yaml,
    Json,
    Toml,
    Dotenv,
    Properties,
    Ini,
    Xml,
    Html,
    Markdown,
};

// languageId wins when it names a language we handle (except for YAML files, whose purpose
// is refined by name: docker-compose, GitHub Actions). `path` may be a path or a file name.
Language detect_language(std::string_view language_id, std::string_view path);

// Stable lower-case name ("python", "github-actions"), for messages and tests.
std::string_view language_name(Language lang);

// Languages whose string literals are code (the environment lookup is an expression).
bool is_programming_language(Language lang);

} // namespace secretls::server::fixes

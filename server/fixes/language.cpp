//===--- language.cpp - Language detection from languageId and file name ------------------===//
#include "server/fixes/language.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <utility>

namespace secretls::server::fixes {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

struct Named {
    std::string_view name;
    Language lang;
};

// LSP languageIds (VS Code's list plus common aliases of other editors).
constexpr std::array kLanguageIds = {
    Named{"python", Language::Python},
    Named{"javascript", Language::JavaScript},
    Named{"javascriptreact", Language::JavaScript},
    Named{"typescript", Language::TypeScript},
    Named{"typescriptreact", Language::TypeScript},
    Named{"go", Language::Go},
    Named{"java", Language::Java},
    Named{"kotlin", Language::Kotlin},
    Named{"scala", Language::Scala},
    Named{"csharp", Language::CSharp},
    Named{"ruby", Language::Ruby},
    Named{"php", Language::Php},
    Named{"rust", Language::Rust},
    Named{"swift", Language::Swift},
    Named{"c", Language::C},
    Named{"cpp", Language::Cpp},
    Named{"shellscript", Language::Shell},
    Named{"sh", Language::Shell},
    Named{"bash", Language::Shell},
    Named{"zsh", Language::Shell},
    Named{"powershell", Language::PowerShell},
    Named{"lua", Language::Lua},
    Named{"sql", Language::Sql},
    Named{"dockerfile", Language::Dockerfile},
    Named{"dockercompose", Language::DockerCompose},
    Named{"github-actions-workflow", Language::GithubActions},
    Named{"terraform", Language::Terraform},
    Named{"hcl", Language::Terraform},
    Named{"yaml", Language::Yaml},
    Named{"json", Language::Json},
    Named{"jsonc", Language::Json},
    Named{"toml", Language::Toml},
    Named{"dotenv", Language::Dotenv},
    Named{"properties", Language::Properties},
    Named{"java-properties", Language::Properties},
    Named{"ini", Language::Ini},
    Named{"xml", Language::Xml},
    Named{"html", Language::Html},
    Named{"markdown", Language::Markdown},
    Named{"plaintext", Language::Plaintext},
};

constexpr std::array kExtensions = {
    Named{".py", Language::Python},
    Named{".pyw", Language::Python},
    Named{".js", Language::JavaScript},
    Named{".mjs", Language::JavaScript},
    Named{".cjs", Language::JavaScript},
    Named{".jsx", Language::JavaScript},
    Named{".ts", Language::TypeScript},
    Named{".mts", Language::TypeScript},
    Named{".cts", Language::TypeScript},
    Named{".tsx", Language::TypeScript},
    Named{".go", Language::Go},
    Named{".java", Language::Java},
    Named{".kt", Language::Kotlin},
    Named{".kts", Language::Kotlin},
    Named{".scala", Language::Scala},
    Named{".cs", Language::CSharp},
    Named{".rb", Language::Ruby},
    Named{".php", Language::Php},
    Named{".rs", Language::Rust},
    Named{".swift", Language::Swift},
    Named{".c", Language::C},
    Named{".h", Language::C},
    Named{".cc", Language::Cpp},
    Named{".cpp", Language::Cpp},
    Named{".cxx", Language::Cpp},
    Named{".hpp", Language::Cpp},
    Named{".hh", Language::Cpp},
    Named{".hxx", Language::Cpp},
    Named{".sh", Language::Shell},
    Named{".bash", Language::Shell},
    Named{".zsh", Language::Shell},
    Named{".ps1", Language::PowerShell},
    Named{".psm1", Language::PowerShell},
    Named{".lua", Language::Lua},
    Named{".sql", Language::Sql},
    Named{".tf", Language::Terraform},
    Named{".tfvars", Language::Terraform},
    Named{".hcl", Language::Terraform},
    Named{".yaml", Language::Yaml},
    Named{".yml", Language::Yaml},
    Named{".json", Language::Json},
    Named{".jsonc", Language::Json},
    Named{".toml", Language::Toml},
    Named{".env", Language::Dotenv},
    Named{".properties", Language::Properties},
    Named{".ini", Language::Ini},
    Named{".cfg", Language::Ini},
    Named{".conf", Language::Ini},
    Named{".xml", Language::Xml},
    Named{".config", Language::Xml},
    Named{".csproj", Language::Xml},
    Named{".html", Language::Html},
    Named{".htm", Language::Html},
    Named{".md", Language::Markdown},
    Named{".markdown", Language::Markdown},
    Named{".txt", Language::Plaintext},
};

std::string_view base_name(std::string_view path) {
    auto slash = path.find_last_of("/\\");
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_yaml_family(Language l) {
    return l == Language::Yaml || l == Language::DockerCompose || l == Language::GithubActions;
}

// YAML files are refined by name: their idioms for "read a variable" differ.
Language refine_yaml(std::string_view lowered_path) {
    auto name = base_name(lowered_path);
    if (name.starts_with("docker-compose") || name.starts_with("compose.") ||
        name.starts_with("compose-"))
        return Language::DockerCompose;
    if (lowered_path.find(".github/workflows/") != std::string_view::npos ||
        lowered_path.starts_with("workflows/"))
        return Language::GithubActions;
    return Language::Yaml;
}

std::optional<Language> from_file_name(std::string_view lowered_path) {
    auto name = base_name(lowered_path);
    if (name == "dockerfile" || name.starts_with("dockerfile.") || ends_with(name, ".dockerfile") ||
        name == "containerfile")
        return Language::Dockerfile;
    // .env, .env.local, .env.production, prod.env… (but .env.example is still dotenv syntax)
    if (name == ".env" || name.starts_with(".env."))
        return Language::Dotenv;
    if (name == "gemfile" || name == "rakefile" || ends_with(name, ".gemspec"))
        return Language::Ruby;
    if (name == ".bashrc" || name == ".zshrc" || name == ".profile" || name == ".bash_profile")
        return Language::Shell;
    if (name == ".npmrc" || name == ".pypirc" || name == ".gitconfig")
        return Language::Ini;
    auto dot = name.rfind('.');
    if (dot == std::string_view::npos)
        return std::nullopt;
    auto ext = name.substr(dot);
    for (const auto& e : kExtensions)
        if (e.name == ext)
            return is_yaml_family(e.lang) ? refine_yaml(lowered_path) : e.lang;
    return std::nullopt;
}

} // namespace

Language detect_language(std::string_view language_id, std::string_view path) {
    std::string id = lower(language_id);
    std::string lowered_path = lower(path);
    for (const auto& l : kLanguageIds) {
        if (l.name != id)
            continue;
        if (is_yaml_family(l.lang) && l.lang == Language::Yaml)
            return refine_yaml(lowered_path);
        // A generic id ("plaintext") says less than the file name does.
        if (l.lang != Language::Plaintext)
            return l.lang;
    }
    return from_file_name(lowered_path).value_or(Language::Plaintext);
}

std::string_view language_name(Language lang) {
    switch (lang) {
    case Language::Plaintext:
        return "plaintext";
    case Language::Python:
        return "python";
    case Language::JavaScript:
        return "javascript";
    case Language::TypeScript:
        return "typescript";
    case Language::Go:
        return "go";
    case Language::Java:
        return "java";
    case Language::Kotlin:
        return "kotlin";
    case Language::Scala:
        return "scala";
    case Language::CSharp:
        return "csharp";
    case Language::Ruby:
        return "ruby";
    case Language::Php:
        return "php";
    case Language::Rust:
        return "rust";
    case Language::Swift:
        return "swift";
    case Language::C:
        return "c";
    case Language::Cpp:
        return "cpp";
    case Language::Shell:
        return "shellscript";
    case Language::PowerShell:
        return "powershell";
    case Language::Lua:
        return "lua";
    case Language::Sql:
        return "sql";
    case Language::Dockerfile:
        return "dockerfile";
    case Language::DockerCompose:
        return "docker-compose";
    case Language::GithubActions:
        return "github-actions";
    case Language::Terraform:
        return "terraform";
    case Language::Yaml:
        return "yaml";
    case Language::Json:
        return "json";
    case Language::Toml:
        return "toml";
    case Language::Dotenv:
        return "dotenv";
    case Language::Properties:
        return "properties";
    case Language::Ini:
        return "ini";
    case Language::Xml:
        return "xml";
    case Language::Html:
        return "html";
    case Language::Markdown:
        return "markdown";
    }
    return "plaintext";
}

bool is_programming_language(Language lang) {
    switch (lang) {
    case Language::Python:
    case Language::JavaScript:
    case Language::TypeScript:
    case Language::Go:
    case Language::Java:
    case Language::Kotlin:
    case Language::Scala:
    case Language::CSharp:
    case Language::Ruby:
    case Language::Php:
    case Language::Rust:
    case Language::Swift:
    case Language::C:
    case Language::Cpp:
    case Language::Lua:
        return true;
    default:
        return false;
    }
}

} // namespace secretls::server::fixes

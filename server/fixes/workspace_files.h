//===--- workspace_files.h - The workspace files the fixes touch ---------------------------===//
//
// .env (where the secret moves), .env.example, .gitignore (must ignore .env), .secretls.toml
// (rules switched off) and .secretlsignore (fingerprints of ignored findings). Pure functions
// on file contents, plus reading and path/URI helpers; nothing here writes to disk: the
// editor applies the edits, so its undo covers them.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "server/fixes/edit.h"

#include <optional>
#include <string>
#include <string_view>

namespace secretls::server::fixes {

std::optional<std::string> read_text_file(const std::string& path);
std::string path_to_uri(std::string_view path);
std::optional<std::string> uri_to_path(std::string_view uri);
std::string join_path(std::string_view dir, std::string_view name);

// The value a .env file gives `name` (quotes removed), nullopt when absent.
std::optional<std::string> dotenv_value(std::string_view dotenv, std::string_view name);

struct DotenvEntry {
    std::string name;   // the name to use: `wanted`, or wanted_2, _3… when taken by another value
    bool append = true; // false: the file already holds this exact value under `name`
};
// Never overwrites: a different value under `wanted` gets a new name.
DotenvEntry plan_dotenv_entry(std::optional<std::string_view> dotenv, std::string_view wanted,
                              std::string_view value);
// `NAME=value` quoted as dotenv parsers (python-dotenv, dotenv for Node, godotenv) read it.
std::string dotenv_line(std::string_view name, std::string_view value);
// The text to append to `content` (a file that may lack its final newline) to add `line`.
std::string appended_line(std::string_view content, std::string_view line);

// Whether the .gitignore rules in `gitignore` (a file in `dir_of_gitignore`, relative to
// which `relative_path` is given) ignore the file. Negations and anchors are honoured.
std::optional<bool> gitignore_decides(std::string_view gitignore, std::string_view relative_path);
// Whether git would ignore `path` in the workspace rooted at `workspace_root`: every
// .gitignore from the root down to the file's folder, and .git/info/exclude.
bool dotenv_is_gitignored(const std::string& workspace_root, const std::string& path);

// Edits to .secretls.toml content adding `rule_id` to the root `disabled = [...]` list;
// empty when it is already there.
std::vector<TextEdit> disable_rule_edits(std::string_view toml, std::string_view rule_id);

// Value as written in a quoted literal -> the value the program sees (\n, \t, \\, \", \'…).
std::string unescape_literal(std::string_view content);

} // namespace secretls::server::fixes

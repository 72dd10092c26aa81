//===--- env_fix.h - Fix 1: replace a hard-coded secret with an environment lookup ---------===//
//
// Builds the byte-offset edits that replace the string literal holding a secret with the
// language's environment lookup (os.environ["X"], process.env.X, os.Getenv("X")…), splicing
// the lookup into the literal when the secret is only part of it ("Bearer sk_…", a URL with
// a password), and adding the import/include/declaration the lookup needs when missing.
// The edits keep the code valid; cases where no valid rewrite is known yield nullopt.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "detectors/rule.h"
#include "server/fixes/edit.h"
#include "server/fixes/language.h"
#include "server/fixes/literal.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace secretls::server::fixes {

struct EnvFix {
    std::string expression;      // the lookup as written, for the title: os.environ["X"]
    std::vector<TextEdit> edits; // the replacement and any import, sorted
    std::string note;            // "" or a caveat for the title ("read at build time")
    std::string title;           // set when the fix is not a lookup (a secret in a comment)
};

std::optional<EnvFix> build_env_fix(std::string_view text, Language lang, ByteRange secret,
                                    std::string_view var_name);

// One secret and the variable that replaces it.
struct SecretVar {
    ByteRange secret;
    std::string var;
};

// Several secrets of ONE literal (non-overlapping), rewritten together: "u:PW@h?key=TOKEN".
// nullopt when they are not all inside the same literal.
std::optional<EnvFix> build_env_fix(std::string_view text, Language lang,
                                    std::vector<SecretVar> secrets);

// The variable to suggest: the rule's env_var; else the name the secret is assigned to on
// its line (db_password = "…" -> DB_PASSWORD); else the rule's provider and title.
std::string env_var_name(const detectors::Rule& rule, std::string_view text, ByteRange secret);

// "apiKey" -> "API_KEY", "db-password" -> "DB_PASSWORD"; "" when nothing usable is left.
std::string to_env_name(std::string_view words);

// Go: `import "path"` (with an alias when not empty) unless the file imports it already.
std::optional<TextEdit> add_go_import(std::string_view text, std::string_view path,
                                      std::string_view alias = "");
// Go: the `const` that declares the value at `at` becomes `var` (a call is not a constant).
std::optional<TextEdit> go_const_to_var_edit(std::string_view text, size_t at);

// Java/Kotlin annotation or C# attribute argument at `at` (constants only there).
bool in_annotation_argument(std::string_view text, size_t at, Language lang);

// Each language's lookup of variable X, as an expression (the title of fix 1).
std::string lookup_expression(Language lang, std::string_view var);

} // namespace secretls::server::fixes

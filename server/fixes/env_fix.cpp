//===--- env_fix.cpp - Environment-variable rewrites, one idiom per language ---------------===//
#include "server/fixes/env_fix.h"
#include "server/fixes/text.h"

#include <cctype>
#include <regex>

namespace secretls::server::fixes {
namespace {

using L = Language;

bool is_ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

size_t line_begin(std::string_view text, size_t i) {
    auto nl = i == 0 ? std::string_view::npos : text.rfind('\n', i - 1);
    return nl == std::string_view::npos ? 0 : nl + 1;
}

size_t line_end(std::string_view text, size_t i) {
    auto nl = text.find('\n', i);
    return nl == std::string_view::npos ? text.size() : nl;
}

char next_non_blank(std::string_view text, size_t i) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
        ++i;
    return i < text.size() ? text[i] : '\0';
}

char prev_non_blank(std::string_view text, size_t i) {
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t'))
        --i;
    return i > 0 ? text[i - 1] : '\0';
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
    size_t pos = 0;
    while ((pos = s.find(from, pos)) != std::string::npos) {
        s.replace(pos, from.size(), to);
        pos += to.size();
    }
    return s;
}

bool valid_identifier(std::string_view s) {
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])))
        return false;
    for (char c : s)
        if (!is_ident_char(c))
            return false;
    return true;
}

// ---- The pieces of a literal around the secret --------------------------------------------

struct Split {
    std::string before; // literal content before the secret, as written in the source
    std::string after;  // literal content after the secret
};

Split split(std::string_view text, const StringLiteral& lit, ByteRange secret) {
    return {std::string(text.substr(lit.content_begin, secret.begin - lit.content_begin)),
            std::string(text.substr(secret.end, lit.content_end - secret.end))};
}

// A literal of the same kind (prefix and quotes) holding `content`.
std::string same_kind(const StringLiteral& lit, std::string_view content) {
    return lit.prefix + lit.open + std::string(content) + lit.close;
}

// "pre" OP expr OP "post", leaving out empty pieces; parenthesised when the literal was the
// operand of something binding tighter than concatenation ("…".length(), x % "…").
std::string concatenation(std::string_view text, const StringLiteral& lit, const Split& parts,
                          std::string_view expr, std::string_view op) {
    std::string out;
    if (!parts.before.empty())
        out += same_kind(lit, parts.before) + " " + std::string(op) + " ";
    out += expr;
    if (!parts.after.empty())
        out += " " + std::string(op) + " " + same_kind(lit, parts.after);
    char next = next_non_blank(text, lit.end);
    char prev = prev_non_blank(text, lit.begin);
    bool tight =
        next == '.' || next == '[' || prev == '.' || prev == '%' || prev == '*' || prev == '!';
    bool single_piece = parts.before.empty() && parts.after.empty();
    return tight && !single_piece ? "(" + out + ")" : out;
}

// ---- Per-language lookups -----------------------------------------------------------------

std::string js_lookup(std::string_view var) {
    return valid_identifier(var) ? "process.env." + std::string(var)
                                 : "process.env[\"" + std::string(var) + "\"]";
}

std::string tf_name(std::string_view var) {
    std::string out;
    for (char c : var)
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

const char* kSwiftDefault = " ?? \"\"";

} // namespace

std::string lookup_expression(Language lang, std::string_view var) {
    std::string v(var);
    switch (lang) {
    case L::Python:
        return "os.environ[\"" + v + "\"]";
    case L::JavaScript:
    case L::TypeScript:
        return js_lookup(var);
    case L::Go:
        return "os.Getenv(\"" + v + "\")";
    case L::Java:
    case L::Kotlin:
        return "System.getenv(\"" + v + "\")";
    case L::Scala:
        return "sys.env(\"" + v + "\")";
    case L::CSharp:
        return "Environment.GetEnvironmentVariable(\"" + v + "\")";
    case L::Ruby:
        return "ENV.fetch(\"" + v + "\")";
    case L::Php:
        return "getenv('" + v + "')";
    case L::Rust:
        return "std::env::var(\"" + v + "\").expect(\"" + v + " must be set\")";
    case L::Swift:
        return "ProcessInfo.processInfo.environment[\"" + v + "\"]" + kSwiftDefault;
    case L::C:
        return "getenv(\"" + v + "\")";
    case L::Cpp:
        return "std::getenv(\"" + v + "\")";
    case L::Lua:
        return "os.getenv(\"" + v + "\")";
    case L::Shell:
        return "\"${" + v + "}\"";
    case L::PowerShell:
        return "$env:" + v;
    case L::GithubActions:
        return "${{ secrets." + v + " }}";
    case L::Terraform:
        return "var." + tf_name(var);
    default:
        return "${" + v + "}";
    }
}

namespace {

// ---- Imports and declarations the lookup needs ---------------------------------------------

bool has_line(std::string_view text, const std::regex& re) {
    size_t i = 0;
    while (i < text.size()) {
        size_t e = line_end(text, i);
        std::string line(text.substr(i, e - i));
        if (std::regex_search(line, re))
            return true;
        i = e + 1;
    }
    return false;
}

// `import os` after the shebang, encoding line, module docstring and __future__ imports.
std::optional<TextEdit> python_import_os(std::string_view text) {
    static const std::regex kImportOs(R"(^import\s+([\w.]+\s*,\s*)*os\s*(,|#|$))");
    if (has_line(text, kImportOs))
        return std::nullopt;
    auto spans = lex(text, L::Python);
    size_t pos = 0;
    size_t insert_at = 0; // after the last header line (blank lines do not count)
    bool docstring_seen = false;
    while (pos < text.size()) {
        size_t e = line_end(text, pos);
        auto line = trim(text.substr(pos, e - pos));
        if (line.empty()) {
            pos = std::min(e + 1, text.size());
            continue;
        }
        if (line.starts_with("#")) {
            pos = insert_at = std::min(e + 1, text.size());
            continue;
        }
        if (!docstring_seen && (line.starts_with("\"") || line.starts_with("'") ||
                                line.starts_with("r\"") || line.starts_with("r'"))) {
            // The module docstring: skip to the line after the literal ends.
            docstring_seen = true;
            size_t start = pos + (text.substr(pos, e - pos).find_first_not_of(" \t"));
            for (const auto& s : spans)
                if (s.begin == start && s.region == Region::String)
                    e = line_end(text, s.end);
            pos = insert_at = std::min(e + 1, text.size());
            continue;
        }
        if (line.starts_with("from __future__")) {
            pos = insert_at = std::min(e + 1, text.size());
            continue;
        }
        break;
    }
    std::string insert = "import os\n";
    if (insert_at == text.size() && !text.empty() && text.back() != '\n')
        insert = "\n" + insert;
    return TextEdit{insert_at, insert_at, insert};
}

// Inside `import (`: before the first path that sorts after "os" (gofmt's order).
TextEdit go_import_in_block(std::string_view text, size_t block_start) {
    size_t i = block_start;
    while (i < text.size()) {
        size_t e = line_end(text, i);
        auto line = trim(text.substr(i, e - i));
        if (line.starts_with(")") || line.empty())
            break;
        if (line.starts_with("\"") && line.substr(1) > std::string_view("os\""))
            break;
        i = std::min(e + 1, text.size());
    }
    return TextEdit{i, i, "\t\"os\"\n"};
}

std::optional<TextEdit> go_import_os(std::string_view text) {
    static const std::regex kSingle(R"(^import\s+"os"\s*$)");
    static const std::regex kInBlock(R"(^\s*"os"\s*$)");
    static const std::regex kBlock(R"(^import\s*\(\s*$)");
    static const std::regex kAnyImport(R"(^import\s)");
    static const std::regex kPackage(R"(^package\s+\w+)");
    if (has_line(text, kSingle) || has_line(text, kInBlock))
        return std::nullopt;
    size_t i = 0;
    std::optional<size_t> package_end;
    while (i < text.size()) {
        size_t e = line_end(text, i);
        std::string line(text.substr(i, e - i));
        size_t next = std::min(e + 1, text.size());
        if (std::regex_search(line, kBlock))
            return go_import_in_block(text, next);
        if (std::regex_search(line, kAnyImport))
            return TextEdit{i, i, "import \"os\"\n"};
        if (!package_end && std::regex_search(line, kPackage))
            package_end = e;
        i = e + 1;
    }
    if (!package_end)
        return std::nullopt; // not a Go file we can fix
    return TextEdit{*package_end, *package_end, "\n\nimport \"os\""};
}

std::optional<TextEdit> c_include(std::string_view text, bool cpp) {
    static const std::regex kC(R"(^\s*#\s*include\s*<stdlib\.h>)");
    static const std::regex kCpp(R"(^\s*#\s*include\s*<cstdlib>)");
    static const std::regex kInclude(R"(^\s*#\s*include\b)");
    if (has_line(text, cpp ? kCpp : kC))
        return std::nullopt;
    std::string line_text = cpp ? "#include <cstdlib>\n" : "#include <stdlib.h>\n";
    size_t i = 0;
    while (i < text.size()) {
        size_t e = line_end(text, i);
        if (std::regex_search(std::string(text.substr(i, e - i)), kInclude))
            return TextEdit{i, i, line_text};
        i = e + 1;
    }
    return TextEdit{0, 0, line_text};
}

std::optional<TextEdit> csharp_using_system(std::string_view text) {
    static const std::regex kUsing(R"(^\s*(global\s+)?using\s+System\s*;)");
    static const std::regex kAnyUsing(R"(^\s*using\s+[\w.]+\s*;)");
    if (has_line(text, kUsing))
        return std::nullopt;
    size_t i = 0;
    while (i < text.size()) {
        size_t e = line_end(text, i);
        if (std::regex_search(std::string(text.substr(i, e - i)), kAnyUsing))
            return TextEdit{i, i, "using System;\n"};
        i = e + 1;
    }
    return TextEdit{0, 0, "using System;\n"};
}

std::optional<TextEdit> swift_import_foundation(std::string_view text) {
    static const std::regex kImport(R"(^\s*import\s+(Foundation|UIKit|AppKit|Cocoa)\b)");
    if (has_line(text, kImport))
        return std::nullopt;
    return TextEdit{0, 0, "import Foundation\n"};
}

std::optional<TextEdit> terraform_variable(std::string_view text, std::string_view name) {
    std::regex declared("variable\\s+\"" + std::string(name) + "\"");
    if (std::regex_search(std::string(text), declared))
        return std::nullopt;
    std::string block =
        "\nvariable \"" + std::string(name) + "\" {\n  type      = string\n  sensitive = true\n}\n";
    if (!text.empty() && text.back() != '\n')
        block = "\n" + block;
    return TextEdit{text.size(), text.size(), block};
}

// Dockerfile: `ARG X` just before the instruction (same build stage), unless declared.
std::optional<TextEdit> dockerfile_arg(std::string_view text, size_t at, std::string_view var) {
    size_t start = line_begin(text, at);
    // The instruction may continue over several lines ending in a backslash.
    while (start > 0) {
        size_t prev = line_begin(text, start - 1);
        auto prev_line = trim(text.substr(prev, start - 1 - prev));
        if (prev_line.empty() || prev_line.back() != '\\')
            break;
        start = prev;
    }
    std::regex declared("^\\s*ARG\\s+" + std::string(var) + "\\s*($|=)", std::regex::icase);
    std::string stage(text.substr(0, start));
    if (has_line(stage, declared)) {
        // Declared, but a FROM after the declaration starts a stage that forgets it.
        static const std::regex kFrom(R"(^\s*FROM\s)", std::regex::icase);
        size_t last_arg = 0, last_from = 0, i = 0;
        while (i < stage.size()) {
            size_t e = line_end(stage, i);
            std::string line = stage.substr(i, e - i);
            if (std::regex_search(line, declared))
                last_arg = i + 1;
            if (std::regex_search(line, kFrom))
                last_from = i + 1;
            i = e + 1;
        }
        if (last_arg > last_from)
            return std::nullopt;
    }
    return TextEdit{start, start, "ARG " + std::string(var) + "\n"};
}

// ---- Declarations whose kind must change ---------------------------------------------------

// Go: a const cannot hold a function call; turn its `const` into `var`.
std::optional<TextEdit> go_const_to_var(std::string_view text, size_t at) {
    size_t lb = line_begin(text, at);
    auto line = text.substr(lb, at - lb);
    auto first = line.find_first_not_of(" \t");
    if (first != std::string_view::npos && line.substr(first).starts_with("const ")) {
        return TextEdit{lb + first, lb + first + 5, "var"};
    }
    // Inside a `const (` block?
    size_t i = lb;
    while (i > 0) {
        size_t pb = line_begin(text, i - 1);
        auto l = trim(text.substr(pb, i - 1 - pb));
        if (l == ")")
            return std::nullopt;
        if (l.starts_with("const") && trim(l.substr(5)) == "(") {
            size_t k = pb + text.substr(pb).find("const");
            return TextEdit{k, k + 5, "var"};
        }
        if (l.starts_with("func ") || l.starts_with("var ") || l.starts_with("type "))
            return std::nullopt;
        i = pb;
    }
    return std::nullopt;
}

std::optional<TextEdit> remove_keyword_before(std::string_view text, size_t at,
                                              std::string_view keyword,
                                              std::string_view replacement) {
    size_t lb = line_begin(text, at);
    std::string line(text.substr(lb, at - lb));
    std::regex re("\\b" + std::string(keyword) + "\\s+");
    std::smatch m;
    if (!std::regex_search(line, m, re))
        return std::nullopt;
    size_t b = lb + static_cast<size_t>(m.position(0));
    return TextEdit{b, b + static_cast<size_t>(m.length(0)), std::string(replacement)};
}

// C and C++: `char key[] = "…"` cannot be initialised from a pointer.
std::optional<TextEdit> c_array_to_pointer(std::string_view text, size_t at) {
    size_t lb = line_begin(text, at);
    std::string line(text.substr(lb, at - lb));
    static const std::regex kArray(R"(((?:\bconst\s+)?)\bchar\s+(\w+)\s*\[\s*\w*\s*\]\s*=\s*$)");
    std::smatch m;
    if (!std::regex_search(line, m, kArray))
        return std::nullopt;
    size_t b = lb + static_cast<size_t>(m.position(0));
    return TextEdit{b, lb + line.size(), "const char *" + m[2].str() + " = "};
}

// C: is `at` inside a function body? (File-scope initialisers must be constants.)
bool c_inside_function(std::string_view text, size_t at) {
    auto spans = lex(text, L::C);
    std::vector<bool> stack; // true: a block opened after ')' (a function body or inside one)
    size_t si = 0;
    char last = '\0';
    for (size_t i = 0; i < at; ++i) {
        while (si < spans.size() && spans[si].end <= i)
            ++si;
        if (si < spans.size() && spans[si].begin <= i) {
            i = spans[si].end - 1;
            last = '"';
            continue;
        }
        char c = text[i];
        if (c == '{') {
            stack.push_back(last == ')' || (!stack.empty() && stack.back()));
        } else if (c == '}') {
            if (!stack.empty())
                stack.pop_back();
        }
        if (!std::isspace(static_cast<unsigned char>(c)))
            last = c;
    }
    return !stack.empty() && stack.back();
}

// Rust: `const`/`static` items need a constant: the value must be read at build time.
bool rust_const_context(std::string_view text, size_t at) {
    size_t lb = line_begin(text, at);
    static const std::regex kConst(R"(^\s*(pub(\([\w:]+\))?\s+)?(const|static)\s)");
    return std::regex_search(std::string(text.substr(lb, at - lb)), kConst);
}

// PHP: property defaults and class constants must be constant expressions.
bool php_constant_expression_context(std::string_view text, size_t at) {
    size_t lb = line_begin(text, at);
    static const std::regex kDecl(
        R"(^\s*((public|private|protected|static|readonly|var|final)\s+)+(\??[\w\\]+\s+)?\$\w+\s*=|^\s*((public|private|protected|final)\s+)*const\s)");
    return std::regex_search(std::string(text.substr(lb, at - lb)), kDecl);
}

// ---- The replacement of the literal ---------------------------------------------------------

struct Replacement {
    std::string text; // replaces [begin, end)
    size_t begin = 0, end = 0;
};

std::string python_fstring(const StringLiteral& lit, const Split& parts, std::string_view var) {
    char inner = lit.open.find('"') != std::string::npos ? '\'' : '"';
    std::string expr =
        "{os.environ[" + std::string(1, inner) + std::string(var) + std::string(1, inner) + "]}";
    std::string prefix;
    bool is_f = false;
    for (char c : lit.prefix) {
        char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (l == 'f')
            is_f = true;
        if (l != 'u') // u"" cannot be combined with f
            prefix += c;
    }
    std::string before = parts.before, after = parts.after;
    if (!is_f) {
        prefix += 'f';
        before = replace_all(replace_all(before, "{", "{{"), "}", "}}");
        after = replace_all(replace_all(after, "{", "{{"), "}", "}}");
    }
    return prefix + lit.open + before + expr + after + lit.close;
}

std::string js_template(const StringLiteral& lit, const Split& parts, std::string_view var) {
    std::string expr = "${" + js_lookup(var) + "}";
    if (lit.open == "`")
        return "`" + parts.before + expr + parts.after + "`";
    auto escape = [](std::string s) {
        // Backslash sequences of a quoted string mean the same in a template; only ` and ${
        // gain a meaning.
        std::string out;
        for (size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '\\' && i + 1 < s.size()) {
                out += s.substr(i, 2);
                ++i;
            } else if (s[i] == '`') {
                out += "\\`";
            } else if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
                out += "\\$";
            } else {
                out += s[i];
            }
        }
        return out;
    };
    return "`" + escape(parts.before) + expr + escape(parts.after) + "`";
}

std::string rust_format(const StringLiteral& lit, const Split& parts, std::string_view var) {
    auto esc = [](std::string s) { return replace_all(replace_all(s, "{", "{{"), "}", "}}"); };
    return "&format!(" + same_kind(lit, esc(parts.before) + "{}" + esc(parts.after)) + ", " +
           lookup_expression(L::Rust, var) + ")";
}

struct Builder {
    std::string_view text;
    Language lang;
    ByteRange secret;
    std::string var;
    const StringLiteral& lit;
    bool whole;
    EnvFix fix;

    Split parts() const { return split(text, lit, secret); }
    void replace_literal(std::string s) { fix.edits.push_back({lit.begin, lit.end, std::move(s)}); }
    void replace_secret(std::string s) {
        fix.edits.push_back({secret.begin, secret.end, std::move(s)});
    }
    void add(std::optional<TextEdit> e) {
        if (e)
            fix.edits.push_back(std::move(*e));
    }

    bool build();

private:
    bool python();
    bool javascript();
    bool go();
    bool jvm();
    bool csharp();
    bool ruby();
    bool php();
    bool rust();
    bool swift();
    bool c_family();
    bool shell();
    bool powershell();
    bool terraform();
    bool config_placeholder(std::string placeholder);
};

bool Builder::python() {
    if (!lit.quoted)
        return false;
    // "a" "sk…": implicit concatenation cannot take an expression between string pieces.
    char prev = prev_non_blank(text, lit.begin), next = next_non_blank(text, lit.end);
    if (prev == '"' || prev == '\'' || next == '"' || next == '\'')
        return false;
    bool bytes = lit.prefix.find_first_of("bB") != std::string::npos;
    std::string lookup = lookup_expression(L::Python, var);
    if (whole)
        replace_literal(bytes ? lookup + ".encode()" : lookup);
    else if (bytes)
        replace_literal(concatenation(text, lit, parts(), lookup + ".encode()", "+"));
    else
        replace_literal(python_fstring(lit, parts(), var));
    add(python_import_os(text));
    return true;
}

bool Builder::javascript() {
    if (!lit.quoted)
        return false;
    std::string lookup = js_lookup(var);
    if (lang == L::TypeScript && whole)
        lookup += "!"; // process.env values are `string | undefined`; the literal was a string
    char prev = prev_non_blank(text, lit.begin);
    if (lit.open == "`" && (std::isalnum(static_cast<unsigned char>(prev)) || prev == ')'))
        return false; // a tagged template: its tag expects template pieces
    if (whole)
        replace_literal(lookup);
    else
        replace_literal(js_template(lit, parts(), var));
    return true;
}

bool Builder::go() {
    if (!lit.quoted || lit.open == "'")
        return false;
    std::string lookup = lookup_expression(L::Go, var);
    replace_literal(whole ? lookup : concatenation(text, lit, parts(), lookup, "+"));
    add(go_import_os(text));
    add(go_const_to_var(text, lit.begin));
    return true;
}

bool Builder::jvm() {
    if (!lit.quoted || lit.open == "'")
        return false;
    std::string lookup = lookup_expression(lang, var);
    if (whole) {
        replace_literal(lookup);
    } else if (lang == L::Kotlin) {
        replace_secret("${" + lookup + "}"); // every Kotlin string is a template
    } else if (lang == L::Scala) {
        if (lit.prefix.empty()) {
            auto p = parts();
            replace_literal("s" + lit.open + replace_all(p.before, "$", "$$") + "${" + lookup +
                            "}" + replace_all(p.after, "$", "$$") + lit.close);
        } else {
            replace_secret("${" + lookup + "}");
        }
    } else if (lit.open == "\"\"\"") {
        // Java text blocks cannot be split: format them.
        auto p = parts();
        replace_literal(lit.open + replace_all(p.before, "%", "%%") + "%s" +
                        replace_all(p.after, "%", "%%") + lit.close + ".formatted(" + lookup + ")");
    } else {
        replace_literal(concatenation(text, lit, parts(), lookup, "+"));
    }
    if (lang == L::Kotlin)
        add(remove_keyword_before(text, lit.begin, "const", ""));
    return true;
}

bool Builder::csharp() {
    if (!lit.quoted || lit.open == "'" || lit.open == "\"\"\"")
        return false;
    std::string lookup = lookup_expression(L::CSharp, var);
    replace_literal(whole ? lookup : concatenation(text, lit, parts(), lookup, "+"));
    size_t lb = line_begin(text, lit.begin);
    static const std::regex kMember(R"(\b(public|private|protected|internal)\b)");
    bool member = std::regex_search(std::string(text.substr(lb, lit.begin - lb)), kMember);
    add(remove_keyword_before(text, lit.begin, "const", member ? "static readonly " : ""));
    add(csharp_using_system(text));
    return true;
}

bool Builder::ruby() {
    if (!lit.quoted)
        return false;
    std::string lookup = lookup_expression(L::Ruby, var);
    if (whole)
        replace_literal(lookup);
    else if (lit.open == "\"" || lit.open == "`")
        replace_secret("#{" + lookup + "}");
    else
        replace_literal(concatenation(text, lit, parts(), lookup, "+"));
    return true;
}

bool Builder::php() {
    if (!lit.quoted || php_constant_expression_context(text, lit.begin))
        return false;
    std::string lookup = lookup_expression(L::Php, var);
    replace_literal(whole ? lookup : concatenation(text, lit, parts(), lookup, "."));
    return true;
}

bool Builder::rust() {
    if (!lit.quoted || lit.open == "'" || lit.prefix.find('b') != std::string::npos)
        return false;
    if (rust_const_context(text, lit.begin)) {
        // Items need a constant: env! reads the variable when the crate is built.
        std::string env = "env!(\"" + var + "\")";
        fix.note = "read at build time";
        if (whole) {
            replace_literal(env);
        } else {
            auto p = parts();
            std::string pieces;
            if (!p.before.empty())
                pieces += same_kind(lit, p.before) + ", ";
            pieces += env;
            if (!p.after.empty())
                pieces += ", " + same_kind(lit, p.after);
            replace_literal("concat!(" + pieces + ")");
        }
        fix.expression = env;
        return true;
    }
    if (whole) {
        std::string expr = "&" + lookup_expression(L::Rust, var);
        char next = next_non_blank(text, lit.end);
        replace_literal(next == '.' ? "(" + expr + ")" : expr);
    } else {
        std::string expr = rust_format(lit, parts(), var);
        char next = next_non_blank(text, lit.end);
        replace_literal(next == '.' ? "(" + expr + ")" : expr);
    }
    return true;
}

bool Builder::swift() {
    if (!lit.quoted)
        return false;
    std::string lookup = lookup_expression(L::Swift, var);
    if (whole) {
        replace_literal("(" + lookup + ")");
    } else {
        std::string hashes = lit.open.substr(0, lit.open.find('"'));
        replace_secret("\\" + hashes + "(" + lookup + ")");
    }
    add(swift_import_foundation(text));
    return true;
}

bool Builder::c_family() {
    bool cpp = lang == L::Cpp;
    if (!lit.quoted || lit.open == "'" || !lit.prefix.empty())
        return false; // wide and raw literals need other types; leave them to the user
    if (!cpp && !c_inside_function(text, lit.begin))
        return false; // a file-scope initialiser must be a constant in C
    std::string lookup = lookup_expression(lang, var);
    if (whole) {
        replace_literal(lookup);
    } else {
        size_t lb = line_begin(text, lit.begin);
        std::string before(text.substr(lb, lit.begin - lb));
        if (!cpp || before.find("string") == std::string::npos)
            return false; // only a std::string can hold a concatenation
        auto p = parts();
        std::string out = "std::string(" +
                          (p.before.empty() ? std::string("\"\"") : same_kind(lit, p.before)) +
                          ") + " + lookup;
        if (!p.after.empty())
            out += " + " + same_kind(lit, p.after);
        replace_literal(out);
    }
    add(c_array_to_pointer(text, lit.begin));
    if (cpp) {
        size_t lb = line_begin(text, lit.begin);
        bool has_const = std::regex_search(std::string(text.substr(lb, lit.begin - lb)),
                                           std::regex(R"(\bconst\b)"));
        add(remove_keyword_before(text, lit.begin, "constexpr", has_const ? "" : "const "));
    }
    add(c_include(text, cpp));
    return true;
}

bool Builder::shell() {
    std::string v = "${" + var + "}";
    if (!lit.quoted) {
        replace_secret("\"" + v + "\"");
    } else if (lit.open == "\"") {
        replace_secret(v);
    } else if (lit.open == "'" && lit.prefix.empty()) {
        // Close the single quotes, expand in double quotes, reopen.
        replace_secret("'\"" + v + "\"'");
    } else {
        return false;
    }
    return true;
}

bool Builder::powershell() {
    std::string lookup = lookup_expression(L::PowerShell, var);
    if (whole) {
        replace_literal(lookup);
        return true;
    }
    if (lit.quoted && lit.open == "\"") {
        replace_secret("${env:" + var + "}");
        return true;
    }
    // Bare words and single-quoted strings become an expandable string.
    auto p = parts();
    auto expandable = [](const std::string& s) {
        return s.find_first_of("\"$`") == std::string::npos;
    };
    if (!expandable(p.before) || !expandable(p.after))
        return false;
    std::string before = lit.quoted ? replace_all(p.before, "''", "'") : p.before;
    std::string after = lit.quoted ? replace_all(p.after, "''", "'") : p.after;
    replace_literal("\"" + before + "${env:" + var + "}" + after + "\"");
    return true;
}

bool Builder::terraform() {
    if (!lit.quoted)
        return false;
    std::string name = tf_name(var);
    if (whole)
        replace_literal("var." + name);
    else
        replace_secret("${var." + name + "}");
    add(terraform_variable(text, name));
    return true;
}

// Config formats keep their string and hold a placeholder the deployment fills in.
bool Builder::config_placeholder(std::string placeholder) {
    bool yaml = lang == L::Yaml || lang == L::DockerCompose || lang == L::GithubActions;
    if (yaml && !lit.quoted && whole && placeholder.starts_with("${") &&
        !placeholder.starts_with("${{"))
        placeholder = "\"" + placeholder + "\"";
    if (lang == L::Dockerfile && lit.quoted && lit.open == "'")
        placeholder = "'\"" + placeholder + "\"'"; // single quotes in RUN: let the shell expand
    replace_secret(placeholder);
    if (lang == L::Dockerfile)
        add(dockerfile_arg(text, lit.begin, var));
    return true;
}

bool Builder::build() {
    switch (lang) {
    case L::Python:
        return python();
    case L::JavaScript:
    case L::TypeScript:
        return javascript();
    case L::Go:
        return go();
    case L::Java:
    case L::Kotlin:
    case L::Scala:
        return jvm();
    case L::CSharp:
        return csharp();
    case L::Ruby:
        return ruby();
    case L::Php:
        return php();
    case L::Rust:
        return rust();
    case L::Swift:
        return swift();
    case L::C:
    case L::Cpp:
        return c_family();
    case L::Lua:
        if (!lit.quoted)
            return false;
        replace_literal(
            whole ? lookup_expression(L::Lua, var)
                  : concatenation(text, lit, parts(), lookup_expression(L::Lua, var), ".."));
        return true;
    case L::Shell:
        return shell();
    case L::PowerShell:
        return powershell();
    case L::Terraform:
        return terraform();
    case L::Dotenv:
    case L::Sql:
        return false; // .env is where the value belongs; SQL has no environment
    default:
        return config_placeholder(lookup_expression(lang, var));
    }
}

std::string upper_snake(std::string_view words) {
    std::string out;
    char prev = '\0';
    for (char c : words) {
        unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) {
            // camelCase boundary: apiKey -> API_KEY
            if (std::isupper(u) && std::islower(static_cast<unsigned char>(prev)) && !out.empty() &&
                out.back() != '_')
                out += '_';
            out += static_cast<char>(std::toupper(u));
        } else if (!out.empty() && out.back() != '_') {
            out += '_';
        }
        prev = c;
    }
    while (!out.empty() && out.back() == '_')
        out.pop_back();
    return out;
}

} // namespace

std::string to_env_name(std::string_view words) {
    std::string name = upper_snake(words);
    if (!name.empty() && std::isdigit(static_cast<unsigned char>(name[0])))
        name = "SECRET_" + name;
    return name;
}

std::string env_var_name(const detectors::Rule& rule, std::string_view text, ByteRange secret) {
    if (!rule.env_var.empty()) {
        std::string n = to_env_name(rule.env_var);
        if (!n.empty())
            return n;
    }
    // The name the value is assigned to: `db_password = "…"`, `"apiKey": "…"`, `TOKEN: …`.
    size_t lb = line_begin(text, secret.begin);
    std::string before(text.substr(lb, secret.begin - lb));
    static const std::regex kAssigned(
        R"re(["']?([A-Za-z_][\w.-]*)["']?\s*(:=|=>|=|:)\s*[\w@$]*["'`]?[^"'`=:]*$)re");
    std::smatch m;
    if (std::regex_search(before, m, kAssigned)) {
        std::string name = m[1].str();
        auto dot = name.find_last_of('.');
        if (dot != std::string::npos)
            name = name.substr(dot + 1);
        name = to_env_name(name);
        static const std::regex kGeneric(R"(^(KEY|VALUE|VAL|DATA|URL|URI|X|S|V|STR)$)");
        if (name.size() >= 3 && !std::regex_match(name, kGeneric))
            return name;
    }
    std::string from_rule =
        to_env_name(rule.title.empty() ? rule.provider + " secret" : rule.title);
    return from_rule.empty() ? "SECRET_VALUE" : from_rule;
}

namespace {

// A secret in a comment is not read by the program: it only has to go. The comment keeps
// a pointer to where the value lives now.
std::optional<EnvFix> redact_in_comment(std::string_view text, Language lang, ByteRange secret,
                                        std::string_view var) {
    auto spans = lex(text, lang);
    if (region_at(spans, secret.begin) != Region::Comment ||
        region_at(spans, secret.end - 1) != Region::Comment)
        return std::nullopt;
    EnvFix fix;
    fix.expression = "<redacted: " + std::string(var) + ">";
    fix.title = "Remove the secret from this comment";
    fix.edits.push_back({secret.begin, secret.end, fix.expression});
    return fix;
}

} // namespace

std::optional<EnvFix> build_env_fix(std::string_view text, Language lang, ByteRange secret,
                                    std::string_view var_name) {
    auto enclosing = find_enclosing_literal(text, secret, lang);
    if (!enclosing)
        return redact_in_comment(text, lang, secret, var_name);
    Builder b{text, lang, secret, std::string(var_name), enclosing->literal, enclosing->whole, {}};
    b.fix.expression = lookup_expression(lang, var_name);
    if (!b.build())
        return std::nullopt;
    if (!normalize_edits(b.fix.edits))
        return std::nullopt;
    return std::move(b.fix);
}

} // namespace secretls::server::fixes

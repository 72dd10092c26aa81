//===--- env_fix.cpp - Environment-variable rewrites, one idiom per language ---------------===//
#include "server/fixes/env_fix.h"

#include "server/fixes/text.h"

#include <algorithm>
#include <cctype>
#include <functional>
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

// ---- The pieces of a literal around the secrets -------------------------------------------

// The literal's content cut at the secrets: chunks[0] var[0] chunks[1] … var[n-1] chunks[n],
// chunks as written in the source (escapes untouched).
struct Pieces {
    std::vector<std::string> chunks;
    std::vector<std::string> vars;
};

Pieces split(std::string_view text, const StringLiteral& lit, const std::vector<SecretVar>& s) {
    Pieces p;
    size_t at = lit.content_begin;
    for (const auto& sv : s) {
        p.chunks.emplace_back(text.substr(at, sv.secret.begin - at));
        p.vars.push_back(sv.var);
        at = sv.secret.end;
    }
    p.chunks.emplace_back(text.substr(at, lit.content_end - at));
    return p;
}

// A literal of the same kind (prefix and quotes) holding `content`.
std::string same_kind(const StringLiteral& lit, std::string_view content) {
    return lit.prefix + lit.open + std::string(content) + lit.close;
}

// The chunks with each var replaced by make(var), as one string.
template <typename Chunk, typename Expr>
std::string interleave(const Pieces& p, Chunk chunk, Expr expr) {
    std::string out = chunk(p.chunks[0]);
    for (size_t i = 0; i < p.vars.size(); ++i)
        out += expr(p.vars[i]) + chunk(p.chunks[i + 1]);
    return out;
}

// "pre" OP expr OP "mid" OP expr2 …, leaving out empty chunks; parenthesised when the literal
// was the operand of something binding tighter than concatenation ("…".length(), x % "…").
template <typename Expr>
std::string concatenation(std::string_view text, const StringLiteral& lit, const Pieces& p,
                          Expr expr, std::string_view op) {
    std::vector<std::string> terms;
    for (size_t i = 0; i < p.chunks.size(); ++i) {
        if (!p.chunks[i].empty())
            terms.push_back(same_kind(lit, p.chunks[i]));
        if (i < p.vars.size())
            terms.push_back(expr(p.vars[i]));
    }
    std::string out;
    for (const auto& t : terms)
        out += (out.empty() ? "" : " " + std::string(op) + " ") + t;
    char next = next_non_blank(text, lit.end);
    char prev = prev_non_blank(text, lit.begin);
    bool tight =
        next == '.' || next == '[' || prev == '.' || prev == '%' || prev == '*' || prev == '!';
    return tight && terms.size() > 1 ? "(" + out + ")" : out;
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

std::string regex_escape(std::string_view s) {
    static const std::regex kSpecial(R"([.^$|()\[\]{}*+?\\/])");
    return std::regex_replace(std::string(s), kSpecial, R"(\$&)");
}

// Inside `import (`: before the first path that sorts after `path` (gofmt's order).
TextEdit go_import_in_block(std::string_view text, size_t block_start, std::string_view path,
                            const std::string& spec) {
    size_t i = block_start;
    std::string quoted = std::string(path) + "\"";
    while (i < text.size()) {
        size_t e = line_end(text, i);
        auto line = trim(text.substr(i, e - i));
        if (line.starts_with(")") || line.empty())
            break;
        if (line.starts_with("\"") && line.substr(1) > std::string_view(quoted))
            break;
        i = std::min(e + 1, text.size());
    }
    return TextEdit{i, i, "\t" + spec + "\n"};
}

// `import "path"` (or `alias "path"`) in the file's import block, unless imported already.
std::optional<TextEdit> go_import(std::string_view text, std::string_view path,
                                  std::string_view alias = "") {
    std::string p = regex_escape(path);
    std::regex single(R"(^import\s+(\w+\s+)?")" + p + R"("\s*$)");
    std::regex in_block(R"(^\s*(\w+\s+)?")" + p + R"("\s*$)");
    static const std::regex kBlock(R"(^import\s*\(\s*$)");
    static const std::regex kAnyImport(R"(^import\s)");
    static const std::regex kPackage(R"(^package\s+\w+)");
    if (has_line(text, single) || has_line(text, in_block))
        return std::nullopt;
    std::string spec =
        (alias.empty() ? "" : std::string(alias) + " ") + "\"" + std::string(path) + "\"";
    size_t i = 0;
    std::optional<size_t> package_end;
    while (i < text.size()) {
        size_t e = line_end(text, i);
        std::string line(text.substr(i, e - i));
        size_t next = std::min(e + 1, text.size());
        if (std::regex_search(line, kBlock))
            return go_import_in_block(text, next, path, spec);
        if (std::regex_search(line, kAnyImport))
            return TextEdit{i, i, "import " + spec + "\n"};
        if (!package_end && std::regex_search(line, kPackage))
            package_end = e;
        i = e + 1;
    }
    if (!package_end)
        return std::nullopt; // not a Go file we can fix
    return TextEdit{*package_end, *package_end, "\n\nimport " + spec};
}

std::optional<TextEdit> go_import_os(std::string_view text) {
    return go_import(text, "os");
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
// The statement holding `at` starts after the last `;`, `{` or `}` outside strings.
size_t php_statement_begin(std::string_view text, size_t at) {
    auto spans = lex(text, L::Php);
    for (size_t i = at; i > 0; --i) {
        char c = text[i - 1];
        if ((c == ';' || c == '{' || c == '}') && region_at(spans, i - 1) == Region::Code)
            return i;
    }
    return 0;
}

bool php_constant_expression_context(std::string_view text, size_t at) {
    size_t begin = php_statement_begin(text, at);
    static const std::regex kDecl(
        R"(^\s*((public|private|protected|static|readonly|var|final)\s+)+(\??[\w\\]+\s+)?\$\w+\s*=|^\s*((public|private|protected|final)\s+)*const\s)");
    return std::regex_search(std::string(text.substr(begin, at - begin)), kDecl);
}

// YAML: is `at` inside a block scalar (`key: |` / `- >-` and the more indented lines after)?
// There the text is taken as is: quotes would become part of the value.
bool yaml_in_block_scalar(std::string_view text, size_t at) {
    static const std::regex kIndicator(R"([:-]\s*[|>][-+0-9]*\s*(#.*)?$)");
    auto indent = [](std::string_view line) { return line.find_first_not_of(" \t"); };
    size_t lb = line_begin(text, at);
    size_t own = indent(text.substr(lb, line_end(text, lb) - lb));
    while (lb > 0) {
        size_t pb = line_begin(text, lb - 1);
        std::string_view line = text.substr(pb, lb - 1 - pb);
        lb = pb;
        size_t ind = indent(line);
        if (ind == std::string_view::npos)
            continue; // blank lines belong to the scalar
        if (ind < own)
            return std::regex_search(std::string(line), kIndicator);
    }
    return false;
}

// ---- The replacement of the literal ---------------------------------------------------------

std::string escape_braces(const std::string& s) {
    return replace_all(replace_all(s, "{", "{{"), "}", "}}");
}

std::string python_fstring(const StringLiteral& lit, const Pieces& p) {
    char inner = lit.open.find('"') != std::string::npos ? '\'' : '"';
    std::string q(1, inner);
    std::string prefix;
    bool is_f = false;
    for (char c : lit.prefix) {
        char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        is_f |= l == 'f';
        if (l != 'u') // u"" cannot be combined with f
            prefix += c;
    }
    if (!is_f)
        prefix += 'f';
    auto chunk = [&](const std::string& s) { return is_f ? s : escape_braces(s); };
    auto expr = [&](const std::string& v) { return "{os.environ[" + q + v + q + "]}"; };
    return prefix + lit.open + interleave(p, chunk, expr) + lit.close;
}

// Backslash sequences of a quoted string mean the same in a template; only ` and ${ gain a
// meaning.
std::string js_template_chunk(const std::string& s) {
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
}

std::string js_template(const StringLiteral& lit, const Pieces& p) {
    bool is_template = lit.open == "`";
    auto chunk = [&](const std::string& s) { return is_template ? s : js_template_chunk(s); };
    auto expr = [](const std::string& v) { return "${" + js_lookup(v) + "}"; };
    return "`" + interleave(p, chunk, expr) + "`";
}

std::string rust_format(const StringLiteral& lit, const Pieces& p) {
    std::string args;
    for (const auto& v : p.vars)
        args += ", " + lookup_expression(L::Rust, v);
    auto expr = [](const std::string&) { return std::string("{}"); };
    return "&format!(" + same_kind(lit, interleave(p, escape_braces, expr)) + args + ")";
}

struct Builder {
    std::string_view text;
    Language lang;
    std::vector<SecretVar> secrets; // sorted, inside lit
    const StringLiteral& lit;
    bool whole; // one secret that is the literal's whole content
    EnvFix fix;

    const std::string& var() const { return secrets.front().var; }
    Pieces parts() const { return split(text, lit, secrets); }
    void replace_literal(std::string s) { fix.edits.push_back({lit.begin, lit.end, std::move(s)}); }
    // Each secret replaced in place by make(var).
    template <typename Make> void replace_secrets(Make make) {
        for (const auto& s : secrets)
            fix.edits.push_back({s.secret.begin, s.secret.end, make(s.var)});
    }
    void add(std::optional<TextEdit> e) {
        if (e)
            fix.edits.push_back(std::move(*e));
    }
    void add_per_var(std::optional<TextEdit> (*make)(std::string_view, std::string_view)) {
        for (const auto& s : secrets)
            add(make(text, s.var));
    }
    std::string lookup(const std::string& v) const { return lookup_expression(lang, v); }

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
    bool config_placeholder();
    bool bare_in_code();
    bool c_may_call_here() const;
    bool literal_text_is_plain(std::string_view special) const;
    void unquote_heredoc_opener();
    bool php_heredoc();
    bool rust_format_string();
    bool annotation_argument();
};

// Java/Kotlin annotations and C# attributes take constants only: the value becomes a
// `${X}` placeholder, which Spring's @Value and most configuration binders resolve.
bool Builder::annotation_argument() {
    if (!in_annotation_argument(text, lit.begin, lang))
        return false;
    replace_secrets([](const std::string& v) { return "${" + v + "}"; });
    fix.note = "a placeholder: annotation arguments must be constants";
    fix.expression = "${" + var() + "}";
    return true;
}

// Rust: the literal is the format string of format!/println!/write!…: each secret becomes
// an indexed placeholder {N} after the call's own arguments, and its lookup a new argument.
bool Builder::rust_format_string() {
    size_t lb = line_begin(text, lit.begin);
    static const std::regex kMacro(
        R"(\b(format|print|println|eprint|eprintln|write|writeln|panic|format_args)!\s*\(\s*(\w+\s*,\s*)?$)");
    if (!std::regex_search(std::string(text.substr(lb, lit.begin - lb)), kMacro))
        return false;
    auto spans = lex(text, L::Rust);
    size_t args = 0, depth = 0, i = lit.end;
    for (; i < text.size(); ++i) {
        if (region_at(spans, i) != Region::Code)
            continue;
        char c = text[i];
        if (c == '(' || c == '[' || c == '{')
            ++depth;
        else if ((c == ')' || c == ']' || c == '}') && depth-- == 0)
            break;
        else if (c == ',' && depth == 0 && next_non_blank(text, i + 1) != ')')
            ++args;
    }
    if (i >= text.size())
        return false;
    size_t index = args;
    std::string added;
    for (const auto& s : secrets) {
        fix.edits.push_back({s.secret.begin, s.secret.end, "{" + std::to_string(index++) + "}"});
        added += ", " + lookup(s.var);
    }
    size_t close = i;
    while (close > lit.end && (text[close - 1] == ' ' || text[close - 1] == '\n'))
        --close;
    if (text[close - 1] == ',')
        --close; // a trailing comma stays after the new arguments
    fix.edits.push_back({close, close, added});
    return true;
}

// A bare word in code becomes the lookup itself (with what the lookup needs).
bool Builder::bare_in_code() {
    if (!whole)
        return false;
    replace_literal(lookup(var()));
    switch (lang) {
    case L::Python:
        add(python_import_os(text));
        break;
    case L::Go:
        add(go_import_os(text));
        add(go_const_to_var(text, lit.begin));
        break;
    case L::C:
    case L::Cpp:
        if (!c_may_call_here())
            return false;
        add(c_include(text, lang == L::Cpp));
        break;
    case L::CSharp:
        add(csharp_using_system(text));
        break;
    case L::Swift:
        add(swift_import_foundation(text));
        break;
    default:
        break;
    }
    return true;
}

// C: a function call is fine inside a function; a file-scope declaration needs a constant.
// A literal that is not a declaration's initialiser (an assignment, a comparison, an
// argument) can only be inside a function, even in a fragment without one.
bool Builder::c_may_call_here() const {
    if (lang == L::Cpp || c_inside_function(text, lit.begin))
        return true;
    size_t lb = line_begin(text, lit.begin);
    static const std::regex kDeclaration(
        R"(^\s*([A-Za-z_]\w*[\s*]+)+[A-Za-z_]\w*\s*(\[\s*\w*\s*\])?\s*=\s*@?$)");
    return !std::regex_search(std::string(text.substr(lb, lit.begin - lb)), kDeclaration);
}

bool Builder::python() {
    if (!lit.quoted)
        return false;
    // "a" "sk…": implicit concatenation takes string pieces only, so keep a (f-)string there.
    char prev = prev_non_blank(text, lit.begin), next = next_non_blank(text, lit.end);
    bool adjacent = prev == '"' || prev == '\'' || next == '"' || next == '\'';
    bool bytes = lit.prefix.find_first_of("bB") != std::string::npos;
    if (bytes && adjacent)
        return false;
    auto lookup_of = [&](const std::string& v) { return lookup(v) + (bytes ? ".encode()" : ""); };
    if (whole && !adjacent)
        replace_literal(lookup_of(var()));
    else if (bytes)
        replace_literal(concatenation(text, lit, parts(), lookup_of, "+"));
    else
        replace_literal(python_fstring(lit, parts()));
    add(python_import_os(text));
    return true;
}

bool Builder::javascript() {
    if (!lit.quoted)
        return false;
    char prev = prev_non_blank(text, lit.begin);
    if (lit.open == "`" && (std::isalnum(static_cast<unsigned char>(prev)) || prev == ')'))
        return false; // a tagged template: its tag expects template pieces
    if (whole)        // process.env values are `string | undefined`; the literal was a string
        replace_literal(js_lookup(var()) + (lang == L::TypeScript ? "!" : ""));
    else
        replace_literal(js_template(lit, parts()));
    return true;
}

bool Builder::go() {
    if (!lit.quoted || lit.open == "'")
        return false;
    auto lookup_of = [&](const std::string& v) { return lookup(v); };
    replace_literal(whole ? lookup(var()) : concatenation(text, lit, parts(), lookup_of, "+"));
    add(go_import_os(text));
    add(go_const_to_var(text, lit.begin));
    return true;
}

bool Builder::jvm() {
    if (!lit.quoted || lit.open == "'")
        return false;
    if (annotation_argument())
        return true;
    auto lookup_of = [&](const std::string& v) { return lookup(v); };
    auto template_expr = [&](const std::string& v) { return "${" + lookup(v) + "}"; };
    if (whole) {
        replace_literal(lookup(var()));
    } else if (lang == L::Kotlin) {
        replace_secrets(template_expr); // every Kotlin string is a template
    } else if (lang == L::Scala) {
        if (lit.prefix.empty()) {
            auto dollars = [](const std::string& s) { return replace_all(s, "$", "$$"); };
            replace_literal("s" + lit.open + interleave(parts(), dollars, template_expr) +
                            lit.close);
        } else {
            replace_secrets(template_expr);
        }
    } else if (lit.open == "\"\"\"") {
        // Java text blocks cannot be split: format them.
        auto percents = [](const std::string& s) { return replace_all(s, "%", "%%"); };
        auto slot = [](const std::string&) { return std::string("%s"); };
        std::string args;
        for (const auto& s : secrets)
            args += (args.empty() ? "" : ", ") + lookup(s.var);
        replace_literal(lit.open + interleave(parts(), percents, slot) + lit.close + ".formatted(" +
                        args + ")");
    } else {
        replace_literal(concatenation(text, lit, parts(), lookup_of, "+"));
    }
    if (lang == L::Kotlin)
        add(remove_keyword_before(text, lit.begin, "const", ""));
    return true;
}

// C# raw strings ("""…""", 11+) splice by interpolation: as many `$` as the longest run of
// braces in the text plus one, and as many braces around the expression.
std::string csharp_raw_interpolated(const StringLiteral& lit, const Pieces& p,
                                    const std::function<std::string(const std::string&)>& lookup) {
    size_t run = 0, longest = 0;
    for (const auto& c : p.chunks)
        for (char ch : c) {
            run = (ch == '{' || ch == '}') ? run + 1 : 0;
            longest = std::max(longest, run);
        }
    size_t n = longest + 1;
    auto expr = [&](const std::string& v) {
        return std::string(n, '{') + lookup(v) + std::string(n, '}');
    };
    return std::string(n, '$') + lit.open +
           interleave(
               p, [](const std::string& s) { return s; }, expr) +
           lit.close;
}

bool Builder::csharp() {
    if (!lit.quoted || lit.open == "'")
        return false;
    if (annotation_argument())
        return true;
    auto lookup_of = [&](const std::string& v) { return lookup(v); };
    bool raw = lit.open.starts_with("\"\"\"");
    if (whole)
        replace_literal(lookup(var()));
    else if (raw && lit.prefix.find('$') != std::string::npos)
        return false; // an interpolated raw string: its brace count is the author's
    else if (raw)
        replace_literal(csharp_raw_interpolated(lit, parts(), lookup_of));
    else
        replace_literal(concatenation(text, lit, parts(), lookup_of, "+"));
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
    auto lookup_of = [&](const std::string& v) { return lookup(v); };
    auto interpolation = [&](const std::string& v) { return "#{" + lookup(v) + "}"; };
    const std::string& p = lit.prefix;
    bool heredoc = p.starts_with("<<"), percent = p.starts_with("%");
    bool word_list = p == "%w" || p == "%W" || p == "%i" || p == "%I";
    bool interpolates = lit.open == "\"" || lit.open == "`" || p == "%Q" || p == "%" || p == "%W" ||
                        p == "%I" || p == "%x" || (heredoc && !lit.raw);
    if (whole && !heredoc && !word_list) {
        replace_literal(lookup(var()));
    } else if (interpolates) {
        replace_secrets(interpolation);
    } else if ((percent || heredoc) && literal_text_is_plain("#\\")) {
        // %q %w and <<~'ID' do not interpolate: their interpolating twin means the same here.
        if (percent)
            fix.edits.push_back({lit.begin + 1, lit.begin + 2,
                                 p == "%q"   ? "Q"
                                 : p == "%w" ? "W"
                                             : "I"});
        else
            unquote_heredoc_opener();
        replace_secrets(interpolation);
    } else if (!percent && !heredoc) {
        replace_literal(concatenation(text, lit, parts(), lookup_of, "+"));
    } else {
        return false;
    }
    return true;
}

// No character of `special` in the literal's text around the secrets.
bool Builder::literal_text_is_plain(std::string_view special) const {
    for (const auto& c : parts().chunks)
        if (c.find_first_of(special) != std::string::npos)
            return false;
    return true;
}

// <<~'ID' / <<-"ID" / <<\ID -> <<~ID (the body is then interpolated).
void Builder::unquote_heredoc_opener() {
    std::string_view opener = text.substr(lit.begin, lit.content_begin - lit.begin);
    size_t id = opener.find(lit.open, lit.prefix.size() - 1);
    if (id == std::string_view::npos || id == 0)
        return;
    size_t q = lit.begin + id - 1;
    fix.edits.push_back({q, q + 1, ""});
    size_t after = lit.begin + id + lit.open.size();
    if (after < text.size() && (text[after] == '\'' || text[after] == '"'))
        fix.edits.push_back({after, after + 1, ""});
}

bool Builder::php() {
    if (!lit.quoted || php_constant_expression_context(text, lit.begin))
        return false;
    if (lit.prefix.starts_with("<<<"))
        return php_heredoc();
    auto lookup_of = [&](const std::string& v) { return lookup(v); };
    replace_literal(whole ? lookup(var()) : concatenation(text, lit, parts(), lookup_of, "."));
    return true;
}

// Heredocs interpolate variables, not calls: $_SERVER holds the environment (CLI, FPM,
// mod_php). A nowdoc becomes a heredoc when nothing in it would start to mean something.
bool Builder::php_heredoc() {
    if (lit.raw) {
        if (!literal_text_is_plain("$\\{"))
            return false;
        unquote_heredoc_opener();
    }
    replace_secrets([](const std::string& v) { return "{$_SERVER['" + v + "']}"; });
    return true;
}

bool Builder::rust() {
    if (!lit.quoted || lit.open == "'" || lit.prefix.find('b') != std::string::npos)
        return false;
    if (rust_const_context(text, lit.begin)) {
        // Items need a constant: env! reads the variable when the crate is built.
        auto env = [](const std::string& v) { return "env!(\"" + v + "\")"; };
        fix.note = "read at build time";
        fix.expression = env(var());
        if (whole) {
            replace_literal(env(var()));
            return true;
        }
        auto p = parts();
        std::string pieces;
        for (size_t i = 0; i < p.chunks.size(); ++i) {
            if (!p.chunks[i].empty())
                pieces += (pieces.empty() ? "" : ", ") + same_kind(lit, p.chunks[i]);
            if (i < p.vars.size())
                pieces += (pieces.empty() ? "" : ", ") + env(p.vars[i]);
        }
        replace_literal("concat!(" + pieces + ")");
        return true;
    }
    if (rust_format_string())
        return true;
    std::string expr = whole ? "&" + lookup(var()) : rust_format(lit, parts());
    replace_literal(next_non_blank(text, lit.end) == '.' ? "(" + expr + ")" : expr);
    return true;
}

bool Builder::swift() {
    if (!lit.quoted)
        return false;
    if (whole) {
        replace_literal("(" + lookup(var()) + ")");
    } else {
        std::string hashes = lit.open.substr(0, lit.open.find('"'));
        replace_secrets(
            [&](const std::string& v) { return "\\" + hashes + "(" + lookup(v) + ")"; });
    }
    add(swift_import_foundation(text));
    return true;
}

bool Builder::c_family() {
    bool cpp = lang == L::Cpp;
    bool objc = text.substr(0, lit.begin).ends_with("@"); // Objective-C's @"…" NSString
    if (!lit.quoted || lit.open == "'" || !lit.prefix.empty())
        return false; // wide and raw literals need other types; leave them to the user
    if (!c_may_call_here())
        return false; // a file-scope initialiser must be a constant in C
    if (objc) {
        if (!whole)
            return false;
        fix.edits.push_back({lit.begin - 1, lit.end, "@(" + lookup(var()) + ")"});
    } else if (whole) {
        replace_literal(lookup(var()));
    } else {
        size_t lb = line_begin(text, lit.begin);
        std::string before(text.substr(lb, lit.begin - lb));
        if (!cpp || before.find("string") == std::string::npos)
            return false; // only a std::string can hold a concatenation
        auto p = parts();
        std::string out =
            "std::string(" +
            (p.chunks[0].empty() ? std::string("\"\"") : same_kind(lit, p.chunks[0])) + ")";
        for (size_t i = 0; i < p.vars.size(); ++i) {
            out += " + " + lookup(p.vars[i]);
            if (!p.chunks[i + 1].empty())
                out += " + " + same_kind(lit, p.chunks[i + 1]);
        }
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
    auto braced = [](const std::string& v) { return "${" + v + "}"; };
    if (!lit.quoted)
        replace_secrets([&](const std::string& v) { return "\"" + braced(v) + "\""; });
    else if (lit.open == "\"" || ((lit.prefix == "<<" || lit.prefix == "<<-") && !lit.raw))
        replace_secrets(braced); // double quotes and unquoted heredocs expand
    else if (lit.prefix.starts_with("<<") && literal_text_is_plain("$`\\")) {
        unquote_heredoc_opener(); // <<'EOF' -> <<EOF: nothing else in it expands
        replace_secrets(braced);
    } else if (lit.open == "'" && lit.prefix.empty())
        replace_secrets([&](const std::string& v) { return "'\"" + braced(v) + "\"'"; });
    else
        return false;
    return true;
}

bool Builder::powershell() {
    if (whole) {
        replace_literal(lookup(var()));
        return true;
    }
    auto env = [](const std::string& v) { return "${env:" + v + "}"; };
    if (lit.quoted && lit.open == "\"") {
        replace_secrets(env);
        return true;
    }
    // Bare words and single-quoted strings become an expandable string.
    auto p = parts();
    for (const auto& c : p.chunks)
        if (c.find_first_of("\"$`") != std::string::npos)
            return false;
    auto unquote = [&](const std::string& s) { return lit.quoted ? replace_all(s, "''", "'") : s; };
    replace_literal("\"" + interleave(p, unquote, env) + "\"");
    return true;
}

bool Builder::terraform() {
    if (!lit.quoted)
        return false;
    if (whole)
        replace_literal("var." + tf_name(var()));
    else
        replace_secrets([](const std::string& v) { return "${var." + tf_name(v) + "}"; });
    for (const auto& s : secrets)
        add(terraform_variable(text, tf_name(s.var)));
    return true;
}

// Config formats keep their string and hold a placeholder the deployment fills in.
bool Builder::config_placeholder() {
    bool yaml = lang == L::Yaml || lang == L::DockerCompose || lang == L::GithubActions;
    replace_secrets([&](const std::string& v) {
        std::string placeholder = lookup(v);
        if (yaml && !lit.quoted && whole && placeholder.starts_with("${") &&
            !placeholder.starts_with("${{") && !yaml_in_block_scalar(text, lit.begin))
            placeholder = "\"" + placeholder + "\"";
        if (lang == L::Dockerfile && lit.quoted && lit.open == "'")
            placeholder = "'\"" + placeholder + "\"'"; // single quotes in RUN: let the shell expand
        return placeholder;
    });
    if (lang == L::Dockerfile)
        for (const auto& s : secrets)
            add(dockerfile_arg(text, lit.begin, s.var));
    return true;
}

bool Builder::build() {
    if (!lit.quoted && is_programming_language(lang))
        return bare_in_code();
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
    case L::Lua: {
        if (!lit.quoted)
            return false;
        auto lookup_of = [&](const std::string& v) { return lookup(v); };
        replace_literal(whole ? lookup(var()) : concatenation(text, lit, parts(), lookup_of, ".."));
        return true;
    }
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
        return config_placeholder();
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
    return build_env_fix(text, lang, std::vector<SecretVar>{{secret, std::string(var_name)}});
}

std::optional<EnvFix> build_env_fix(std::string_view text, Language lang,
                                    std::vector<SecretVar> secrets) {
    if (secrets.empty())
        return std::nullopt;
    std::sort(secrets.begin(), secrets.end(), [](const SecretVar& a, const SecretVar& b) {
        return a.secret.begin < b.secret.begin;
    });
    auto spans = lex(text, lang);
    auto enclosing = find_enclosing_literal(text, spans, secrets.front().secret, lang);
    if (!enclosing && is_programming_language(lang))
        enclosing = bare_code_value(text, spans, secrets.front().secret);
    if (!enclosing) {
        if (secrets.size() != 1)
            return std::nullopt;
        return redact_in_comment(text, lang, secrets.front().secret, secrets.front().var);
    }
    const auto& lit = enclosing->literal;
    for (size_t i = 0; i < secrets.size(); ++i) {
        const auto& s = secrets[i].secret;
        if (s.begin < lit.content_begin || s.end > lit.content_end ||
            (i > 0 && s.begin < secrets[i - 1].secret.end))
            return std::nullopt; // not all in this literal, or overlapping
    }
    bool whole = secrets.size() == 1 && enclosing->whole;
    Builder b{text, lang, std::move(secrets), lit, whole, {}};
    b.fix.expression = lookup_expression(lang, b.var());
    if (!b.build())
        return std::nullopt;
    if (!normalize_edits(b.fix.edits))
        return std::nullopt;
    return std::move(b.fix);
}

std::optional<TextEdit> add_go_import(std::string_view text, std::string_view path,
                                      std::string_view alias) {
    return go_import(text, path, alias);
}

std::optional<TextEdit> go_const_to_var_edit(std::string_view text, size_t at) {
    return go_const_to_var(text, at);
}

bool in_annotation_argument(std::string_view text, size_t at, Language lang) {
    size_t lb = line_begin(text, at);
    static const std::regex kAnnotation(R"re(@[\w.]+\s*\((?:[^()"]|"[^"]*")*$)re");
    static const std::regex kAttribute(R"re(\[\s*[\w.]+\s*\((?:[^()"]|"[^"]*")*$)re");
    std::string before(text.substr(lb, at - lb));
    return std::regex_search(before, lang == L::CSharp ? kAttribute : kAnnotation);
}

} // namespace secretls::server::fixes

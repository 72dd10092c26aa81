//===--- literal.cpp - A small lexer for strings and comments in many languages ------------===//
#include "server/fixes/literal.h"

#include <algorithm>
#include <cctype>

namespace secretls::server::fixes {
namespace {

// A literal whose content [content_begin, content_end) is followed by its closing delimiter.
StringLiteral delimited(size_t begin, size_t content_begin, size_t content_end, std::string prefix,
                        std::string open, std::string close, bool raw) {
    StringLiteral lit;
    lit.begin = begin;
    lit.content_begin = content_begin;
    lit.content_end = content_end;
    lit.end = content_end + close.size();
    lit.prefix = std::move(prefix);
    lit.open = std::move(open);
    lit.close = std::move(close);
    lit.raw = raw;
    return lit;
}

bool is_ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

bool starts_at(std::string_view text, size_t i, std::string_view s) {
    return text.size() >= i && text.substr(i, s.size()) == s;
}

size_t line_end(std::string_view text, size_t i) {
    auto nl = text.find('\n', i);
    return nl == std::string_view::npos ? text.size() : nl;
}

// Only spaces and tabs between the start of the line and i.
bool at_line_start(std::string_view text, size_t i) {
    while (i > 0) {
        char c = text[i - 1];
        if (c == '\n' || c == '\r')
            return true;
        if (c != ' ' && c != '\t')
            return false;
        --i;
    }
    return true;
}

char previous_non_blank_on_line(std::string_view text, size_t i) {
    while (i > 0) {
        char c = text[i - 1];
        if (c == '\n' || c == '\r')
            return '\n';
        if (c != ' ' && c != '\t')
            return c;
        --i;
    }
    return '\n';
}

bool after_blank_or_line_start(std::string_view text, size_t i) {
    return i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n' ||
           text[i - 1] == '\r';
}

struct CommentSyntax {
    std::vector<std::string_view> line;
    std::vector<std::pair<std::string_view, std::string_view>> block;
    bool line_needs_blank_before = false; // '#' in YAML and shell starts a word only
    bool line_only_at_line_start = false; // .properties, .ini, .env, Dockerfile
};

CommentSyntax comment_syntax(Language lang) {
    using L = Language;
    switch (lang) {
    case L::Python:
    case L::Ruby:
        return {{"#"}, {}, false, false};
    case L::Shell:
    case L::Yaml:
    case L::DockerCompose:
    case L::GithubActions:
        return {{"#"}, {}, true, false};
    case L::PowerShell:
        return {{"#"}, {{"<#", "#>"}}, true, false};
    case L::Toml:
        return {{"#"}, {}, false, false};
    case L::Dotenv:
    case L::Dockerfile:
        return {{"#"}, {}, false, true};
    case L::Properties:
        return {{"#", "!"}, {}, false, true};
    case L::Ini:
        return {{";", "#"}, {}, false, true};
    case L::Terraform:
        return {{"#", "//"}, {{"/*", "*/"}}, false, false};
    case L::Php:
        return {{"//", "#"}, {{"/*", "*/"}}, false, false};
    case L::Sql:
        return {{"--"}, {{"/*", "*/"}}, false, false};
    case L::Lua:
        return {{"--"}, {{"--[[", "]]"}}, false, false};
    case L::Xml:
    case L::Html:
    case L::Markdown:
        return {{}, {{"<!--", "-->"}}, false, false};
    case L::Plaintext:
        return {};
    case L::Json: // JSONC comments are harmless to recognise in plain JSON
    default:
        return {{"//"}, {{"/*", "*/"}}, false, false};
    }
}

struct Lexer {
    std::string_view text;
    Language lang;

    // Tries to read a string literal starting at i (its prefix included).
    std::optional<StringLiteral> string_at(size_t i) const;

private:
    std::optional<StringLiteral> quoted(size_t begin, size_t quote_pos, std::string prefix) const;
    std::optional<StringLiteral> cpp_raw(size_t begin, size_t quote_pos, std::string prefix) const;
    std::optional<StringLiteral> hashed_raw(size_t begin, size_t hash_pos,
                                            std::string prefix) const;
    std::optional<StringLiteral> char_literal(size_t i) const;
    bool quote_may_open(size_t i) const;
    std::optional<StringLiteral> heredoc(size_t i) const;
    std::optional<StringLiteral> ruby_percent(size_t i) const;
    std::optional<StringLiteral> lua_long_string(size_t i) const;
};

// The letters that may prefix a string literal in each language (checked case-sensitively
// except Python, whose prefixes are case-insensitive).
bool valid_prefix(Language lang, std::string_view p) {
    using L = Language;
    if (p.empty())
        return true;
    switch (lang) {
    case L::Python: {
        std::string s;
        for (char c : p)
            s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s == "r" || s == "b" || s == "u" || s == "f" || s == "rb" || s == "br" ||
               s == "fr" || s == "rf";
    }
    case L::Rust:
        return p == "b" || p == "r" || p == "br" || p == "c" || p == "cr";
    case L::C:
    case L::Cpp:
        return p == "L" || p == "u" || p == "U" || p == "u8" || p == "R" || p == "LR" ||
               p == "uR" || p == "UR" || p == "u8R";
    case L::CSharp:
        return p == "@" || p == "$" || p == "$@" || p == "@$";
    case L::Scala:
        return p == "s" || p == "f" || p == "raw";
    default:
        return false;
    }
}

bool has_char(std::string_view s, char c) {
    return s.find(c) != std::string_view::npos;
}

bool multi_line_strings(Language lang, char quote) {
    using L = Language;
    switch (lang) {
    case L::Rust:
    case L::Shell:
    case L::Ruby:
    case L::Php:
    case L::PowerShell:
        return true;
    case L::JavaScript:
    case L::TypeScript:
    case L::Go:
        return quote == '`';
    default:
        return false;
    }
}

bool Lexer::quote_may_open(size_t i) const {
    using L = Language;
    char q = text[i];
    switch (lang) {
    case L::Yaml:
    case L::DockerCompose:
    case L::GithubActions: {
        // A quote starts a YAML string only where a scalar starts ("it's" is plain text).
        char prev = previous_non_blank_on_line(text, i);
        bool after_indicator = prev == '\n' || prev == ':' || prev == '-' || prev == '[' ||
                               prev == '{' || prev == ',' || prev == '?';
        return after_indicator && (i == 0 || !is_ident_char(text[i - 1]));
    }
    case L::Dotenv:
    case L::Ini: {
        char prev = previous_non_blank_on_line(text, i);
        return prev == '=' || prev == ':';
    }
    case L::Xml:
    case L::Html:
        return previous_non_blank_on_line(text, i) == '=';
    case L::Properties:
    case L::Markdown:
    case L::Plaintext:
        return false;
    case L::Json:
    case L::Terraform:
    case L::Toml:
        return q == '"' || (lang == L::Toml && q == '\'');
    case L::Go:
    case L::JavaScript:
    case L::TypeScript:
    case L::Ruby:
    case L::Shell:
        return true;
    default:
        return q != '`';
    }
}

std::optional<StringLiteral> Lexer::string_at(size_t i) const {
    using L = Language;
    if (text[i] == '<' && (lang == L::Ruby || lang == L::Shell || lang == L::Php))
        return heredoc(i);
    if (text[i] == '%' && lang == L::Ruby)
        return ruby_percent(i);
    if (text[i] == '[' && lang == L::Lua)
        return lua_long_string(i);
    // Rust/C/Java-style character literals are not strings but must be skipped whole.
    if (text[i] == '\'' && (lang == L::Rust || lang == L::C || lang == L::Cpp || lang == L::Java ||
                            lang == L::Kotlin || lang == L::Go || lang == L::CSharp ||
                            lang == L::Scala || lang == L::Swift))
        return char_literal(i);
    // Prefix: letters (or @/$ in C#) directly before a quote, not part of a longer name.
    size_t j = i;
    while (j < text.size() &&
           (is_ident_char(text[j]) || (lang == L::CSharp && (text[j] == '@' || text[j] == '$'))))
        ++j;
    std::string prefix(text.substr(i, j - i));
    if (j >= text.size())
        return std::nullopt;
    if (!prefix.empty() && !valid_prefix(lang, prefix))
        return std::nullopt;
    if (lang == L::Rust && !prefix.empty() && prefix.back() == 'r' && text[j] == '#')
        return hashed_raw(i, j, prefix);
    if (lang == L::Swift && text[j] == '#')
        return hashed_raw(i, j, prefix);
    char q = text[j];
    if (q != '"' && q != '\'' && q != '`')
        return std::nullopt;
    if (!quote_may_open(j))
        return std::nullopt;
    if ((lang == L::C || lang == L::Cpp) && !prefix.empty() && prefix.back() == 'R')
        return cpp_raw(i, j, prefix);
    return quoted(i, j, prefix);
}

std::optional<StringLiteral> Lexer::char_literal(size_t i) const {
    // 'x', '\n', '\u{1F600}', 'é': a short literal closing on the same line; else (a Rust
    // lifetime 'a, a Swift/Kotlin oddity) the quote is skipped as code.
    size_t j = i + 1;
    if (j < text.size() && text[j] == '\\') {
        j += 2;
        while (j < text.size() && j < i + 12 && text[j] != '\'' && text[j] != '\n')
            ++j;
    } else {
        ++j;
        while (j < text.size() && (static_cast<unsigned char>(text[j]) & 0xC0) == 0x80)
            ++j; // rest of one UTF-8 character
    }
    if (j >= text.size() || text[j] != '\'')
        return std::nullopt;
    return delimited(i, i + 1, j, "", "'", "'", false);
}

std::optional<StringLiteral> Lexer::quoted(size_t begin, size_t qpos, std::string prefix) const {
    using L = Language;
    char q = text[qpos];
    std::string delim(1, q);
    bool triple_ok = lang == L::Python || lang == L::Toml ||
                     ((lang == L::Java || lang == L::Kotlin || lang == L::Scala ||
                       lang == L::Swift || lang == L::CSharp) &&
                      q == '"');
    if (triple_ok && starts_at(text, qpos, std::string(3, q)))
        delim = std::string(3, q);
    bool triple = delim.size() == 3;
    bool verbatim = lang == L::CSharp && has_char(prefix, '@');
    bool rust_raw = lang == L::Rust && has_char(prefix, 'r');
    bool raw = (lang == L::Python && (has_char(prefix, 'r') || has_char(prefix, 'R'))) ||
               rust_raw || (lang == L::Go && q == '`') || verbatim ||
               (lang == L::Toml && q == '\'') || (lang == L::Shell && q == '\'') ||
               (lang == L::Kotlin && triple) || (lang == L::Scala && (triple || prefix == "raw"));
    // Characters that escape the next one while lexing (Python raw strings still cannot
    // contain a lone closing quote after a backslash, so they skip it too).
    bool backslash_escapes = !(lang == L::Go && q == '`') && !verbatim && !rust_raw &&
                             !(lang == L::Toml && q == '\'') && !(lang == L::Shell && q == '\'') &&
                             !(lang == L::Sql) && !(lang == L::PowerShell) &&
                             !(lang == L::Kotlin && triple) && !(lang == L::Yaml && q == '\'');
    bool doubled_quote_escapes =
        verbatim || lang == L::Sql ||
        ((lang == L::Yaml || lang == L::DockerCompose || lang == L::GithubActions) && q == '\'') ||
        (lang == L::PowerShell && q == '\'');
    bool multi_line = triple || verbatim || multi_line_strings(lang, q);
    size_t i = qpos + delim.size();
    while (i < text.size()) {
        char c = text[i];
        if (c == '\n' && !multi_line)
            return std::nullopt;
        if (lang == L::PowerShell && q == '"' && c == '`') {
            i += 2;
            continue;
        }
        if (c == '\\' && backslash_escapes) {
            i += 2;
            continue;
        }
        if (starts_at(text, i, delim)) {
            if (doubled_quote_escapes && starts_at(text, i + 1, delim)) {
                i += 2;
                continue;
            }
            // Python/Kotlin: """a"""" ends at the last three quotes of a run.
            size_t close = i;
            if (triple)
                while (close + 3 < text.size() && text[close + 3] == q)
                    ++close;
            return delimited(begin, qpos + delim.size(), close, std::move(prefix), delim, delim,
                             raw);
        }
        ++i;
    }
    return std::nullopt;
}

std::optional<StringLiteral> Lexer::cpp_raw(size_t begin, size_t qpos, std::string prefix) const {
    auto paren = text.find('(', qpos);
    if (paren == std::string_view::npos || paren - qpos > 17)
        return std::nullopt;
    std::string delim(text.substr(qpos + 1, paren - qpos - 1));
    std::string close = ")" + delim + "\"";
    auto end = text.find(close, paren + 1);
    if (end == std::string_view::npos)
        return std::nullopt;
    return delimited(begin, paren + 1, end, std::move(prefix), "\"" + delim + "(", close, true);
}

// Rust r#"…"# and Swift #"…"#: as many hashes close as opened.
std::optional<StringLiteral> Lexer::hashed_raw(size_t begin, size_t hpos,
                                               std::string prefix) const {
    size_t j = hpos;
    while (j < text.size() && text[j] == '#')
        ++j;
    if (j >= text.size() || text[j] != '"')
        return std::nullopt;
    std::string hashes(j - hpos, '#');
    std::string close = "\"" + hashes;
    auto end = text.find(close, j + 1);
    if (end == std::string_view::npos)
        return std::nullopt;
    return delimited(begin, j + 1, end, std::move(prefix), hashes + "\"", close, true);
}

// Heredocs: Ruby <<~ID <<-ID <<ID <<~'ID', shell <<ID <<-'ID' <<"ID", PHP <<<ID <<<'ID'.
// The literal runs from the opener to the end of the terminator line (the rest of the
// opener's line is taken with it); the content is the body. prefix is the opener up to the
// identifier ("<<~", "<<", "<<<") plus a quote when the body is not interpolated ("<<'").
std::optional<StringLiteral> Lexer::heredoc(size_t i) const {
    using L = Language;
    size_t j = i;
    std::string prefix = lang == L::Php ? "<<<" : "<<";
    if (!starts_at(text, i, prefix) || starts_at(text, i, prefix + "<"))
        return std::nullopt; // <<< is a shell here-string
    j += prefix.size();
    bool indented = false;
    if (lang != L::Php && j < text.size() && (text[j] == '~' || text[j] == '-')) {
        prefix += text[j++];
        indented = true;
    }
    if (lang == L::Php || lang == L::Shell)
        while (j < text.size() && (text[j] == ' ' || text[j] == '\t'))
            ++j;
    char quote = j < text.size() && (text[j] == '\'' || text[j] == '"') ? text[j] : '\0';
    if (lang == L::Shell && j < text.size() && text[j] == '\\')
        quote = '\\';
    if (quote)
        ++j;
    size_t id_begin = j;
    while (j < text.size() && is_ident_char(text[j]))
        ++j;
    if (j == id_begin || std::isdigit(static_cast<unsigned char>(text[id_begin])))
        return std::nullopt;
    std::string id(text.substr(id_begin, j - id_begin));
    // Ruby `x << y` shifts; a bare <<ID heredoc is taken only with an upper-case name.
    if (lang == L::Ruby && !indented && !quote && !std::isupper(static_cast<unsigned char>(id[0])))
        return std::nullopt;
    if (quote && quote != '\\') {
        if (j >= text.size() || text[j] != quote)
            return std::nullopt;
        ++j;
    }
    bool verbatim = quote == '\'' || (lang == L::Shell && quote);
    size_t body = line_end(text, j);
    if (body >= text.size())
        return std::nullopt;
    ++body;
    // The terminator: the identifier alone on its line (indented for <<~, <<- and PHP 7.3+;
    // PHP allows `ID;` and `ID,`).
    for (size_t ls = body; ls < text.size();) {
        size_t le = line_end(text, ls);
        std::string_view line = text.substr(ls, le - ls);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (indented || lang == L::Php)
            line.remove_prefix(std::min(line.size(), line.find_first_not_of(" \t")));
        bool ends = line.starts_with(id) && (line.size() == id.size() ||
                                             (lang == L::Php && !is_ident_char(line[id.size()])));
        if (ends) {
            StringLiteral lit;
            lit.begin = i;
            lit.content_begin = body;
            lit.content_end = ls;
            lit.end = ls + (line.data() - text.data() - ls) + id.size();
            lit.prefix = prefix + (verbatim ? "'" : "");
            lit.open = id;
            lit.close = id;
            lit.raw = verbatim;
            return lit;
        }
        ls = le + 1;
    }
    return std::nullopt;
}

// Ruby %q(…) %Q{…} %(…) %w[…] %W[…] %i[…]: brackets nest, other delimiters close themselves.
std::optional<StringLiteral> Lexer::ruby_percent(size_t i) const {
    size_t j = i + 1;
    std::string kind;
    if (j < text.size() && std::string_view("qQwWiIx").find(text[j]) != std::string_view::npos)
        kind = text[j++];
    if (j >= text.size())
        return std::nullopt;
    char open = text[j];
    if (std::isalnum(static_cast<unsigned char>(open)) ||
        std::isspace(static_cast<unsigned char>(open)))
        return std::nullopt;
    // A bare %( is the modulo operator after a value.
    char prev = previous_non_blank_on_line(text, i);
    if (kind.empty() && (is_ident_char(prev) || prev == ')' || prev == ']' || open == '='))
        return std::nullopt;
    constexpr std::string_view kOpen = "([{<", kClose = ")]}>";
    auto pos = kOpen.find(open);
    char close = pos == std::string_view::npos ? open : kClose[pos];
    int depth = 1;
    for (size_t k = j + 1; k < text.size(); ++k) {
        char c = text[k];
        if (c == '\\') {
            ++k;
            continue;
        }
        if (c == open && close != open)
            ++depth;
        else if (c == close && --depth == 0) {
            return delimited(i, j + 1, k, "%" + kind, std::string(1, open), std::string(1, close),
                             kind == "q" || kind == "w" || kind == "i");
        }
    }
    return std::nullopt;
}

// Lua [[…]] and [==[…]==]: no escapes, closed by the same number of `=`.
std::optional<StringLiteral> Lexer::lua_long_string(size_t i) const {
    size_t j = i + 1;
    while (j < text.size() && text[j] == '=')
        ++j;
    if (j >= text.size() || text[j] != '[')
        return std::nullopt;
    std::string level(j - i - 1, '=');
    std::string close = "]" + level + "]";
    auto end = text.find(close, j + 1);
    if (end == std::string_view::npos)
        return std::nullopt;
    return delimited(i, j + 1, end, "", "[" + level + "[", close, true);
}

bool comment_allowed_here(const CommentSyntax& cs, std::string_view text, size_t i) {
    if (cs.line_only_at_line_start)
        return at_line_start(text, i);
    if (cs.line_needs_blank_before)
        return after_blank_or_line_start(text, i);
    return true;
}

} // namespace

std::vector<Span> lex(std::string_view text, Language lang) {
    std::vector<Span> spans;
    CommentSyntax cs = comment_syntax(lang);
    Lexer lexer{text, lang};
    size_t i = 0;
    while (i < text.size()) {
        bool matched = false;
        for (auto [open, close] : cs.block) {
            if (!starts_at(text, i, open))
                continue;
            auto end = text.find(close, i + open.size());
            end = end == std::string_view::npos ? text.size() : end + close.size();
            spans.push_back({i, end, Region::Comment, {}});
            i = end;
            matched = true;
            break;
        }
        if (matched)
            continue;
        for (auto open : cs.line) {
            if (starts_at(text, i, open) && comment_allowed_here(cs, text, i)) {
                size_t end = line_end(text, i);
                spans.push_back({i, end, Region::Comment, {}});
                i = end;
                matched = true;
                break;
            }
        }
        if (matched)
            continue;
        bool may_start = i == 0 || !is_ident_char(text[i - 1]) || text[i] == '"' ||
                         text[i] == '\'' || text[i] == '`';
        if (may_start) {
            if (auto lit = lexer.string_at(i)) {
                spans.push_back({lit->begin, lit->end, Region::String, *lit});
                i = lit->end;
                continue;
            }
        }
        // Skip an identifier whole so that its letters are never read as a string prefix.
        if (is_ident_char(text[i])) {
            size_t j = i;
            while (j < text.size() && is_ident_char(text[j]))
                ++j;
            if (j < text.size() &&
                (text[j] == '"' || text[j] == '\'' || text[j] == '#' || text[j] == '`'))
                ++i; // "rb" before a quote: let the next round try the prefix/quote
            else
                i = j;
            continue;
        }
        ++i;
    }
    return spans;
}

Region region_at(const std::vector<Span>& spans, size_t offset) {
    auto it = std::upper_bound(spans.begin(), spans.end(), offset,
                               [](size_t off, const Span& s) { return off < s.begin; });
    if (it == spans.begin())
        return Region::Code;
    --it;
    return offset < it->end ? it->region : Region::Code;
}

bool allows_bare_values(Language lang) {
    using L = Language;
    switch (lang) {
    case L::Shell:
    case L::PowerShell:
    case L::Dockerfile:
    case L::DockerCompose:
    case L::GithubActions:
    case L::Yaml:
    case L::Dotenv:
    case L::Properties:
    case L::Ini:
    case L::Xml:
    case L::Html:
    case L::Markdown:
    case L::Plaintext:
        return true;
    default:
        return false;
    }
}

namespace {

bool is_bare_boundary(std::string_view text, size_t i) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c)))
        return true;
    switch (c) {
    case '"':
    case '\'':
    case '`':
    case '=':
    case ',':
    case ';':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case '<':
    case '>':
        return true;
    case ':': // "key: value" separates; "user:password" does not
        return i + 1 >= text.size() || std::isspace(static_cast<unsigned char>(text[i + 1]));
    default:
        return false;
    }
}

StringLiteral bare_value(std::string_view text, ByteRange secret) {
    size_t b = secret.begin;
    while (b > 0 && !is_bare_boundary(text, b - 1))
        --b;
    size_t e = secret.end;
    while (e < text.size() && !is_bare_boundary(text, e))
        ++e;
    StringLiteral lit;
    lit.begin = lit.content_begin = b;
    lit.end = lit.content_end = e;
    lit.raw = true;
    lit.quoted = false;
    return lit;
}

} // namespace

std::optional<EnclosingLiteral> find_enclosing_literal(std::string_view text, ByteRange secret,
                                                       Language lang) {
    if (secret.end > text.size() || secret.begin >= secret.end)
        return std::nullopt;
    return find_enclosing_literal(text, lex(text, lang), secret, lang);
}

std::optional<EnclosingLiteral> find_enclosing_literal(std::string_view text,
                                                       const std::vector<Span>& spans,
                                                       ByteRange secret, Language lang) {
    if (secret.end > text.size() || secret.begin >= secret.end)
        return std::nullopt;
    auto it = std::upper_bound(spans.begin(), spans.end(), secret.begin,
                               [](size_t off, const Span& s) { return off < s.begin; });
    const Span* span = nullptr;
    if (it != spans.begin() && secret.begin < std::prev(it)->end)
        span = &*std::prev(it);
    if (span && span->region == Region::String) {
        const auto& lit = span->literal;
        if (secret.begin < lit.content_begin || secret.end > lit.content_end)
            return std::nullopt; // overlaps a quote: not something we can rewrite
        return EnclosingLiteral{lit,
                                secret.begin == lit.content_begin && secret.end == lit.content_end};
    }
    if (span && span->region == Region::Comment)
        return std::nullopt;
    // Outside strings: a bare value in config formats, nothing in code.
    if (!allows_bare_values(lang))
        return std::nullopt;
    // A string must not start inside the secret either.
    if (it != spans.end() && it->begin < secret.end)
        return std::nullopt;
    auto lit = bare_value(text, secret);
    return EnclosingLiteral{lit,
                            lit.content_begin == secret.begin && lit.content_end == secret.end};
}

std::optional<EnclosingLiteral> bare_code_value(std::string_view text,
                                                const std::vector<Span>& spans, ByteRange secret) {
    if (secret.end > text.size() || secret.begin >= secret.end)
        return std::nullopt;
    auto lit = bare_value(text, secret);
    for (const auto& s : spans)
        if (s.begin < lit.end && lit.begin < s.end)
            return std::nullopt; // touches a string or a comment
    size_t i = lit.begin;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t'))
        --i;
    char prev = i > 0 ? text[i - 1] : '\n';
    bool after_return = i >= 6 && text.substr(i - 6, 6) == "return";
    bool expression_slot = prev == '=' || prev == ':' || prev == '(' || prev == ',' ||
                           (prev == '>' && i >= 2 && text[i - 2] == '=') || after_return;
    if (!expression_slot || lit.begin == lit.end)
        return std::nullopt;
    return EnclosingLiteral{lit, lit.begin == secret.begin && lit.end == secret.end};
}

} // namespace secretls::server::fixes

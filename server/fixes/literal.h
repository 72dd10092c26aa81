//===--- literal.h - Find the string literal (or bare value) that holds a secret ----------===//
//
// A small per-language lexer: strings (with their prefixes b"" r"" f"" @"" $"" u8"" r#""#,
// triple quotes, backticks, C++ raw strings…) and comments, enough to know what encloses a
// byte range. It is not a parser: it only has to be right about where strings and comments
// begin and end. Lines it cannot make sense of (a quote that never closes on a language
// whose strings are single-line) are skipped rather than swallowing the rest of the file.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "detectors/scanner.h"
#include "server/fixes/language.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace secretls::server::fixes {

using detectors::ByteRange;

struct StringLiteral {
    size_t begin = 0;         // first byte of the literal (its prefix, else the quote)
    size_t end = 0;           // one past the closing quote
    size_t content_begin = 0; // first byte inside the quotes
    size_t content_end = 0;   // the closing quote
    std::string prefix;       // "b", "rb", "f", "@", "$", "u8", "R", "s" … ("" when none)
    std::string open;         // opening delimiter after the prefix: "\"", "'''", "#\"", "\"x("
    std::string close;        // closing delimiter: "\"", "'''", "\"#", ")x\""
    bool raw = false;         // backslash escapes are not processed
    bool quoted = true;       // false: a bare value of a config format (no quotes at all)
};

enum class Region { Code, String, Comment };

// The tokens of a text that matter here: strings and comments, in order, never overlapping.
struct Span {
    size_t begin = 0;
    size_t end = 0;
    Region region = Region::Code;
    StringLiteral literal; // when region == String
};

std::vector<Span> lex(std::string_view text, Language lang);

struct EnclosingLiteral {
    StringLiteral literal;
    bool whole = false; // the secret is exactly the literal's content
};

// The string literal around `secret`. For config formats (YAML, .properties, .env, shell
// words…) a secret outside quotes yields its bare value (quoted = false). nullopt when the
// secret is in a comment, spans several literals, or sits in code outside any string.
std::optional<EnclosingLiteral> find_enclosing_literal(std::string_view text, ByteRange secret,
                                                       Language lang);
// The same with the text's spans already lexed (lex(text, lang)), for many secrets at once.
std::optional<EnclosingLiteral> find_enclosing_literal(std::string_view text,
                                                       const std::vector<Span>& spans,
                                                       ByteRange secret, Language lang);

// A secret written bare in code (`token := abc…`, a fragment pasted without its quotes): the
// word around it, when it stands where an expression goes (after `=`, `:=`, `:`, `=>`, `(`,
// `,` or `return`) and outside every string and comment. quoted = false.
std::optional<EnclosingLiteral> bare_code_value(std::string_view text,
                                                const std::vector<Span>& spans, ByteRange secret);

// Region at a byte offset (Code when outside every string and comment).
Region region_at(const std::vector<Span>& spans, size_t offset);

// True when the language allows bare (unquoted) values that may hold a secret.
bool allows_bare_values(Language lang);

} // namespace secretls::server::fixes

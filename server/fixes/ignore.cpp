//===--- ignore.cpp - Inline ignore comments per comment syntax ----------------------------===//
#include "server/fixes/ignore.h"

#include <cctype>
#include <string>

namespace secretls::server::fixes {
namespace {

using L = Language;

constexpr std::string_view kMarker = "secretls:ignore";
constexpr std::string_view kNextLineMarker = "secretls:ignore-next-line";

enum class Style {
    None,
    Slash,
    Hash,
    DashDash,
    Semicolon,
    Block,
    Xml,
    HashLineBefore,
    SemicolonLineBefore
};

Style style_of(Language lang) {
    switch (lang) {
    case L::JavaScript:
    case L::TypeScript:
    case L::Go:
    case L::Java:
    case L::Kotlin:
    case L::Scala:
    case L::CSharp:
    case L::Rust:
    case L::Swift:
    case L::Cpp:
    case L::Php:
        return Style::Slash;
    case L::C:
        return Style::Block; // C89 has no // comments; /* */ is valid in every C
    case L::Python:
    case L::Ruby:
    case L::Shell:
    case L::PowerShell:
    case L::Yaml:
    case L::DockerCompose:
    case L::GithubActions:
    case L::Toml:
    case L::Terraform:
        return Style::Hash;
    case L::Sql:
    case L::Lua:
        return Style::DashDash;
    case L::Xml:
    case L::Html:
    case L::Markdown:
        return Style::Xml;
    case L::Dotenv:
    case L::Properties:
    case L::Dockerfile:
        return Style::HashLineBefore;
    case L::Ini:
        return Style::SemicolonLineBefore;
    case L::Json:
    case L::Plaintext:
        return Style::None;
    }
    return Style::None;
}

size_t line_begin(std::string_view text, size_t i) {
    auto nl = i == 0 ? std::string_view::npos : text.rfind('\n', i - 1);
    return nl == std::string_view::npos ? 0 : nl + 1;
}

// End of the line's content (before "\r\n" / "\n").
size_t content_end(std::string_view text, size_t i) {
    auto nl = text.find('\n', i);
    size_t e = nl == std::string_view::npos ? text.size() : nl;
    if (e > i && e > 0 && text[e - 1] == '\r')
        --e;
    return e;
}

size_t indentation(std::string_view line) {
    size_t n = 0;
    while (n < line.size() && (line[n] == ' ' || line[n] == '\t'))
        ++n;
    return n;
}

// YAML: is the line part of a block scalar (`key: |` followed by more indented lines)?
// A `#` there is content, not a comment. GitHub Actions `run: |` blocks hold shell, where
// `#` is a comment again, so they pass.
bool in_yaml_block_scalar(std::string_view text, size_t line_start, Language lang) {
    auto line = text.substr(line_start, content_end(text, line_start) - line_start);
    size_t indent = indentation(line);
    size_t i = line_start;
    while (i > 0) {
        size_t pb = line_begin(text, i - 1);
        auto prev = text.substr(pb, content_end(text, pb) - pb);
        i = pb;
        if (indentation(prev) == prev.size())
            continue; // blank lines belong to the scalar
        if (indentation(prev) >= indent)
            continue;
        // The first less indented line: does it open a block scalar?
        auto t = prev;
        while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back())))
            t.remove_suffix(1);
        auto last_space = t.find_last_of(" \t");
        auto indicator = last_space == std::string_view::npos ? t : t.substr(last_space + 1);
        bool block = !indicator.empty() && (indicator[0] == '|' || indicator[0] == '>');
        if (!block)
            return false;
        return !(lang == L::GithubActions && prev.find("run:") != std::string_view::npos);
    }
    return false;
}

} // namespace

std::optional<IgnoreComment> ignore_comment(std::string_view text, Language lang,
                                            ByteRange secret) {
    Style style = style_of(lang);
    if (style == Style::None || secret.end > text.size())
        return std::nullopt;
    size_t lb = line_begin(text, secret.begin);
    if (style == Style::HashLineBefore || style == Style::SemicolonLineBefore) {
        auto line = text.substr(lb, content_end(text, lb) - lb);
        std::string indent(line.substr(0, indentation(line)));
        std::string c = style == Style::HashLineBefore ? "# " : "; ";
        std::string eol = content_end(text, lb) < text.size() && text[content_end(text, lb)] == '\r'
                              ? "\r\n"
                              : "\n";
        return IgnoreComment{{lb, lb, indent + c + std::string(kNextLineMarker) + eol},
                             std::string(kNextLineMarker)};
    }
    // The comment goes at the end of the line the secret ends on.
    size_t eol = content_end(text, secret.end);
    auto spans = lex(text, lang);
    // The end of the line must be code: not inside a string or a block comment.
    if (region_at(spans, eol) == Region::String)
        return std::nullopt;
    if (eol > 0 && text[eol - 1] == '\\')
        return std::nullopt; // a continued line: a comment would swallow the continuation
    // A line comment at the end of the line can take the marker; a block comment that
    // closes there is followed by the new comment; one that stays open cannot.
    bool in_comment = false;
    for (const auto& s : spans) {
        if (s.region != Region::Comment || s.begin >= eol || s.end < eol)
            continue;
        auto body = text.substr(s.begin, s.end - s.begin);
        bool block = body.starts_with("/*") || body.starts_with("<!--") || body.starts_with("<#") ||
                     body.starts_with("--[[");
        bool closed = body.ends_with("*/") || body.ends_with("-->") || body.ends_with("#>") ||
                      body.ends_with("]]");
        if (block && closed && s.end == eol)
            continue;
        if (block)
            return std::nullopt;
        in_comment = s.end == eol;
    }
    size_t line_of_eol = line_begin(text, eol);
    if ((lang == L::Yaml || lang == L::DockerCompose || lang == L::GithubActions) &&
        in_yaml_block_scalar(text, line_of_eol, lang))
        return std::nullopt;
    if (style == Style::Xml) {
        // Inside an unfinished tag (which may span lines) a comment is not allowed.
        bool in_tag = false;
        size_t si = 0;
        for (size_t i = 0; i < eol; ++i) {
            while (si < spans.size() && spans[si].end <= i)
                ++si;
            if (si < spans.size() && spans[si].begin <= i) {
                i = spans[si].end - 1; // attribute values and comments hold no tags
                continue;
            }
            if (text[i] == '<')
                in_tag = true;
            else if (text[i] == '>')
                in_tag = false;
        }
        if (in_tag)
            return std::nullopt;
    }
    std::string comment;
    switch (style) {
    case Style::Slash:
        comment = " // ";
        break;
    case Style::Hash:
        comment = " # ";
        break;
    case Style::DashDash:
        comment = " -- ";
        break;
    case Style::Block:
        comment = " /* ";
        break;
    case Style::Xml:
        comment = " <!-- ";
        break;
    default:
        return std::nullopt;
    }
    if (in_comment && style != Style::Block && style != Style::Xml) {
        // Already in a line comment: the marker can simply join it.
        comment = " ";
    } else if (in_comment) {
        return std::nullopt; // C89 and markup: no line comment to join
    }
    comment += kMarker;
    if (style == Style::Block)
        comment += " */";
    if (style == Style::Xml)
        comment += " -->";
    return IgnoreComment{{eol, eol, comment}, std::string(kMarker)};
}

} // namespace secretls::server::fixes

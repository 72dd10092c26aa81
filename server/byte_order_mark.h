//===--- byte_order_mark.h - A leading UTF-8 byte-order mark is not part of line 1 ---------===//
//
// Windows editors start many files (C#, JSON, XML, PowerShell, .ini, .env) with the UTF-8
// byte-order mark EF BB BF. It is an encoding signature, not text: a rule anchored at a line
// start (`^[ \t]*password = ...`) must see line 1 as if the mark were not there. The scanner
// splits lines on bytes, so the CLI (which reads files as they are) and the language server
// (whose clients may or may not strip the mark) hand it a copy whose mark bytes are blanks:
// every offset stays that of the real text, and findings are the same with or without a mark.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <string>
#include <string_view>

namespace secretls::server {

inline constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

// `text` itself when it does not start with a byte-order mark; otherwise a view of `storage`,
// filled with `text` whose first three bytes are spaces (same length, same offsets).
std::string_view scannable_text(std::string_view text, std::string& storage);

} // namespace secretls::server

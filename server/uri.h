//===--- uri.h - Percent-decoding of URI text -----------------------------------------------===//
//
// One decoder for the file URIs editors send and the artifact locations of SARIF reports
// (`scan --baseline`): "a%20b" -> "a b", bytes as they are (UTF-8 stays UTF-8).
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace secretls::server {

// nullopt when an escape is malformed ("%2" at the end, "%zz").
std::optional<std::string> percent_decoded(std::string_view text);

} // namespace secretls::server

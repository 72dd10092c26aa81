//===--- ignores.h - Inline ignore comments ------------------------------------------------===//
//
// Users silence a finding with a comment on its line (or, for the "next line" forms, on the
// line above). We honour our own marker and those of the scanners people already use, so an
// existing codebase's annotations keep working:
//   same line:  secretls:ignore  gitleaks:allow  betterleaks:allow  trufflehog:ignore
//               pragma: allowlist secret  secretlint-disable-line  ggignore
//   next line:  secretls:ignore-next-line  pragma: allowlist nextline secret
//               secretlint-disable-next-line
// Matching is case-sensitive, as in the tools that define the markers.
//
// Locality: a next-line marker on line N-1 affects findings starting on line N; the scanner
// counts that line in max_context_lines().
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <string_view>

namespace secretls::detectors {

// The marker our quick-fix writes (inside the language's comment syntax).
inline constexpr std::string_view kIgnoreMarker = "secretls:ignore";

// True when `line` carries a marker that silences findings on that same line.
bool has_same_line_ignore(std::string_view line);
// True when `line` carries a marker that silences findings on the following line.
bool has_next_line_ignore(std::string_view line);

} // namespace secretls::detectors

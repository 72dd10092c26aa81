//===--- templates.h - Expands the generated test cases of rules --------------------------===//
//
// Rules carry test templates (detectors/rules/README.md, "Test templates"): text with
// placeholders such as {hex:32} or {b62crc:30} expanded with fresh random characters, and
// ⟦ ⟧ markers around the part that must be reported as the secret. The unit tests expand
// every built-in rule's templates; a user can self-test their own rules the same way.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include "detectors/scanner.h"

#include <random>
#include <string>
#include <string_view>

namespace secretls::detectors {

struct ExpandedTemplate {
    std::string text;    // the expanded line(s), markers removed
    ByteRange secret;    // bytes between the markers (the whole text when there are none)
    bool marked = false; // the template had ⟦ ⟧ markers
    std::string error;   // non-empty when the template is malformed (unknown placeholder...)
};

// Expands one template with characters drawn from rng.
ExpandedTemplate expand_template(std::string_view templ, std::mt19937_64& rng);

} // namespace secretls::detectors

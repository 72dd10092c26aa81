//===--- filters.h - Values that look like secrets but are not ----------------------------===//
//
// Applied by the scanner to every rule's secret after the rule's own filters. Each check
// looks only at the secret and the lines of its match, so the locality contract of
// scanner.h still holds.
//
// Two strengths:
//  - provider rules (a distinctive prefix/format) get the checks that cannot misfire on a
//    random body: documented example keys, values made mostly of runs (xxxx, 0000, 1234),
//    placeholder words delimited by punctuation (YOUR_KEY_HERE, <token>, ${VAR}), values inside
//    data: URIs, integrity hashes, public keys;
//  - generic rules (severity info: password=..., api_key=...) also drop values containing
//    marker words (example, test, fake...), environment/config lookups (process.env.X,
//    os.environ[...], ${{ secrets.X }}), hashes and identifiers (hex SHAs next to sha/commit
//    words, UUIDs), CSS colours, file paths and URLs without credentials, low-diversity values,
//    values without a single letter or digit, regular expressions and format strings, and the
//    name half of a key="name" value="..." pair.
//
// Some checks need the file type (path or LSP languageId, when the caller knows them): in C,
// C++, Java, C#, Go, Rust... a multi-character '...' is a character literal, never a string.
//
//===--------------------------------------------------------------------------------------===//
#pragma once

#include <string_view>

namespace secretls::detectors {

enum class FilterStrength { Provider, Generic };

struct FilterInput {
    std::string_view secret; // the candidate value
    // The secret's line around it, at most 1 KB on each side (the scanner's bound keeps long
    // lines linear): from the line start, or 1 KB before the secret, to the secret; and the
    // rest of the secret's last line after it, or its next 1 KB.
    std::string_view line_before;
    std::string_view line_after;
    FilterStrength strength = FilterStrength::Provider;
    std::string_view path{};        // the file's path when known ("" = unknown)
    std::string_view language_id{}; // the LSP languageId when known ("" = unknown)
};

// Why the value is not a secret ("placeholder", "documented example key", ...), or an empty
// string_view when it may be one. Returned strings are static.
std::string_view not_a_secret_reason(const FilterInput& input);

// Only the checks that need the file type (input.path / input.language_id); empty when
// neither is known. not_a_secret_reason() includes them.
std::string_view file_type_reason(const FilterInput& input);

// The file is source code of a language whose string literals are always quoted (so an
// unquoted value after `password =` is an expression, never a literal).
bool is_code_file(std::string_view path, std::string_view language_id);

// The usual file extension (no dot) of an LSP languageId ("python" -> "py"), "" when unknown:
// path-based rule settings then also apply to untitled buffers and extension-less files.
std::string_view extension_of_language(std::string_view language_id);

// Individual checks, exposed for tests.
bool is_documented_example(std::string_view secret);
bool has_placeholder_word(std::string_view secret, FilterStrength strength);
bool is_template_reference(std::string_view secret); // ${VAR}, {{ x }}, %(x)s, <token>, $VAR
bool is_environment_lookup(std::string_view text);   // process.env.X, os.getenv(...), ...
bool has_repeated_or_sequential_run(std::string_view secret, size_t min_run);
// Share of the characters of s inside same-character or ascending/descending runs of at
// least min_run characters.
double run_coverage(std::string_view s, size_t min_run);
bool is_regex_or_format_string(std::string_view s); // [a-z]+, \d, (?:...), .*, {0}, {name}
// user:password where the password repeats the user name (postgres:postgres@, guest:guest@):
// a default credential of a local service, not a leaked one.
bool repeats_user_name(std::string_view secret, std::string_view line_before);

} // namespace secretls::detectors

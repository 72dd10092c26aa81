//===--- filters.cpp - Values that look like secrets but are not --------------------------===//
//
// Thresholds are chosen so that a random body of the right alphabet (what real keys are,
// and what the generated rule tests produce) is essentially never filtered: e.g. a run of 8
// identical characters occurs in a random 40-char base62 token with probability ~1e-13, a
// delimited placeholder word like "_example_" never in a base62 body.
//
//===--------------------------------------------------------------------------------------===//
#include "detectors/filters.h"

#include "detectors/validators.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

namespace secretls::detectors {
namespace {

// Documented example credentials that appear in providers' own documentation.
constexpr std::string_view kDocumentedExamples[] = {
    // AWS documentation (IAM user guide): the example access key pairs.
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AKIAI44QH8DHBEXAMPLE",
    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    // Stripe API reference: the publishable/secret test keys shown to signed-out readers.
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    "pk_test_TYooMQauvdEDq54NiTphI7jx",
    // GitHub REST API documentation example tokens.
    "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    "gho_16C7e42F292c6912E7710c838347Ae178B4a",
};

// The payload of jwt.io's default example token ({"sub":"1234567890","name":"John Doe",...}).
constexpr std::string_view kJwtIoExamplePayload =
    "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ";

// Placeholder words, matched as whole words (split at punctuation).
constexpr std::string_view kPlaceholderWords[] = {
    "example",   "examples", "sample", "dummy",   "fake",      "placeholder",
    "changeme",  "redacted", "your",   "yourkey", "yourtoken", "yoursecret",
    "replaceme", "todo",     "fixme",  "foobar",  "notreal",
};
// Not in the list on purpose: words that real token formats carry as fixed parts
// ("access_token$production$...", "pdl_live_apikey_...", "sk_test_...").
// Generic values: also these words (split at punctuation and camelCase)...
constexpr std::string_view kGenericWords[] = {
    "test",  "mock",    "demo",      "xxx",      "xxxx",   "null", "none",
    "true",  "false",   "undefined", "password", "secret", "pass", "string",
    "value", "default", "foo",       "bar",      "baz",    "abc",
};
// ...and these anywhere inside (long enough not to occur in random text by chance).
constexpr std::string_view kGenericSubstrings[] = {
    "example", "sample", "dummy", "placeholder", "changeme",   "change_me", "redacted", "xxxxx",
    "fixme",   "your_",  "your-", "yourkey",     "yoursecret", "yourtoken", "*****",
};

constexpr std::string_view kEnvironmentLookups[] = {
    "process.env", "os.environ",   "getenv",          "Getenv",        "ENV[",
    "ENV.fetch",   "${{",          "secrets.",        "System.getenv", "GetEnvironmentVariable",
    "env::var",    "Deno.env",     "import.meta.env", "env(",          "Env(",
    "environ.get", "config.get",   "Config.get",      "settings.",     "Settings.",
    "vault(",      "os.LookupEnv", "dotenv",          "get_env(",      "fetch_env",
};

// Languages whose string literals are always quoted: file extensions (lower-case, no dot) and
// LSP languageIds. An unquoted value after `password =` in these is an expression.
constexpr std::string_view kCodeExtensions[] = {
    "c",    "h",   "cc",  "cpp",   "cxx", "hpp", "hh", "hxx",   "m",    "mm",
    "java", "kt",  "kts", "scala", "cs",  "go",  "rs", "swift", "py",   "pyw",
    "js",   "jsx", "mjs", "cjs",   "ts",  "tsx", "rb", "php",   "dart", "groovy",
    "lua",  "pl",  "pm",  "pas",   "pp",  "vim", "el",
};
constexpr std::string_view kCodeLanguages[] = {
    "c",           "cpp",
    "objective-c", "objective-cpp",
    "java",        "kotlin",
    "scala",       "csharp",
    "go",          "rust",
    "swift",       "python",
    "javascript",  "javascriptreact",
    "typescript",  "typescriptreact",
    "ruby",        "php",
    "dart",        "groovy",
    "lua",         "perl",
    "pascal",      "puppet",
    "vim",         "emacs-lisp",
};
// Of those, the languages in which '...' is a character (rune) literal: one character, so a
// longer single-quoted value is not a string there.
constexpr std::string_view kCharLiteralExtensions[] = {
    "c",  "h",    "cc", "cpp", "cxx",   "hpp", "hh", "hxx", "m",
    "mm", "java", "kt", "kts", "scala", "cs",  "go", "rs",
};
constexpr std::string_view kCharLiteralLanguages[] = {
    "c", "cpp", "objective-c", "objective-cpp", "java", "kotlin", "scala", "csharp", "go", "rust",
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_hex(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) != 0;
    });
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

// Words of s: maximal alphanumeric runs, lower-cased.
std::vector<std::string> words_of(std::string_view s) {
    std::vector<std::string> words;
    std::string current;
    for (char c : s) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
            current.push_back(c);
        } else if (!current.empty()) {
            words.push_back(lower(current));
            current.clear();
        }
    }
    if (!current.empty())
        words.push_back(lower(current));
    return words;
}

// The parts of s shaped like words of a camelCase name: alphanumeric runs split before each
// capital that follows a lower-case letter, kept only when no capital follows their first
// character ("myTestKey2" -> my, Test, Key2; "aNOne" -> a).
std::vector<std::string_view> camel_case_parts(std::string_view s) {
    std::vector<std::string_view> parts;
    auto is_upper = [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; };
    auto is_lower = [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0; };
    auto is_alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    size_t i = 0;
    while (i < s.size()) {
        if (!is_alnum(s[i])) {
            ++i;
            continue;
        }
        size_t end = i + 1;
        while (end < s.size() && is_alnum(s[end]) && !(is_lower(s[end - 1]) && is_upper(s[end])))
            ++end;
        const std::string_view part = s.substr(i, end - i);
        if (std::none_of(part.begin() + 1, part.end(), is_upper))
            parts.push_back(part);
        i = end;
    }
    return parts;
}

template <size_t N> bool is_one_of(std::string_view value, const std::string_view (&list)[N]) {
    return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

// "src/Main.CPP" -> "cpp"; "" when the file name has no extension.
std::string extension_of(std::string_view path) {
    const size_t slash = path.find_last_of("/\\");
    const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    const size_t dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0)
        return {};
    return lower(name.substr(dot + 1));
}

bool uses_char_literals(std::string_view path, std::string_view language_id) {
    return is_one_of(language_id, kCharLiteralLanguages) ||
           is_one_of(extension_of(path), kCharLiteralExtensions);
}

// The value sits between single quotes ('...' or L'...'): a character literal where the
// language has them.
bool is_single_quoted(const FilterInput& in) {
    return in.secret.size() >= 2 && in.line_before.ends_with('\'') &&
           in.line_after.starts_with('\'');
}

// <add key="Name" value="..."/>, <entry key="x.y" value="..."/>: the secret the rule saw is the
// key's name (the rule matched the attribute called key), the value is elsewhere.
bool is_name_of_key_value_pair(std::string_view line_after) {
    if (line_after.empty() || (line_after.front() != '"' && line_after.front() != '\''))
        return false;
    line_after.remove_prefix(1);
    const size_t word = line_after.find_first_not_of(" \t");
    if (word == 0 || word == std::string_view::npos)
        return false;
    return lower(line_after.substr(word, 5)) == "value";
}

// {0}, {name}, {user.id}: format fields (str.format, C# / Rust / Java MessageFormat). A
// "{" right after '$', '#', '%' or another '{' is a template reference, checked elsewhere.
int count_format_fields(std::string_view s) {
    int fields = 0;
    for (size_t at = s.find('{'); at != std::string_view::npos; at = s.find('{', at + 1)) {
        if (at > 0 && std::string_view("${#%").find(s[at - 1]) != std::string_view::npos)
            continue;
        const size_t close = s.find('}', at + 1);
        if (close == std::string_view::npos)
            break;
        const std::string_view body = s.substr(at + 1, close - at - 1);
        const bool name = !body.empty() && std::all_of(body.begin(), body.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
        });
        const bool doubled = close + 1 < s.size() && s[close + 1] == '}';
        if (name && !doubled)
            ++fields;
    }
    return fields;
}

bool is_uuid(std::string_view s) {
    if (s.size() != 36)
        return false;
    for (size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i])))
            return false;
    }
    return true;
}

// The name a value is assigned to: the last identifier before the separators and quotes
// ("api_token" in `"api_token": "`, "x-octopus-apikey" in `-H "X-Octopus-ApiKey: `).
std::string_view assigned_name(std::string_view line_before, size_t& name_begin) {
    size_t end = line_before.size();
    // A dash between spaces is a separator too ("token - 'value'").
    if (line_before.ends_with(" - '") || line_before.ends_with(" - \""))
        end -= 4;
    while (end > 0 &&
           std::string_view(" \t'\"`=:>,([]@").find(line_before[end - 1]) != std::string_view::npos)
        --end;
    size_t begin = end;
    while (begin > 0 &&
           (std::isalnum(static_cast<unsigned char>(line_before[begin - 1])) ||
            std::string_view("_-.").find(line_before[begin - 1]) != std::string_view::npos))
        --begin;
    name_begin = begin;
    return line_before.substr(begin, end - begin);
}

// Letters and digits only, lower-cased: "STR_AUTH_XTOKEN" -> "strauthxtoken".
std::string alnum_lowered(std::string_view s) {
    std::string out;
    for (char c : s)
        if (std::isalnum(static_cast<unsigned char>(c)))
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// `INSTRUMENTATION_KEY = "instrumentationKey"`, `AcquireTokenByRefreshToken =
// "acquireTokenByRefreshToken"`: a constant holding its own name (an event, storage or
// message key). The name may carry a prefix the value lacks (`_DYN_`, `STR_`). A random
// value never spells the name it is assigned to.
bool is_own_name(std::string_view secret, std::string_view line_before) {
    size_t begin = 0;
    const std::string name = alnum_lowered(assigned_name(line_before, begin));
    const std::string value = alnum_lowered(secret);
    return value.size() >= 6 && name.ends_with(value);
}

// "ctrl+shift+down", "cmd+k cmd+s": a keyboard shortcut (editor keybindings, key: "…"). Each
// space-separated chord is one or more modifiers, each followed by '+', then a key.
bool is_key_chord(std::string_view secret) {
    constexpr std::string_view kModifiers[] = {"ctrl", "control", "shift", "alt", "option", "opt",
                                               "cmd",  "command", "meta",  "win", "super"};
    if (secret.empty())
        return false;
    size_t at = 0;
    while (at <= secret.size()) {
        size_t end = secret.find(' ', at);
        if (end == std::string_view::npos)
            end = secret.size();
        const std::string_view chord = secret.substr(at, end - at);
        const size_t last_plus = chord.rfind('+');
        if (last_plus == std::string_view::npos || last_plus == 0 || last_plus + 1 == chord.size())
            return false; // no modifier, or no key after the last one
        size_t part = 0;
        while (part < last_plus) {
            const size_t plus = chord.find('+', part);
            if (!is_one_of(lower(chord.substr(part, plus - part)), kModifiers))
                return false;
            part = plus + 1;
        }
        at = end + 1;
    }
    return true;
}

// Many services issue API keys and secrets in UUID form, while most UUIDs in code are ids
// (clientId, credentialsId, kms_key_id). A UUID counts as a credential only when the name it
// is assigned to says so: it ends in secret, token, api key, password or auth (not a
// pagination or anti-forgery token), or it is a URL's ?key= parameter.
bool names_a_credential(std::string_view line_before) {
    size_t begin = 0;
    const std::string name = lower(assigned_name(line_before, begin));
    if (name.empty())
        return false;
    if (name == "key")
        return begin > 0 && (line_before[begin - 1] == '?' || line_before[begin - 1] == '&');
    for (std::string_view not_credential : {"page", "next", "continuation", "cursor", "csrf",
                                            "xsrf", "sync", "cancel", "idempotency"})
        if (contains(name, not_credential))
            return false;
    for (std::string_view suffix : {"secret", "token", "apikey", "api_key", "api-key", "password",
                                    "passwd", "pwd", "auth", "bearer"})
        if (name.ends_with(suffix))
            return true;
    return false;
}

bool is_integrity_hash(std::string_view s) {
    for (std::string_view prefix : {"sha1-", "sha256-", "sha384-", "sha512-", "h1:", "sha256:"})
        if (s.starts_with(prefix))
            return true;
    return false;
}

// Offset of the content of the DER element at `at` (after its tag and length), or 0 when the
// bytes are not a well-formed header.
size_t der_content(std::string_view der, size_t at) {
    if (at + 2 > der.size())
        return 0;
    const auto first = static_cast<unsigned char>(der[at + 1]);
    if (first < 0x80)
        return at + 2;
    const size_t length_bytes = first & 0x7f;
    return length_bytes >= 1 && length_bytes <= 4 && at + 2 + length_bytes <= der.size()
               ? at + 2 + length_bytes
               : 0;
}

// Base64 of a DER SubjectPublicKeyInfo ("MFkwEwYHKoZIzj0CAQ...", "MIIBIjANBgkqhkiG9w0BAQEF...")
// or of an X.509 certificate: public by design. SPKI = SEQUENCE { SEQUENCE { OID of a
// public-key algorithm ... } BIT STRING }; a certificate = SEQUENCE { SEQUENCE { [0] version
// ... } ... }. Private keys (PKCS#1, PKCS#8, SEC1) start with an INTEGER instead.
bool is_der_public_key_or_certificate(std::string_view secret) {
    if (secret.size() < 40 || !secret.starts_with("M"))
        return false;
    const std::optional<std::string> der = decode_base64(secret.substr(0, secret.size() / 4 * 4));
    if (!der || der->size() < 16 || (*der)[0] != 0x30)
        return false;
    const size_t inner = der_content(*der, 0);
    if (inner == 0 || inner >= der->size() || (*der)[inner] != 0x30)
        return false;
    const size_t first = der_content(*der, inner);
    if (first == 0 || first + 4 > der->size())
        return false;
    const std::string_view rest = std::string_view(*der).substr(first);
    if (rest.starts_with("\xA0\x03\x02\x01")) // certificate: explicit [0] version
        return true;
    static constexpr std::string_view kPublicKeyAlgorithms[] = {
        "\x06\x07\x2A\x86\x48\xCE\x3D\x02\x01",         // id-ecPublicKey
        "\x06\x09\x2A\x86\x48\x86\xF7\x0D\x01\x01\x01", // rsaEncryption
        "\x06\x09\x2A\x86\x48\x86\xF7\x0D\x01\x01\x0A", // RSASSA-PSS
        "\x06\x07\x2A\x86\x48\xCE\x38\x04\x01",         // DSA
        "\x06\x03\x2B\x65\x70",
        "\x06\x03\x2B\x65\x71", // Ed25519, Ed448
        "\x06\x03\x2B\x65\x6E",
        "\x06\x03\x2B\x65\x6F", // X25519, X448
    };
    for (std::string_view oid : kPublicKeyAlgorithms)
        if (rest.starts_with(oid))
            return true;
    return false;
}

bool is_public_key_material(std::string_view secret, std::string_view line_before) {
    if (contains(secret, "PUBLIC KEY-----") || contains(secret, "CERTIFICATE-----") ||
        contains(secret, "CERTIFICATE REQUEST-----"))
        return true;
    if (is_der_public_key_or_certificate(secret))
        return true;
    for (std::string_view prefix : {"ssh-rsa ", "ssh-ed25519 ", "ssh-dss ", "ecdsa-sha2-",
                                    "AAAAB3NzaC1", "AAAAC3NzaC1", "AAAAE2VjZHNh"})
        if (secret.starts_with(prefix))
            return true;
    // The body of an OpenSSH public key line ("ssh-rsa AAAA... comment").
    for (std::string_view type : {"ssh-rsa ", "ssh-ed25519 ", "ssh-dss ", "ecdsa-sha2-nistp256 "})
        if (line_before.ends_with(type))
            return true;
    return false;
}

// Inside the payload of a data: URI ("data:image/png;base64,....secret...").
bool is_inside_data_uri(std::string_view secret, std::string_view line_before) {
    if (secret.starts_with("data:"))
        return true;
    const size_t marker = line_before.rfind(";base64,");
    if (marker == std::string_view::npos || !contains(line_before.substr(0, marker), "data:"))
        return false;
    std::string_view between = line_before.substr(marker + 8);
    return std::all_of(between.begin(), between.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=';
    });
}

bool is_css_colour(std::string_view secret, std::string_view line_before) {
    std::string_view hex = secret;
    if (hex.starts_with('#'))
        hex.remove_prefix(1);
    else if (!line_before.ends_with('#'))
        return false;
    return is_hex(hex) &&
           (hex.size() == 3 || hex.size() == 4 || hex.size() == 6 || hex.size() == 8);
}

// A hex digest next to a word that says it is one (commit SHAs, checksums, ETags).
bool is_labelled_hash(std::string_view secret, std::string_view line_before) {
    if (!is_hex(secret) ||
        (secret.size() != 40 && secret.size() != 64 && secret.size() != 32 && secret.size() != 128))
        return false;
    const std::string context = lower(line_before);
    for (std::string_view word : {"sha", "commit", "hash", "digest", "checksum", "rev", "integrity",
                                  "etag", "md5", "fingerprint", "object", "tree", "parent"})
        if (contains(context, word))
            return true;
    return false;
}

// A word of an identifier: all capitals ("DOC"), or lower-case letters where each capital
// starts a hump of at least two lower-case letters ("value", "Vector", "myTestKey").
// Random mixed-case text almost never is one: half its letters are capitals, most of them
// followed by another capital or a single lower-case letter.
bool is_identifier_word(std::string_view word) {
    if (std::all_of(word.begin(), word.end(),
                    [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }))
        return true;
    for (size_t i = 0; i < word.size(); ++i)
        if (std::isupper(static_cast<unsigned char>(word[i])) &&
            (i + 2 >= word.size() || !std::islower(static_cast<unsigned char>(word[i + 1])) ||
             !std::islower(static_cast<unsigned char>(word[i + 2]))))
            return false;
    return true;
}

bool is_identifier_like(std::string_view secret) {
    // snake_case / CONSTANT_CASE / dotted.names / menu/paths without digits: names, not
    // values (`{key: "editor/contextMenu"}`, `"settings.sync.enable"`).
    bool separator = false;
    for (char c : secret) {
        if (c == '_' || c == '.' || c == '-' || c == '/')
            separator = true;
        else if (!std::isalpha(static_cast<unsigned char>(c)))
            return false;
    }
    if (!separator)
        return false;
    size_t begin = 0;
    while (begin <= secret.size()) {
        size_t end = secret.find_first_of("_.-/", begin);
        if (end == std::string_view::npos)
            end = secret.size();
        if (!is_identifier_word(secret.substr(begin, end - begin)))
            return false;
        begin = end + 1;
    }
    return true;
}

// "1.302138", "v2.4.0": a version number (a module's version in a dependency table).
bool is_version_number(std::string_view secret) {
    if (secret.starts_with('v'))
        secret.remove_prefix(1);
    int dots = 0;
    bool digit_before = false;
    for (char c : secret) {
        if (std::isdigit(static_cast<unsigned char>(c))) {
            digit_before = true;
        } else if (c == '.' && digit_before) {
            ++dots;
            digit_before = false;
        } else {
            return false;
        }
    }
    return dots >= 1 && dots <= 3 && digit_before;
}

// "ABNewPersonViewController", "_RSAPrivateKey", "ASPasswordCredentialIdentity",
// "userDataProfiles": a type or symbol name of three or more parts, each a capital and 2+
// lower-case letters (a leading acronym, or a leading lower-case word of 2+ letters, counts
// as one). In code such a string is a class, selector, storage key or message key named next
// to "password" or "key" (`PROFILES_KEY = "userDataProfiles"`); a chosen password written
// that way is rarer than the names, so this applies to code files only. About 2 random
// base62 values of 12 characters in 1,000 have the shape, 4 in 10,000 of 16, 3 in 100,000
// of 20.
bool is_camel_case_type_name(std::string_view s) {
    auto upper = [&](size_t at) {
        return at < s.size() && std::isupper(static_cast<unsigned char>(s[at]));
    };
    auto lower = [&](size_t at) {
        return at < s.size() && std::islower(static_cast<unsigned char>(s[at]));
    };
    if (s.starts_with('_'))
        s.remove_prefix(1);
    size_t i = 0;
    int words = 0;
    if (lower(0) && lower(1)) { // lowerCamelCase: its first word has no capital
        while (lower(i))
            ++i;
        words = 1;
    } else {
        while (upper(i) && upper(i + 1))
            ++i; // the acronym; its last capital starts the first word
        words = i >= 2 ? 1 : 0;
    }
    while (upper(i) && lower(i + 1) && lower(i + 2)) {
        i += 3;
        while (lower(i))
            ++i;
        ++words;
    }
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
        ++i; // "ViewController2"
    return i == s.size() && words >= 3;
}

bool is_path_or_plain_url(std::string_view secret) {
    if ((secret.starts_with("http://") || secret.starts_with("https://")) && !contains(secret, "@"))
        return true;
    return secret.starts_with("/") || secret.starts_with("./") || secret.starts_with("../") ||
           secret.starts_with("~/");
}

// "A1B2C3A1B2C3A1B2C3", "ab12ab12ab12ab": a unit of at most a third of the value repeated
// over all of it (the last repeat may be cut short). Typed filler, never a random value.
bool is_periodic(std::string_view s) {
    if (s.size() < 12)
        return false;
    for (size_t unit = 1; unit * 3 <= s.size(); ++unit) {
        bool repeats = true;
        for (size_t i = unit; i < s.size() && repeats; ++i)
            repeats = s[i] == s[i - unit];
        if (repeats)
            return true;
    }
    return false;
}

size_t distinct_chars(std::string_view s) {
    std::array<bool, 256> seen{};
    size_t n = 0;
    for (unsigned char c : s)
        if (!seen[c]) {
            seen[c] = true;
            ++n;
        }
    return n;
}

// A value followed by "(" or "[" is code (a call or an index), not a literal.
bool is_followed_by_code(std::string_view line_after) {
    return line_after.starts_with('(') || line_after.starts_with('[') ||
           line_after.starts_with(".get(");
}

// A JWT without a signature ("eyJ...eyJ....", alg "none"): anyone can make one; it proves
// nothing and unlocks nothing a server should accept.
bool is_unsigned_jwt(std::string_view s) {
    return s.starts_with("eyJ") && s.ends_with(".") && std::count(s.begin(), s.end(), '.') == 2;
}

// Names of hashing and encryption schemes: the value of password_hash = "argon2id",
// token_alg = "HS256" says how, not what. `lowered`: the value in lower case.
bool is_algorithm_name(std::string_view lowered) {
    static constexpr std::string_view kAlgorithms[] = {
        "argon2",        "argon2id",      "argon2i",
        "argon2d",       "bcrypt",        "scrypt",
        "pbkdf2",        "pbkdf2_sha256", "pbkdf2-sha256",
        "pbkdf2_sha512", "sha1",          "sha256",
        "sha384",        "sha512",        "sha-1",
        "sha-256",       "sha-512",       "sha3-256",
        "md5",           "plain",         "plaintext",
        "cleartext",     "hmac-sha256",   "hmac-sha512",
        "hs256",         "hs384",         "hs512",
        "rs256",         "rs384",         "rs512",
        "es256",         "es384",         "es512",
        "eddsa",         "ed25519",       "aes-256-gcm",
        "aes-128-gcm",   "aes-256-cbc",   "aes-128-cbc",
        "aes256",        "aes128",        "chacha20-poly1305",
        "scram-sha-256", "md5crypt",      "sha512crypt",
        "sha256crypt",   "yescrypt",
    };
    return is_one_of(lowered, kAlgorithms);
}

// "Passwort", "Mot de passe", "Contraseña olvidada?": the word "password" in another language
// is a form label, like "Password" itself (a generic marker word). `lowered`: the value in
// lower case.
bool is_password_word_label(std::string_view lowered) {
    static constexpr std::string_view kTranslations[] = {
        "passwort",     "kennwort", "contraseña", "contrasena", "senha",      "wachtwoord",
        "hasło",        "haslo",    "lösenord",   "losenord",   "salasana",   "adgangskode",
        "passord",      "parola",   "heslo",      "jelszó",     "jelszo",     "mot de passe",
        "mot-de-passe", "пароль",   "パスワード", "密码",       "密碼",       "비밀번호",
        "κωδικός",      "şifre",    "sifre",      "mật khẩu",   "kata sandi",
    };
    for (std::string_view word : kTranslations) {
        const size_t at = lowered.find(word);
        if (at == std::string::npos)
            continue;
        // A whole word: not glued to other ASCII letters or digits ("xparolay" is random).
        const size_t end = at + word.size();
        const bool starts = at == 0 || !std::isalnum(static_cast<unsigned char>(lowered[at - 1]));
        const bool ends =
            end == lowered.size() || !std::isalnum(static_cast<unsigned char>(lowered[end]));
        if (starts && ends)
            return true;
    }
    return false;
}

// A reference to a secret in a secret manager, not its value: an AWS ARN
// ("arn:aws:secretsmanager:…:secret:prod/db-AbC123"), a GCP resource name
// ("projects/p/secrets/api-key/versions/latest"), an Azure Key Vault secret URL. The rule may
// have matched inside it ("...:secret:" looks like a key name).
bool is_secret_manager_reference(std::string_view secret, std::string_view line_before) {
    size_t start = line_before.size();
    while (start > 0 &&
           std::string_view(" \t'\"`=,(").find(line_before[start - 1]) == std::string_view::npos)
        --start;
    const std::string token = std::string(line_before.substr(start)) + std::string(secret);
    return token.starts_with("arn:") || contains(token, "/secrets/") ||
           contains(token, ".vault.azure.net/") || token.starts_with("vault:") ||
           token.starts_with("secret/data/");
}

// A stored password hash in a documented self-describing format: modular crypt
// ("$2b$12$…" bcrypt, "$argon2id$v=19$…", "$6$salt$…" sha512-crypt, "$y$" yescrypt), Django's
// "<algorithm>$<iterations>$<salt>$<hash>", LDAP's "{SSHA}…". It verifies a password; it is
// not one.
bool is_password_hash(std::string_view s) {
    static constexpr std::string_view kPrefixes[] = {
        // modular crypt
        "$2a$", "$2b$", "$2x$", "$2y$", "$argon2id$", "$argon2i$", "$argon2d$", "$1$", "$5$", "$6$",
        "$y$", "$7$", "$scrypt$", "$pbkdf2-sha256$", "$pbkdf2-sha512$", "$pbkdf2$",
        // Django
        "pbkdf2_sha256$", "pbkdf2_sha1$", "bcrypt_sha256$", "argon2$argon2", "scrypt$",
        // LDAP
        "{SSHA}", "{SHA}", "{SSHA256}", "{SSHA512}", "{CRYPT}", "{PBKDF2}", "{ARGON2}", "{BCRYPT}"};
    return std::any_of(std::begin(kPrefixes), std::end(kPrefixes),
                       [&](std::string_view prefix) { return s.starts_with(prefix); });
}

// Ciphertext that only a key holder can open, committed on purpose: SOPS values
// ("ENC[AES256_GCM,data:…,iv:…,tag:…,type:str]"), Ansible Vault ("$ANSIBLE_VAULT;1.1;AES256"),
// and Bitnami sealed secrets, base64 of a 2-byte length 0x0200 (the RSA-4096 session key,
// so "AgA".."AgD") followed by that key and the AES-GCM ciphertext: several hundred
// characters, far longer than any password.
bool is_encrypted_value(std::string_view s) {
    // (An unquoted-value rule may stop at the first comma: "ENC[AES256_GCM".)
    if (s.starts_with("ENC[AES256_GCM") || s.starts_with("ENC[AES128_GCM") ||
        s.starts_with("$ANSIBLE_VAULT;"))
        return true;
    const bool sealed_prefix = s.size() >= 600 && s.starts_with("Ag") && s[2] >= 'A' && s[2] <= 'D';
    return sealed_prefix && std::all_of(s.begin(), s.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '/' ||
                      c == '=';
           });
}

std::string_view generic_reason(const FilterInput& in) {
    // ",.:-*?!": punctuation, a separator or a mask, never a chosen password or a key.
    if (std::none_of(in.secret.begin(), in.secret.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }))
        return "no letters or digits";
    if (is_name_of_key_value_pair(in.line_after))
        return "name of a key/value pair";
    if (is_regex_or_format_string(in.secret))
        return "regular expression or format string";
    const std::string lowered = lower(in.secret);
    if (is_unsigned_jwt(in.secret))
        return "unsigned JWT";
    if (is_password_hash(in.secret))
        return "password hash";
    if (is_encrypted_value(in.secret))
        return "encrypted value (SOPS, Ansible Vault, sealed secret)";
    if (is_algorithm_name(lowered))
        return "name of an algorithm";
    if (is_password_word_label(lowered))
        return "a form label";
    if (is_secret_manager_reference(in.secret, in.line_before))
        return "reference to a secret manager entry";
    // Stripe's publishable keys are meant for browsers and apps.
    if (in.secret.starts_with("pk_live_") || in.secret.starts_with("pk_test_"))
        return "publishable (public) key";
    for (std::string_view s : kGenericSubstrings)
        if (contains(lowered, s))
            return "placeholder";
    if (has_placeholder_word(in.secret, FilterStrength::Generic))
        return "placeholder word";
    if (is_environment_lookup(in.secret) || is_followed_by_code(in.line_after))
        return "environment or config lookup";
    if (is_uuid(in.secret) && !names_a_credential(in.line_before))
        return "UUID (an identifier)";
    if (is_labelled_hash(in.secret, in.line_before))
        return "hash or commit id";
    if (is_css_colour(in.secret, in.line_before))
        return "CSS colour";
    if (is_identifier_like(in.secret))
        return "identifier";
    if (is_own_name(in.secret, in.line_before))
        return "the name it is assigned to";
    if (is_key_chord(in.secret))
        return "keyboard shortcut";
    if (is_version_number(in.secret))
        return "version number";
    if (is_camel_case_type_name(in.secret) && is_code_file(in.path, in.language_id))
        return "type or symbol name";
    if (is_path_or_plain_url(in.secret))
        return "path or URL";
    if (has_repeated_or_sequential_run(in.secret, 6))
        return "repeated or sequential characters";
    if (is_periodic(in.secret))
        return "a short pattern repeated";
    // "abababababab", "1111222211": chosen so that random digits almost never trip it.
    const size_t distinct = distinct_chars(in.secret);
    if ((in.secret.size() >= 10 && distinct <= 2) || (in.secret.size() >= 16 && distinct <= 3))
        return "too few distinct characters";
    return {};
}

} // namespace

bool is_documented_example(std::string_view secret) {
    for (std::string_view example : kDocumentedExamples)
        if (contains(secret, example))
            return true;
    // AWS documentation convention: example keys end in EXAMPLE / EXAMPLEKEY.
    return secret.ends_with("EXAMPLE") || secret.ends_with("EXAMPLEKEY") ||
           contains(secret, kJwtIoExamplePayload);
}

bool has_placeholder_word(std::string_view secret, FilterStrength strength) {
    // Placeholder words must make up a fifth of the value: "YOUR_API_KEY", "key-REDACTED",
    // "sk_live_xxxxxxxx...". A long random token (a 400-character refresh token, a base64 key)
    // spells "todo" or "fake" between two '-' now and then, and stays a secret.
    size_t placeholder_chars = 0;
    for (const std::string& word : words_of(secret)) {
        for (std::string_view marker : kPlaceholderWords)
            if (word == marker)
                placeholder_chars += word.size();
        // xxx, XXXX...: a run of x's as a whole word.
        if (word.size() >= 3 && word.find_first_not_of('x') == std::string::npos)
            placeholder_chars += word.size();
    }
    if (placeholder_chars > 0 && placeholder_chars * 5 >= secret.size())
        return true;
    if (strength != FilterStrength::Generic)
        return false;
    for (const std::string& word : words_of(secret))
        for (std::string_view marker : kGenericWords)
            if (word == marker)
                return true;
    // camelCase parts ("myTestKey") only for words of 4+ letters: short ones ("Abc") occur
    // in random values by chance. Only parts shaped like words ("Test", "test"): random
    // base62 forms "NOne" or "TEst" as often, and no one writes a placeholder that way.
    for (std::string_view part : camel_case_parts(secret))
        for (std::string_view marker : kGenericWords)
            if (marker.size() >= 4 && lower(part) == marker)
                return true;
    return false;
}

// Characters of a template expression's body: names, paths, filters, quoted keys, defaults.
bool is_expression_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("_.-:|$ \"'()/[]=,!?*+").find(c) != std::string_view::npos;
}

// The body of a template expression: with a space ("{{ .Values.x }}", "$(cat /run/x)"), any
// expression characters; without one, a name of 3+ characters ("DB_PASS:-x", "ENV['TOKEN']",
// "password"). Secrets never hold spaces, but a random punctuated key holds "$(k2h)" or
// "%(abc)" now and then (about 1 in 700 of 50 characters): inside a longer value a name
// therefore needs what variable names have and such keys rarely do (a capital, '_', '.', ':'
// or '['); a reference that is the whole value ("%(password)s", "$(pwd)") needs none.
bool is_expression_body(std::string_view inner, bool whole_value) {
    if (inner.empty() || !std::all_of(inner.begin(), inner.end(), is_expression_char))
        return false;
    if (inner.find(' ') != std::string_view::npos)
        return true;
    const unsigned char first = static_cast<unsigned char>(inner.front());
    const bool name = inner.size() >= 3 && (std::isalpha(first) || first == '_' || first == '.') &&
                      inner.find_first_of("!?*+=,()/|$") == std::string_view::npos;
    const bool name_like = std::any_of(inner.begin(), inner.end(), [](char c) {
        return std::isupper(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' ||
               c == '[';
    });
    return name && (whole_value || name_like);
}

// Whether `s` holds `open` BODY `close` with a non-empty body of expression characters.
// A marker alone is not enough: random passwords contain "${" or "{{" by chance.
bool has_expression(std::string_view s, std::string_view open, std::string_view close) {
    for (size_t at = s.find(open); at != std::string_view::npos; at = s.find(open, at + 1)) {
        const size_t body = at + open.size();
        const size_t end = s.find(close, body);
        if (end == std::string_view::npos)
            return false;
        // The whole value, give or take a conversion letter ("%(name)s").
        const bool whole_value = at == 0 && end + close.size() + 1 >= s.size();
        if (is_expression_body(s.substr(body, end - body), whole_value))
            return true;
    }
    return false;
}

bool is_template_reference(std::string_view s) {
    static constexpr std::pair<std::string_view, std::string_view> kExpressions[] = {
        {"${", "}"}, {"{{", "}}"}, {"%(", ")"},  {"#{", "}"},
        {"$(", ")"}, {"<%", "%>"}, {"[[", "]]"},
    };
    for (const auto& [open, close] : kExpressions)
        if (has_expression(s, open, close))
            return true;
    if (s.size() >= 2 &&
        ((s.front() == '<' && s.back() == '>') || (s.front() == '{' && s.back() == '}') ||
         (s.front() == '%' && s.back() == '%')))
        return true;
    // $NAME / $name: a shell or Makefile variable.
    if (s.size() >= 2 && s.front() == '$' &&
        (std::isalpha(static_cast<unsigned char>(s[1])) || s[1] == '_'))
        return true;
    return false;
}

bool is_regex_or_format_string(std::string_view s) {
    // A backslash: an escape sequence, a regex class (\d) or a Windows path; alone it is
    // enough. The other markers need '[', '(', '{' or '*', which no token alphabet (base64,
    // hex) holds, but a random password over all punctuation holds one now and then (about 1
    // in 50 of 20 characters), so two are required.
    if (contains(s, "\\"))
        return true;
    int markers = count_format_fields(s);
    for (std::string_view marker :
         {"(?", "[^", "[a-z", "[A-Z", "[0-9", "a-z]", "A-Z]", "0-9]", "]{", "]+", "]*", ".*", "{}"})
        for (size_t at = s.find(marker); at != std::string_view::npos && markers < 2;
             at = s.find(marker, at + 1))
            ++markers;
    return markers >= 2;
}

bool repeats_user_name(std::string_view secret, std::string_view line_before) {
    if (secret.empty() || !line_before.ends_with(':'))
        return false;
    line_before.remove_suffix(1);
    if (!line_before.ends_with(secret))
        return false;
    line_before.remove_suffix(secret.size());
    return line_before.empty() || line_before.ends_with('/') ||
           !std::isalnum(static_cast<unsigned char>(line_before.back()));
}

std::string_view extension_of_language(std::string_view language_id) {
    // languageIds as VS Code, Neovim (filetype) and Emacs (eglot) send them.
    static constexpr std::pair<std::string_view, std::string_view> kExtensions[] = {
        {"c", "c"},
        {"cpp", "cpp"},
        {"objective-c", "m"},
        {"objective-cpp", "mm"},
        {"objc", "m"},
        {"objcpp", "mm"},
        {"java", "java"},
        {"kotlin", "kt"},
        {"scala", "scala"},
        {"csharp", "cs"},
        {"cs", "cs"},
        {"go", "go"},
        {"rust", "rs"},
        {"swift", "swift"},
        {"python", "py"},
        {"javascript", "js"},
        {"javascriptreact", "jsx"},
        {"typescript", "ts"},
        {"typescriptreact", "tsx"},
        {"ruby", "rb"},
        {"php", "php"},
        {"dart", "dart"},
        {"groovy", "groovy"},
        {"lua", "lua"},
        {"yaml", "yaml"},
        {"json", "json"},
        {"jsonc", "json"},
        {"toml", "toml"},
        {"ini", "ini"},
        {"dosini", "ini"},
        {"properties", "properties"},
        {"jproperties", "properties"},
        {"xml", "xml"},
        {"dotenv", "env"},
        {"sh", "sh"},
        {"shellscript", "sh"},
        {"bash", "sh"},
        {"zsh", "sh"},
        {"powershell", "ps1"},
        {"ps1", "ps1"},
        {"terraform", "tf"},
        {"hcl", "hcl"},
        {"markdown", "md"},
        {"plaintext", "txt"},
        {"text", "txt"},
        {"conf", "conf"},
    };
    for (const auto& [id, extension] : kExtensions)
        if (id == language_id)
            return extension;
    return {};
}

bool is_code_file(std::string_view path, std::string_view language_id) {
    return is_one_of(language_id, kCodeLanguages) || is_one_of(extension_of(path), kCodeExtensions);
}

std::string_view file_type_reason(const FilterInput& in) {
    if (in.path.empty() && in.language_id.empty())
        return {};
    if (in.strength == FilterStrength::Generic && is_single_quoted(in) &&
        uses_char_literals(in.path, in.language_id))
        return "character literal, not a string";
    return {};
}

bool is_environment_lookup(std::string_view text) {
    for (std::string_view lookup : kEnvironmentLookups)
        if (contains(text, lookup))
            return true;
    return false;
}

bool has_repeated_or_sequential_run(std::string_view s, size_t min_run) {
    if (min_run < 2 || s.size() < min_run)
        return false;
    size_t same = 1, ascending = 1, descending = 1;
    for (size_t i = 1; i < s.size(); ++i) {
        const int step = static_cast<unsigned char>(s[i]) - static_cast<unsigned char>(s[i - 1]);
        const bool alnum = std::isalnum(static_cast<unsigned char>(s[i])) != 0;
        same = step == 0 ? same + 1 : 1;
        ascending = (step == 1 && alnum) ? ascending + 1 : 1;
        descending = (step == -1 && alnum) ? descending + 1 : 1;
        if (same >= min_run || ascending >= min_run || descending >= min_run)
            return true;
    }
    return false;
}

double run_coverage(std::string_view s, size_t min_run) {
    if (s.empty())
        return 0;
    size_t covered = 0;
    size_t i = 0;
    while (i < s.size()) {
        // The longest same-character or +1/-1 run starting at i.
        size_t best = 1;
        for (int step : {0, 1, -1}) {
            size_t j = i + 1;
            while (j < s.size() &&
                   static_cast<unsigned char>(s[j]) - static_cast<unsigned char>(s[j - 1]) ==
                       step &&
                   std::isalnum(static_cast<unsigned char>(s[j])))
                ++j;
            best = std::max(best, j - i);
        }
        if (best >= min_run)
            covered += best;
        i += best;
    }
    return static_cast<double>(covered) / static_cast<double>(s.size());
}

std::string_view not_a_secret_reason(const FilterInput& in) {
    if (in.secret.empty())
        return "empty";
    if (is_documented_example(in.secret))
        return "documented example key";
    if (is_template_reference(in.secret))
        return "template or variable reference";
    if (has_placeholder_word(in.secret, FilterStrength::Provider))
        return "placeholder";
    if (is_integrity_hash(in.secret))
        return "integrity hash";
    if (is_inside_data_uri(in.secret, in.line_before))
        return "inside a data: URI";
    if (is_public_key_material(in.secret, in.line_before))
        return "public key or certificate";
    // Mostly runs: "AKIAXXXXXXXXXXXXXXXX", "ghp_000...", "sk_live_1234567890abcdef...". Real
    // formats may hold a fixed run (Dropbox's "AAAAAAAAAA", Twitter's 20+ A's) but are
    // mostly random, hence a share rather than a run length.
    if (run_coverage(in.secret, 4) >= 0.5)
        return "repeated or sequential characters";
    if (repeats_user_name(in.secret, in.line_before))
        return "password repeats the user name";
    if (const std::string_view why = file_type_reason(in); !why.empty())
        return why;
    if (in.strength == FilterStrength::Generic)
        return generic_reason(in);
    return {};
}

} // namespace secretls::detectors

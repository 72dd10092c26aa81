//===--- filters_test.cpp - False-positive filters and inline ignores ---------------------===//
#include "detectors/filters.h"
#include "detectors/ignores.h"
#include "test_support.h"

using namespace secretls::detectors;
using namespace secretls::detectors::testing;

namespace {

std::string_view reason(std::string_view secret, FilterStrength strength,
                        std::string_view before = "", std::string_view after = "") {
    return not_a_secret_reason({secret, before, after, strength});
}

constexpr auto kProvider = FilterStrength::Provider;
constexpr auto kGeneric = FilterStrength::Generic;

} // namespace

TEST_CASE("documented example keys are not secrets", "[filters]") {
    CHECK(is_documented_example("AKIAIOSFODNN7EXAMPLE"));
    CHECK(is_documented_example("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    CHECK(is_documented_example("AKIA0000000000EXAMPLE"));
    CHECK_FALSE(reason("AKIAIOSFODNN7EXAMPLE", kProvider).empty());
}

TEST_CASE("placeholders are not secrets", "[filters]") {
    for (std::string_view p :
         {"YOUR_API_KEY", "your-token-here", "<token>", "${API_KEY}", "{{ .Values.apiKey }}",
          "%(password)s", "$API_TOKEN", "changeme", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
          "AKIAXXXXXXXXXXXXXXXX", "ghp_000000000000000000000000000000000000", "#{secret}",
          "key-REDACTED", "sk_live_1234567890abcdefghijklmn"}) {
        INFO(p);
        CHECK_FALSE(reason(p, kProvider).empty());
    }
}

TEST_CASE("random bodies of real formats pass the provider filters", "[filters]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    // A random generic value can spell a marker word as a camelCase part ("…xTest9…", about
    // 1 value in 400,000): rare enough to accept, so a few are allowed; a filter that drops
    // random values systematically drops hundreds.
    int generic_dropped = 0;
    for (int i = 0; i < 2000; ++i) {
        const std::string token = fake_github_token(rng);
        const std::string hex = "key-" + random_from(kHex, 32, rng);
        // Real formats with fixed runs must survive (Dropbox-style "AAAAAAAAAA" inside).
        const std::string fixed_run =
            random_from(kBase62, 11, rng) + "AAAAAAAAAA" + random_from(kBase62, 43, rng);
        INFO(mask_secret(token) << " " << mask_secret(hex) << " " << mask_secret(fixed_run));
        REQUIRE(reason(token, kProvider).empty());
        REQUIRE(reason(hex, kProvider).empty());
        REQUIRE(reason(fixed_run, kProvider).empty());
        const std::string generic = random_from(kBase62, 24, rng);
        if (!reason(generic, kGeneric).empty()) {
            UNSCOPED_INFO("dropped " << mask_secret(generic) << ": " << reason(generic, kGeneric));
            ++generic_dropped;
        }
    }
    CHECK(generic_dropped <= 2);
}

TEST_CASE("camelCase marker words count only when shaped like words", "[filters]") {
    CHECK_FALSE(reason("myTestPassword99", kGeneric).empty());
    CHECK_FALSE(reason("defaultNoneValue", kGeneric).empty());
    // Mixed-case runs are how random base62 spells them.
    CHECK(reason("q7Vh2kR9sNOnexB4tZ8mW3pL", kGeneric).empty());
    CHECK(reason("q7Vh2kR9sTEstxB4tZ8mW3pL", kGeneric).empty());
}

TEST_CASE("generic values: lookups, identifiers, hashes and markers", "[filters]") {
    CHECK_FALSE(reason("process.env.API_KEY", kGeneric).empty());
    CHECK_FALSE(reason("os.environ", kGeneric, "key = ", "[\"KEY\"]").empty());
    CHECK_FALSE(reason("getToken", kGeneric, "token = ", "()").empty());
    CHECK_FALSE(reason("${{ secrets.NPM_TOKEN }}", kGeneric).empty());
    CHECK_FALSE(reason("123e4567-e89b-42d3-a456-426614174000", kGeneric).empty());
    CHECK_FALSE(reason("9fceb02d0ae598e95dc970b74767f19372d61af8", kGeneric, "commit: ").empty());
    CHECK_FALSE(reason("sha512-Zm9vYmFyYmF6cXV4cXV1eA==", kGeneric).empty());
    CHECK_FALSE(reason("h1:Zm9vYmFyYmF6cXV4cXV1eA=", kGeneric).empty());
    CHECK_FALSE(reason("ff00aa", kGeneric, "color: #").empty());
    CHECK_FALSE(reason("my_secret_key_name", kGeneric).empty());
    CHECK(reason("notebook/cellTitle/actions", kGeneric, "{key:\"", "\"}") == "identifier");
    // A constant holding its own name, maybe without the name's prefix.
    CHECK(reason("instrumentationKey", kGeneric, "var _DYN_INSTRUMENTATION_KEY = \"", "\";") ==
          "the name it is assigned to");
    CHECK(reason("acquireTokenByRefreshToken", kGeneric, "const AcquireTokenByRefreshToken = \"",
                 "\";") == "the name it is assigned to");
    CHECK(reason("Xk9vQ2pL7rT4mWz8", kGeneric, "const Xk9vQ2pL7rT4mWz8_KEY = \"", "\"").empty());
    CHECK(reason("Xk9vQ2pL7rT4mWz8", kGeneric, "const API_KEY = \"", "\"").empty());
    CHECK(reason("Key", kGeneric, "const API_KEY = \"", "\"") != "the name it is assigned to");
    // Keyboard shortcuts (editor keybindings).
    for (std::string_view chord : {"ctrl+alt+down", "cmd+k cmd+s", "Shift+Alt+F12", "meta+/"}) {
        INFO(chord);
        CHECK(reason(chord, kGeneric, "\"key\": \"", "\"") == "keyboard shortcut");
    }
    for (std::string_view value :
         {"+Xk9vQ2pL7rT4", "ctrl+", "Xk9v+Q2pL7rT4mWz8", "ctrl+Xk9 Q2pL7rT4"}) {
        INFO(value);
        CHECK(reason(value, kGeneric, "\"key\": \"", "\"") != "keyboard shortcut");
    }
    CHECK(reason("Xk9vQ2pL/rT4mWz8", kGeneric, "key = \"", "\"").empty()); // digits: a value
    CHECK_FALSE(reason("myTestPassword99", kGeneric).empty());
    CHECK_FALSE(reason("https://example.com/path", kGeneric).empty());
    CHECK_FALSE(reason("abababababab", kGeneric).empty());
    CHECK_FALSE(
        reason("iVBORw0KGgoAAAANSUhEUgAA", kGeneric, "src=\"data:image/png;base64,").empty());
    CHECK_FALSE(reason("AAAAB3NzaC1yc2EAAAADAQABAAABAQ", kGeneric, "ssh-rsa ").empty());
    CHECK_FALSE(
        reason("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----", kProvider).empty());
    // A provider token is not filtered by generic-only checks.
    CHECK(reason("9fceb02d0ae598e95dc970b74767f19372d61af8", kProvider, "commit: ").empty());
    // A real-looking generic value stays.
    CHECK(reason("Xk9vQ2pL7rT4mWz8", kGeneric, "password = \"", "\"").empty());
}

TEST_CASE("run detection", "[filters]") {
    CHECK(has_repeated_or_sequential_run("ab0000000cd", 6));
    CHECK(has_repeated_or_sequential_run("x123456y", 6));
    CHECK(has_repeated_or_sequential_run("zyxwvu", 6));
    CHECK_FALSE(has_repeated_or_sequential_run("a1b2c3d4e5", 3));
    CHECK(run_coverage("aaaa", 4) == Approx(1.0));
    CHECK(run_coverage("abcdXYZ", 4) == Approx(4.0 / 7));
}

TEST_CASE("inline ignore markers", "[ignores]") {
    for (std::string_view line :
         {"key = 'x' # secretls:ignore", "x // gitleaks:allow", "x # betterleaks:allow",
          "x # trufflehog:ignore", "x # pragma: allowlist secret", "x // secretlint-disable-line",
          "x # ggignore"}) {
        INFO(line);
        CHECK(has_same_line_ignore(line));
        CHECK_FALSE(has_next_line_ignore(line));
    }
    for (std::string_view line :
         {"# secretls:ignore-next-line", "# pragma: allowlist nextline secret",
          "// secretlint-disable-next-line"}) {
        INFO(line);
        CHECK(has_next_line_ignore(line));
        CHECK_FALSE(has_same_line_ignore(line));
    }
}

// A rule for "key-" and 32 hex digits, for the inline-ignore tests.
static RuleList hex_key_rules() {
    return rules_from(R"(
[[rule]]
id = "hex-key"
keywords = ["key-"]
regex = '''\b(key-[0-9a-f]{32})\b'''
secret_group = 1
severity = "error"
)");
}

TEST_CASE("the scanner honours inline ignores on the line and the line before", "[ignores]") {
    std::mt19937_64 rng(test_seed());
    RuleList rules = hex_key_rules();
    Scanner scanner(rules);
    const std::string key = "key-" + random_from(kHex, 32, rng);
    CHECK(scanner.scan("k = " + key + "\n").size() == 1);
    CHECK(scanner.scan("k = " + key + " # gitleaks:allow\n").empty());
    CHECK(scanner.scan("# pragma: allowlist nextline secret\nk = " + key + "\n").empty());
    CHECK(scanner.scan("// secretlint-disable-next-line\n\nk = " + key + "\n").size() == 1);
    CHECK(scanner.scan("k = " + key + "\n# secretls:ignore-next-line\n").size() == 1);
    ScannerOptions no_ignores;
    no_ignores.inline_ignores = false;
    CHECK(Scanner(rules, no_ignores).scan("k = " + key + " # gitleaks:allow\n").size() == 1);
    // Region scans see the marker on the line before the region too.
    const std::string text = "# secretls:ignore-next-line\nk = " + key + "\n";
    CHECK(scanner.scan(text, ByteRange{30, 31}).empty());
}

// The scanner looks each line up for markers once per scan (LineIgnores): a line holding
// many findings, markers on the line before, and the line before a 4 MiB chunk's first line
// (outside the chunk's lines) must all still count.
TEST_CASE("inline ignores on lines with many findings and across a chunk boundary", "[ignores]") {
    std::mt19937_64 rng(test_seed());
    Scanner scanner(hex_key_rules());
    auto key = [&] { return "key-" + random_from(kHex, 32, rng); };
    std::string many;
    for (int i = 0; i < 50; ++i)
        many += "k" + std::to_string(i) + "=" + key() + ";";
    CHECK(scanner.scan(many + "\n").size() == 50);
    CHECK(scanner.scan(many + " // gitleaks:allow\n").empty());
    // The marker silences its own line and the next, not the one after.
    const std::string text =
        "# secretls:ignore-next-line\n" + many + "\n" + key() + " " + key() + "\n";
    CHECK(scanner.scan(text).size() == 2);
    // A same-line marker silences its own line only.
    CHECK(scanner.scan(key() + "\n" + key() + " # ggignore\n").size() == 1);

    // Byte 4 MiB falls inside the marker line: the scan's first chunk ends right after it.
    constexpr size_t kChunkBytes = 4 << 20;
    const std::string marker = "# secretls:ignore-next-line\n";
    std::string filler;
    while (filler.size() + 12 < kChunkBytes - 10)
        filler += "x = 1234567\n";
    filler += std::string(kChunkBytes - 10 - filler.size() - 1, 'y') + "\n";
    REQUIRE(filler.size() == kChunkBytes - 10);
    const std::string secret_line = "k = " + key() + "\n";
    CHECK(scanner.scan(filler + marker + secret_line).empty());
    CHECK(scanner.scan(filler + "# nothing to see here\n" + secret_line).size() == 1);
}

TEST_CASE("binary detection", "[scanner]") {
    CHECK(looks_binary(std::string("abc\0def", 7)));
    CHECK_FALSE(looks_binary("plain text\n"));
    std::string late(9000, 'a');
    late += '\0';
    CHECK_FALSE(looks_binary(late));
}

TEST_CASE("template references need a well-formed expression, not just a marker", "[filters]") {
    for (std::string_view t :
         {"${API_KEY}", "prefix-${DB_PASS:-x}", "{{ .Values.apiKey }}", "%(password)s",
          "#{ENV['TOKEN']}", "$(cat /run/secret)", "<%= ENV[\"KEY\"] %>", "[[ vault_token ]]"}) {
        INFO(t);
        CHECK(is_template_reference(t));
    }
    // Random passwords may contain the markers by chance: "${" then no closing name.
    for (std::string_view t : {"q7${pZ]r9#vL>x}2", "a8Kq{{z}w!9Lm<", "Zx%(w>;k", "9#{;<>}"}) {
        INFO(t);
        CHECK_FALSE(is_template_reference(t));
    }
}

TEST_CASE("generic values without letters or digits, regexes and format strings", "[filters]") {
    CHECK(reason(",.:-*?!#", kGeneric) == "no letters or digits");
    for (std::string_view v :
         {"[A-Za-z0-9]{32}", "^\\d{6}$", "(?i)^token-[a-z]+$", "user:{id}:{name}", "{0}-{1}",
          "C:\\Users\\build", "^key.*[0-9]+$"}) {
        INFO(v);
        CHECK(is_regex_or_format_string(v));
        CHECK_FALSE(reason(v, kGeneric).empty());
    }
    // One marker alone occurs in random punctuated passwords by chance.
    CHECK_FALSE(is_regex_or_format_string("x7.*Qz9k"));
    CHECK_FALSE(is_regex_or_format_string("Ab3{x}9Qz"));
    // Template braces and doubled braces are not format fields.
    CHECK_FALSE(is_regex_or_format_string("a8Kq{{z}w!9Lm"));
    CHECK_FALSE(is_regex_or_format_string("q7${pZ]r9#vL"));
    // Provider rules keep values without letters? They never match such values; the check is
    // generic-only so a provider format with punctuation is untouched.
    CHECK(reason("!!!!!!!!", kProvider) != "no letters or digits");
}

TEST_CASE("a UUID is an id unless its name says credential", "[filters]") {
    std::mt19937_64 rng(test_seed());
    const std::string uuid = random_from(kHex, 8, rng) + "-" + random_from(kHex, 4, rng) + "-4" +
                             random_from(kHex, 3, rng) + "-a" + random_from(kHex, 3, rng) + "-" +
                             random_from(kHex, 12, rng);
    INFO(mask_secret(uuid));
    for (std::string_view before :
         {"client_id = \"", "credentialsId: '", "\"kms_key_id\": \"", "<UserSecretsId>",
          "cache_key = \"", "next_page_token: ", "key = \""}) {
        INFO(before);
        CHECK(reason(uuid, kGeneric, before) == "UUID (an identifier)");
    }
    for (std::string_view before :
         {"api_token = \"", "\"client_secret\": \"", "-H \"X-Octopus-ApiKey: ",
          "https://api.example.com/v1/user?key=", "interseller token - '", "DB_PASSWORD="}) {
        INFO(before);
        CHECK(reason(uuid, kGeneric, before).empty());
    }
}

TEST_CASE("a short unit repeated over the whole value is filler", "[filters]") {
    CHECK(reason("Q7x2Q7x2Q7x2Q7x2Q7", kGeneric) == "a short pattern repeated");
    CHECK(reason("A1B2C3D4E5F6A1B2C3D4E5F6A1B2C3D4E5F6", kGeneric) == "a short pattern repeated");
    // Twice is not enough (a unit of half the value), nor a repeat of only part of it.
    CHECK(reason("Xk9vQ2pLXk9vQ2pL", kGeneric).empty());
    CHECK(reason("Xk9vXk9vXk9vQ2pL7rT4", kGeneric).empty());
}

TEST_CASE("the key half of a key=\"...\" value=\"...\" pair is a name", "[filters]") {
    CHECK(reason("Xk9vQ2pL7rT4mWz8", kGeneric, "<add key=\"", "\" value=\"x\" />") ==
          "name of a key/value pair");
    CHECK(reason("Xk9vQ2pL7rT4mWz8", kGeneric, "<entry key='", "'  VALUE='x'/>") ==
          "name of a key/value pair");
    CHECK(reason("Xk9vQ2pL7rT4mWz8", kGeneric, "<add key=\"", "\" />").empty());
}

TEST_CASE("a URL password repeating the user name is a local default", "[filters]") {
    CHECK(repeats_user_name("postgres", "postgres://postgres:"));
    CHECK(repeats_user_name("guest", "amqp://guest:"));
    CHECK_FALSE(repeats_user_name("postgres", "postgres://mypostgres:"));
    CHECK_FALSE(repeats_user_name("Xk9vQ2pL", "postgres://app:"));
    CHECK_FALSE(reason("guest", kProvider, "amqp://guest:", "@rabbit/").empty());
}

TEST_CASE("file types: code files and character literals", "[filters]") {
    CHECK(is_code_file("src/app/Main.JAVA", ""));
    CHECK(is_code_file("", "python"));
    CHECK(is_code_file("C:\\work\\x.go", ""));
    CHECK_FALSE(is_code_file("config/app.yaml", ""));
    CHECK_FALSE(is_code_file(".env", ""));
    CHECK_FALSE(is_code_file("", ""));

    auto in = [](std::string_view path, std::string_view language) {
        FilterInput input{"Xk9vQ2pL7rT4mWz8", "pass[] = '", "';", kGeneric};
        input.path = path;
        input.language_id = language;
        return input;
    };
    // '...' holding several characters is a char (rune) literal in C, Java, Go...
    CHECK_FALSE(file_type_reason(in("main.c", "")).empty());
    CHECK_FALSE(file_type_reason(in("", "csharp")).empty());
    CHECK_FALSE(not_a_secret_reason(in("x.go", "")).empty());
    // ...but a string in Python, JavaScript, shell, YAML, or when the file type is unknown.
    CHECK(file_type_reason(in("app.py", "")).empty());
    CHECK(file_type_reason(in("run.sh", "")).empty());
    CHECK(file_type_reason(in("", "")).empty());
    // Provider rules are not subject to it.
    FilterInput provider = in("main.c", "");
    provider.strength = kProvider;
    CHECK(file_type_reason(provider).empty());
}

TEST_CASE("version numbers, and type names in code, are not passwords", "[filters]") {
    auto generic = [](std::string_view value, std::string_view path) {
        FilterInput input{value, "'Some::Module::Pass' => '", "',", kGeneric};
        input.path = path;
        return std::string(not_a_secret_reason(input));
    };
    CHECK(generic("1.302138", "CoreList.pm") == "version number");
    CHECK(generic("v2.10.4", "") == "version number");
    CHECK(generic("1.302138x", "CoreList.pm").empty()); // not a version: a value
    // Three or more capitalised words, after an optional acronym, in a code file.
    CHECK(generic("ABNewPersonViewController", "lexer.py") == "type or symbol name");
    CHECK(generic("_RSAPrivateKey", "rsa.py") == "type or symbol name");
    CHECK(generic("ASPasswordCredentialIdentity2", "Lexer.py") == "type or symbol name");
    // lowerCamelCase: storage, context and message keys (`PROFILES_KEY = "userDataProfiles"`).
    CHECK(generic("userDataProfiles", "workbench.js") == "type or symbol name");
    CHECK(generic("refreshTokenClientAcquireToken", "msal.ts") == "type or symbol name");
    CHECK(generic("multiCursorMergeOverlapping", "Editor.pm") == "type or symbol name");
    CHECK(generic("userDataProfiles", "settings.json").empty());
    CHECK(generic("screenResolution", "app.js").empty()); // two words
    CHECK(generic("aUserDataProfile", "app.js").empty()); // a one-letter first word
    // The same words in a config file may be a chosen password; two words are not a name.
    CHECK(generic("ABNewPersonViewController", "app.yaml").empty());
    CHECK(generic("SummerHoliday", "lexer.py").empty());
    // Random base62 values rarely have that shape (about 3 in 100,000 of 20 characters).
    std::mt19937_64 rng(test_seed());
    int names = 0;
    for (int i = 0; i < 2000; ++i)
        names += generic(random_from(kBase62, 20, rng), "main.py") == "type or symbol name";
    CHECK(names <= 2);
    // Nor of 12 characters (about 1 in 1,000 with either first word).
    int short_names = 0;
    for (int i = 0; i < 20000; ++i)
        short_names += generic(random_from(kBase62, 12, rng), "main.py") == "type or symbol name";
    CHECK(short_names <= 60);
}

TEST_CASE("random values with punctuation pass the generic filters", "[filters]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    // A framework secret-key alphabet (letters, digits, punctuation), a password generator's
    // (all printable punctuation) and base64url. Such values hold words, brackets and "$(" by
    // chance, so a few in ten thousand are filtered; a filter that catches more is too broad.
    constexpr std::string_view kPunctuated = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)";
    constexpr std::string_view kPrintable = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                            "0123456789!@#$%^&*()-_=+[]{};:,.<>/?~";
    constexpr std::string_view kBase64Url =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    constexpr int kSamples = 2000;
    for (const auto& [alphabet, length] :
         {std::pair{kPunctuated, 50}, std::pair{kPrintable, 24}, std::pair{kBase64Url, 40}}) {
        int filtered = 0;
        for (int i = 0; i < kSamples; ++i) {
            const std::string value = "k" + random_from(alphabet, length - 1, rng);
            filtered += reason(value, kGeneric, "SECRET_KEY = '", "'").empty() ? 0 : 1;
        }
        INFO("alphabet " << alphabet << ": " << filtered << " of " << kSamples << " filtered");
        CHECK(filtered <= kSamples / 100);
    }
}

namespace {

std::string random_bytes(size_t n, std::mt19937_64& rng) {
    std::string out;
    for (size_t i = 0; i < n; ++i)
        out.push_back(static_cast<char>(rng() & 0xff));
    return out;
}

// DER built here from the structures' definitions (RFC 5280, RFC 5208, RFC 5915).
std::string ec_p256_public_key(std::mt19937_64& rng) { // SubjectPublicKeyInfo, 91 bytes
    return std::string("\x30\x59\x30\x13\x06\x07\x2A\x86\x48\xCE\x3D\x02\x01"
                       "\x06\x08\x2A\x86\x48\xCE\x3D\x03\x01\x07\x03\x42\x00\x04",
                       27) +
           random_bytes(64, rng);
}
std::string rsa_public_key(std::mt19937_64& rng) { // SubjectPublicKeyInfo, 294 bytes
    return std::string("\x30\x82\x01\x22\x30\x0D\x06\x09\x2A\x86\x48\x86\xF7\x0D\x01\x01\x01"
                       "\x05\x00\x03\x82\x01\x0F\x00",
                       24) +
           random_bytes(270, rng);
}
std::string certificate(std::mt19937_64& rng) { // Certificate { tbsCertificate { [0] v3 ...
    return std::string("\x30\x82\x03\x10\x30\x82\x02\xF8\xA0\x03\x02\x01\x02\x02\x14", 15) +
           random_bytes(120, rng);
}
std::string pkcs8_private_key(std::mt19937_64& rng) { // PrivateKeyInfo { version 0, alg ...
    return std::string("\x30\x81\x87\x02\x01\x00\x30\x13\x06\x07\x2A\x86\x48\xCE\x3D\x02\x01"
                       "\x06\x08\x2A\x86\x48\xCE\x3D\x03\x01\x07\x04\x6D\x30\x6B\x02\x01\x01",
                       35) +
           random_bytes(100, rng);
}
std::string sec1_private_key(std::mt19937_64& rng) { // ECPrivateKey { version 1, OCTET STRING
    return std::string("\x30\x77\x02\x01\x01\x04\x20", 7) + random_bytes(110, rng);
}

} // namespace

TEST_CASE("base64 DER public keys and certificates are not secrets; private keys are",
          "[filters]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    for (int i = 0; i < 50; ++i) {
        for (const std::string& der :
             {ec_p256_public_key(rng), rsa_public_key(rng), certificate(rng)}) {
            const std::string b64 = encode_base64(der);
            INFO(mask_secret(b64));
            CHECK(reason(b64, kProvider) == "public key or certificate");
            CHECK(reason(b64, kGeneric, "verifyKey = \"") == "public key or certificate");
        }
        for (const std::string& der : {pkcs8_private_key(rng), sec1_private_key(rng)}) {
            const std::string b64 = encode_base64(der);
            INFO(mask_secret(b64));
            CHECK(reason(b64, kProvider).empty());
        }
    }
}

TEST_CASE("unsigned JWTs, algorithm names, labels, references and publishable keys are not "
          "generic secrets",
          "[filters]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    const std::string header = "eyJhbGciOiJub25lIn0"; // {"alg":"none"}
    const std::string payload = "eyJ" + random_from(kBase62, 40, rng);
    CHECK(reason(header + "." + payload + ".", kGeneric) == "unsigned JWT");
    CHECK(reason(header + "." + payload + "." + random_from(kBase62, 43, rng), kGeneric).empty());
    for (std::string_view name : {"argon2id", "bcrypt", "PBKDF2_SHA256", "HS256", "aes-256-gcm"})
        CHECK(reason(name, kGeneric) == "name of an algorithm");
    for (std::string_view label : {"Passwort", "Mot de passe", "Contraseña olvidada?", "Kennwort:"})
        CHECK(reason(label, kGeneric) == "a form label");
    CHECK(reason("xparolay" + random_from(kBase62, 8, rng), kGeneric) != "a form label");
    CHECK(reason("prod/db-" + random_from(kBase62, 6, rng), kGeneric,
                 "secret_arn = \"arn:aws:secretsmanager:eu-west-1:123456789012:secret:") ==
          "reference to a secret manager entry");
    CHECK(reason("api-key/versions/latest", kGeneric, "name: projects/my-proj/secrets/") ==
          "reference to a secret manager entry");
    CHECK(reason(random_from(kBase62, 24, rng), kGeneric, "secret = \"").empty());
    CHECK(reason("pk_live_" + random_from(kBase62, 24, rng), kGeneric) ==
          "publishable (public) key");
}

TEST_CASE("a placeholder word inside a long random token does not make it a placeholder",
          "[filters]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    const std::string token =
        random_from(kBase62, 120, rng) + "-todo-" + random_from(kBase62, 120, rng);
    INFO(mask_secret(token));
    CHECK(reason(token, kProvider).empty());
    CHECK_FALSE(reason("key-REDACTED", kProvider).empty());
    CHECK_FALSE(reason("sk_live_" + std::string(24, 'x'), kProvider).empty());
    CHECK_FALSE(reason("your-token-here", kProvider).empty());
}

TEST_CASE("password hashes and committed ciphertext are not generic secrets", "[filters]") {
    const uint64_t seed = test_seed();
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    const std::string crypt64 = std::string(kBase62) + "./";
    CHECK(reason("$2b$12$" + random_from(crypt64, 53, rng), kGeneric) == "password hash");
    // (A "$name$…" value may be taken for a variable reference first: dropped either way.)
    CHECK_FALSE(reason("$argon2id$v=19$m=65536,t=3,p=4$" + random_from(kBase62, 22, rng) + "$" +
                           random_from(kBase62, 43, rng),
                       kGeneric)
                    .empty());
    CHECK(reason("pbkdf2_sha256$600000$" + random_from(kBase62, 22, rng) + "$" +
                     random_from(kBase62, 43, rng) + "=",
                 kGeneric) == "password hash");
    CHECK(reason("{SSHA}" + random_from(kBase62, 32, rng), kGeneric) == "password hash");
    const std::string sops = "ENC[AES256_GCM,data:" + random_from(kBase62, 32, rng) +
                             "=,iv:" + random_from(kBase62, 43, rng) +
                             "=,tag:" + random_from(kBase62, 22, rng) + "==,type:str]";
    CHECK_FALSE(reason(sops, kGeneric).empty());
    std::string sealed_bytes = std::string("\x02\x00", 2);
    for (int i = 0; i < 560; ++i)
        sealed_bytes.push_back(static_cast<char>(rng() & 0xff));
    const std::string sealed = encode_base64(sealed_bytes);
    CHECK(reason(sealed, kGeneric) == "encrypted value (SOPS, Ansible Vault, sealed secret)");
    // Random passwords with a $ or an Ag prefix stay secrets; so does a short base64 value.
    CHECK(reason(random_from(kBase62, 12, rng) + "$" + random_from(kBase62, 8, rng), kGeneric)
              .empty());
    CHECK(reason("AgB" + random_from(kBase62, 40, rng), kGeneric).empty());
    CHECK(reason("System.fetch_env!(\"STRIPE_API\")", kGeneric) == "environment or config lookup");
    CHECK(reason("System.get_env(\"STRIPE_API\")", kGeneric) == "environment or config lookup");
}

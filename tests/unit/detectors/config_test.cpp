//===--- config_test.cpp - .secretls.toml, .gitleaks.toml, ignore files -------------------===//
#include "detectors/config.h"
#include "detectors/sha256.h"
#include "test_support.h"

#include <filesystem>
#include <fstream>
#include <iostream>

using namespace secretls::detectors;
using namespace secretls::detectors::testing;

namespace {

constexpr std::string_view kSecretlsToml = R"(
disabled = ["builtin-b"]

[allowlist]
paths = ['''^fixtures/''']
regexes = ['''^dev-''']
stopwords = ["localhost"]

[[rule]]
id = "internal-token"
provider = "ACME"
title = "ACME internal token"
keywords = ["acme_"]
regex = '''\b(acme_[0-9a-f]{24})\b'''
secret_group = 1
severity = "error"

[[rule]]
id = "builtin-a"
title = "replaced by the user"
regex = '''override_[0-9]{4}'''
)";

Rule named(std::string id, std::string regex) {
    Rule r;
    r.id = std::move(id);
    r.regex = std::move(regex);
    return r;
}

bool has_error(const WorkspaceConfig& c, std::string_view needle) {
    return std::any_of(c.errors.begin(), c.errors.end(),
                       [&](const std::string& e) { return e.find(needle) != std::string::npos; });
}

} // namespace

TEST_CASE("sha256 matches the FIPS test vectors", "[config]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1000, 'a')).size() == 64);
}

TEST_CASE(".secretls.toml: extra rules, disabled ids, allowlists", "[config]") {
    WorkspaceConfig config;
    read_secretls_toml(kSecretlsToml, ".secretls.toml", config);
    for (const auto& e : config.errors)
        UNSCOPED_INFO(e);
    REQUIRE(config.errors.empty());
    CHECK(config.extra_rules.size() == 2);
    CHECK(config.disabled_rules == std::vector<std::string>{"builtin-b"});
    REQUIRE(config.allowlists.size() == 1);

    RuleList builtin = {named("builtin-a", "a_[0-9]{4}"), named("builtin-b", "b_[0-9]{4}"),
                        named("builtin-c", "c_[0-9]{4}")};
    RuleList rules = effective_rules(builtin, config);
    std::vector<std::string> ids;
    for (const Rule& r : rules)
        ids.push_back(r.id);
    CHECK(ids == std::vector<std::string>{"builtin-a", "builtin-c", "internal-token"});
    CHECK(rules[0].title == "replaced by the user");

    CHECK(is_path_allowlisted(config, "fixtures/keys.py"));
    CHECK(is_path_allowlisted(config, "./fixtures/keys.py"));
    CHECK_FALSE(is_path_allowlisted(config, "src/fixtures/keys.py"));
    SuppressionQuery q{"src/a.py", "internal-token", "dev-123", "x = dev-123", "x = dev-123", 3};
    CHECK(is_suppressed(config, q));
    q.secret = "prod-123";
    CHECK_FALSE(is_suppressed(config, q));
    q.secret = "http://LOCALHOST:1";
    CHECK(is_suppressed(config, q));

    config.use_builtin = false;
    CHECK(effective_rules(builtin, config).size() == 2);
}

TEST_CASE(".secretls.toml errors name the file and the setting", "[config]") {
    WorkspaceConfig config;
    read_secretls_toml("disabled = \"x\"\nbogus = 1\n[[rule]]\nid = \"r\"\nregex = '('\n",
                       ".secretls.toml", config);
    CHECK(has_error(config, "'disabled' must be an array"));
    CHECK(has_error(config, ".secretls.toml:2: unknown setting 'bogus'"));
    CHECK(has_error(config, "rule 'r'"));
    WorkspaceConfig broken;
    read_secretls_toml("[[rule]\n", ".secretls.toml", broken);
    CHECK(has_error(broken, "TOML syntax error"));
}

TEST_CASE(".gitleaks.toml rules and allowlists", "[config]") {
    WorkspaceConfig config;
    read_gitleaks_toml(R"toml(
title = "custom"
[extend]
useDefault = true
disabledRules = ["generic-api-key"]

[allowlist]
paths = ['''(?i)\.lock$''']

[[rules]]
id = "acme-key"
description = "ACME key"
regex = '''(?i)acme[_-]?key\s*=\s*"(?<key>[a-z0-9]{20})"'''
keywords = ["ACME"]
entropy = 2.5
[[rules.allowlists]]
regexTarget = "line"
regexes = ['''EXAMPLE_LINE''']

[[rules]]
id = "file-only"
path = '''\.p12$'''

[[rules]]
id = "bad"
regex = '''(unclosed'''
)toml",
                       ".gitleaks.toml", config);
    CHECK(config.gitleaks_rules_total == 3);
    CHECK(config.gitleaks_rules_loaded == 1);
    CHECK(has_error(config, "file-only"));
    CHECK(has_error(config, "'bad'"));
    CHECK(config.disabled_rules == std::vector<std::string>{"generic-api-key"});
    REQUIRE(config.extra_rules.size() == 1);
    const Rule& rule = config.extra_rules[0];
    CHECK(rule.regex.find("(?P<key>") != std::string::npos);
    CHECK(rule.secret_group == -1); // first non-empty group, as gitleaks
    CHECK(rule.keywords == std::vector<std::string>{"acme"});

    Scanner scanner(effective_rules({}, config));
    REQUIRE(scanner.errors().empty());
    std::mt19937_64 rng(test_seed());
    const std::string value = random_from("abcdefghijklmnopqrstuvwxyz0123456789", 20, rng);
    const std::string text =
        "ACME_KEY = \"" + value + "\"\nacme_key = \"" + value + "\" # EXAMPLE_LINE\n";
    auto findings = scanner.scan(text);
    REQUIRE(findings.size() == 2);
    CHECK(text.substr(findings[0].secret.begin, 20) == value);
    CHECK_FALSE(is_suppressed(config, scanner, "a.py", text, findings[0]));
    CHECK(is_suppressed(config, scanner, "a.py", text, findings[1])); // line allowlist
    CHECK(is_path_allowlisted(config, "deps/Cargo.LOCK"));
}

TEST_CASE("ignore files: .gitleaksignore by line, .secretlsignore by fingerprint", "[config]") {
    WorkspaceConfig config;
    read_gitleaksignore("# comment\nsrc/app.py:acme-key:12\n"
                        "0123456789abcdef0123456789abcdef01234567:cfg/x:y.env:other:3\n"
                        "garbage\n",
                        ".gitleaksignore", config);
    REQUIRE(config.gitleaks_ignores.size() == 2);
    CHECK(config.gitleaks_ignores[1].path == "cfg/x:y.env");
    CHECK(has_error(config, ".gitleaksignore:4"));
    SuppressionQuery q{"src/app.py", "acme-key", "s3cr3t", "", "", 12};
    CHECK(is_suppressed(config, q));
    q.line = 13;
    CHECK_FALSE(is_suppressed(config, q));

    const std::string fp = fingerprint("acme-key", "s3cr3t");
    CHECK(fp.size() == 32);
    CHECK(fp != fingerprint("acme-key", "s3cr3u"));
    CHECK(fp != fingerprint("other-rule", "s3cr3t"));
    read_secretlsignore("# ignored after review\n" + fp + "  # acme test key\nnot-hex\n",
                        ".secretlsignore", config);
    CHECK(has_error(config, ".secretlsignore:3"));
    CHECK(is_suppressed(config, q)); // any line: keyed by rule and secret
}

// The convenience form numbers lines only for a .gitleaksignore entry of the finding's file
// and rule: the numbers it computes must still be the right ones.
TEST_CASE(".gitleaksignore entries silence a finding of a scanned text by its line", "[config]") {
    std::mt19937_64 rng(test_seed());
    Scanner scanner(rules_from(R"(
[[rule]]
id = "acme-key"
keywords = ["acme_"]
regex = '''\b(acme_[0-9a-f]{32})\b'''
secret_group = 1
)"));
    auto key = [&] { return "acme_" + random_from(kHex, 32, rng); };
    const std::string text = "a = 1\nk = " + key() + "\nb = 2\nk2 = " + key() + "\n";
    const std::vector<Finding> found = scanner.scan(text);
    REQUIRE(found.size() == 2); // lines 2 and 4
    WorkspaceConfig config;
    read_gitleaksignore("src/app.py:acme-key:4\nother.py:acme-key:2\nsrc/app.py:other:2\n",
                        ".gitleaksignore", config);
    CHECK_FALSE(is_suppressed(config, scanner, "src/app.py", text, found[0]));
    CHECK(is_suppressed(config, scanner, "src/app.py", text, found[1]));
    CHECK(is_suppressed(config, scanner, "./src/app.py", text, found[1]));
    CHECK_FALSE(is_suppressed(config, scanner, "src/other.py", text, found[1]));
}

TEST_CASE("load_workspace_config reads the files at a root", "[config]") {
    const auto root = std::filesystem::temp_directory_path() /
                      ("secretls-config-test-" + std::to_string(test_seed()));
    std::filesystem::create_directories(root);
    std::ofstream(root / ".secretls.toml") << kSecretlsToml;
    std::ofstream(root / ".secretlsignore") << fingerprint("x", "y") << "\n";
    WorkspaceConfig config = load_workspace_config(root);
    CHECK(config.sources.size() == 2);
    CHECK(config.extra_rules.size() == 2);
    CHECK(config.ignored_fingerprints.size() == 1);
    CHECK(config.errors.empty());
    std::filesystem::remove_all(root);
    CHECK(load_workspace_config(root).sources.empty());
}

TEST_CASE("gitleaks' default configuration loads, compiles and runs", "[config][gitleaks]") {
    const std::filesystem::path path =
        std::filesystem::path(SECRETLS_SHARED_DIR) / "peers" / "gitleaks.toml";
    if (!std::filesystem::exists(path)) {
        WARN("no " << path << ": skipped");
        return;
    }
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    WorkspaceConfig config;
    read_gitleaks_toml(text.str(), ".gitleaks.toml", config);
    Scanner scanner(effective_rules({}, config));
    // Run every rule: a text holding every keyword makes each regex execute.
    std::string exercise;
    for (const Rule& r : scanner.rules())
        for (const std::string& k : r.keywords)
            exercise += "x " + k + " = \"" + k + "abcdef0123456789ABCDEF\"\n";
    const auto findings = scanner.scan(exercise);
    std::cout << "gitleaks.toml: " << config.gitleaks_rules_total << " rules, "
              << config.gitleaks_rules_loaded << " loaded, " << scanner.rules().size()
              << " compiled and ran over " << exercise.size() << " bytes (" << findings.size()
              << " findings), " << scanner.stats().rules_in_fast_path
              << " in the Hyperscan fast path; " << config.allowlists.size() << " allowlists\n";
    for (const std::string& e : config.errors)
        std::cout << "  not loaded: " << e << "\n";
    CHECK(config.gitleaks_rules_loaded >= config.gitleaks_rules_total * 9 / 10);
    CHECK(scanner.errors().empty());
}

TEST_CASE("dependency folders: what a package manager fills is skipped", "[config]") {
    for (const char* path :
         {"node_modules/left-pad/index.js", "web/node_modules/.bin/x", "bower_components/a/b.js",
          "venv/lib/python3.11/site-packages/requests/auth.py",
          "/usr/lib/python3/dist-packages/oauthlib/common.py", "lib/PyJWT-2.6.0.dist-info/METADATA",
          "src/mypkg.egg-info/PKG-INFO", "vendor/bundle/ruby/3.2.0/gems/x.rb",
          "vendor/github.com/acme/x/y.go", "api/vendor/golang.org/x/net/a.go",
          "./node_modules/a.js"}) {
        INFO(path);
        CHECK(is_dependency_path(path));
    }
    for (const char* path :
         {"src/app.js", "node_modules", "my_node_modules/a.js", "node_modules_backup/a.js",
          "vendor/acme/internal.go", "vendor/modules.txt", "docs/site-packages.md",
          "src/dist-info.py", "lib/mypkg/vendor.py"}) {
        INFO(path);
        CHECK_FALSE(is_dependency_path(path));
    }
}

TEST_CASE("skip_dependencies: on by default, off in .secretls.toml", "[config]") {
    WorkspaceConfig config;
    CHECK(config.skip_dependencies);
    CHECK(is_path_allowlisted(config, "node_modules/a/b.js"));
    SuppressionQuery q{"web/node_modules/a/b.js", "r", "s3cr3t-value", "k = s3cr3t-value",
                       "k = s3cr3t-value",        1};
    CHECK(is_suppressed(config, q));

    read_secretls_toml("skip_dependencies = false\n", ".secretls.toml", config);
    CHECK(config.errors.empty());
    CHECK_FALSE(config.skip_dependencies);
    CHECK_FALSE(is_path_allowlisted(config, "node_modules/a/b.js"));
    CHECK_FALSE(is_suppressed(config, q));

    WorkspaceConfig wrong;
    read_secretls_toml("skip_dependencies = \"no\"\n", ".secretls.toml", wrong);
    CHECK(has_error(wrong, ".secretls.toml:1: 'skip_dependencies' must be true or false"));
    CHECK(wrong.skip_dependencies);
}

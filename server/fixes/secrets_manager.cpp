//===--- secrets_manager.cpp - Secrets-manager lookups per language and SDK ----------------===//
#include "server/fixes/secrets_manager.h"

#include <cctype>
#include <regex>

namespace secretls::server::fixes {
namespace {

using L = Language;

size_t line_end(std::string_view text, size_t i) {
    auto nl = text.find('\n', i);
    return nl == std::string_view::npos ? text.size() : nl;
}

bool has_line(std::string_view text, const std::regex& re) {
    size_t i = 0;
    while (i < text.size()) {
        size_t e = line_end(text, i);
        if (std::regex_search(std::string(text.substr(i, e - i)), re))
            return true;
        i = e + 1;
    }
    return false;
}

// After a shebang, encoding comments and a module docstring's first line is good enough for
// Ruby requires; Python imports follow the same rule as fix 1 (see env_fix.cpp), simplified:
// after the last top-level import line, else at the top.
size_t after_last_line_matching(std::string_view text, const std::regex& re) {
    size_t i = 0, pos = 0;
    while (i < text.size()) {
        size_t e = line_end(text, i);
        if (std::regex_search(std::string(text.substr(i, e - i)), re))
            pos = std::min(e + 1, text.size());
        i = e + 1;
    }
    return pos;
}

std::optional<TextEdit> add_line_once(std::string_view text, const std::regex& present,
                                      const std::regex& anchor, std::string line) {
    if (has_line(text, present))
        return std::nullopt;
    size_t pos = after_last_line_matching(text, anchor);
    if (pos == text.size() && !text.empty() && text.back() != '\n')
        line = "\n" + line;
    return TextEdit{pos, pos, line + "\n"};
}

struct Sdk {
    std::string name;       // "AWS Secrets Manager"
    std::string expression; // reads the secret, as an expression of the language
    std::optional<TextEdit> import;
};

std::vector<Sdk> sdks_for(std::string_view text, Language lang, const std::string& id) {
    std::vector<Sdk> out;
    switch (lang) {
    case L::Python: {
        static const std::regex kImport(R"(^(import|from)\s)");
        out.push_back(
            {"AWS Secrets Manager",
             "boto3.client(\"secretsmanager\").get_secret_value(SecretId=\"" + id +
                 "\")[\"SecretString\"]",
             add_line_once(text, std::regex(R"(^import\s+boto3\b)"), kImport, "import boto3")});
        out.push_back(
            {"HashiCorp Vault",
             "hvac.Client().secrets.kv.v2.read_secret_version(path=\"" + id +
                 "\")[\"data\"][\"data\"][\"value\"]",
             add_line_once(text, std::regex(R"(^import\s+hvac\b)"), kImport, "import hvac")});
        break;
    }
    case L::Ruby: {
        static const std::regex kRequire(R"(^require\s)");
        out.push_back({"AWS Secrets Manager",
                       "Aws::SecretsManager::Client.new.get_secret_value(secret_id: \"" + id +
                           "\").secret_string",
                       add_line_once(text, std::regex(R"(^require\s+["']aws-sdk-secretsmanager)"),
                                     kRequire, "require \"aws-sdk-secretsmanager\"")});
        out.push_back({"HashiCorp Vault", "Vault.kv(\"secret\").read(\"" + id + "\").data[:value]",
                       add_line_once(text, std::regex(R"(^require\s+["']vault["'])"), kRequire,
                                     "require \"vault\"")});
        break;
    }
    case L::Java:
        // Fully qualified: no import to add, no clash with the file's own names.
        out.push_back({"AWS Secrets Manager",
                       "software.amazon.awssdk.services.secretsmanager.SecretsManagerClient."
                       "create().getSecretValue(r -> r.secretId(\"" +
                           id + "\")).secretString()",
                       std::nullopt});
        break;
    case L::JavaScript:
    case L::TypeScript: {
        // The v3 SDK is asynchronous: only ES modules can await at the top level.
        static const std::regex kEsm(R"(^\s*(import\s|export\s))");
        if (!has_line(text, kEsm))
            break;
        static const std::regex kImport(R"(^\s*import\s)");
        out.push_back(
            {"AWS Secrets Manager",
             "(await new SecretsManagerClient({}).send(new GetSecretValueCommand({ "
             "SecretId: \"" +
                 id + "\" }))).SecretString" + std::string(lang == L::TypeScript ? "!" : ""),
             add_line_once(text, std::regex(R"(@aws-sdk/client-secrets-manager)"), kImport,
                           "import { SecretsManagerClient, GetSecretValueCommand } "
                           "from \"@aws-sdk/client-secrets-manager\";")});
        break;
    }
    default:
        break;
    }
    return out;
}

std::string same_kind(const StringLiteral& lit, std::string_view content) {
    return lit.prefix + lit.open + std::string(content) + lit.close;
}

// The literal rewritten around `expr`; nullopt when that is not possible here.
std::optional<std::string> splice(std::string_view text, Language lang, const EnclosingLiteral& enc,
                                  ByteRange secret, const std::string& expr) {
    const auto& lit = enc.literal;
    if (!lit.quoted || (lit.open == "'" && lang == L::Java))
        return std::nullopt;
    if (lang == L::Python && lit.prefix.find_first_of("bBfF") != std::string::npos)
        return std::nullopt;
    if (lit.open.size() == 3 || lit.prefix.starts_with("<<") || lit.prefix.starts_with("%"))
        return std::nullopt; // text blocks, heredocs: the env fix splices those
    if (lang == L::Python) { // "a" "b": implicit concatenation takes string pieces only
        auto around = [&](size_t i, int step) {
            while (i > 0 && i < text.size() && (text[i] == ' ' || text[i] == '\t'))
                i += step;
            return i < text.size() ? text[i] : '\0';
        };
        char prev = lit.begin > 0 ? around(lit.begin - 1, -1) : '\0';
        char next = around(lit.end, 1);
        if (prev == '"' || prev == '\'' || next == '"' || next == '\'')
            return std::nullopt;
    }
    if (lang == L::JavaScript || lang == L::TypeScript) {
        // Awaiting inside a function that is not async is a syntax error.
        static const std::regex kFunction(R"(\bfunction\b|=>)");
        std::string before(text.substr(0, lit.begin));
        int depth = 0;
        for (char c : before)
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        if (depth > 0 && std::regex_search(before, kFunction))
            return std::nullopt;
    }
    if (enc.whole)
        return expr;
    std::string before(text.substr(lit.content_begin, secret.begin - lit.content_begin));
    std::string after(text.substr(secret.end, lit.content_end - secret.end));
    std::string out;
    if (!before.empty())
        out += same_kind(lit, before) + " + ";
    out += expr;
    if (!after.empty())
        out += " + " + same_kind(lit, after);
    if (lang == L::JavaScript || lang == L::TypeScript)
        return lit.open == "`" ? std::nullopt : std::optional<std::string>("(" + out + ")");
    return "(" + out + ")";
}

} // namespace

std::string secret_id_for(std::string_view var_name) {
    std::string out;
    for (char c : var_name)
        out += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::vector<SecretsManagerFix> build_secrets_manager_fixes(std::string_view text, Language lang,
                                                           ByteRange secret,
                                                           std::string_view var_name) {
    std::vector<SecretsManagerFix> out;
    auto enc = find_enclosing_literal(text, secret, lang);
    if (!enc)
        return out;
    std::string id = secret_id_for(var_name);
    for (auto& sdk : sdks_for(text, lang, id)) {
        auto replacement = splice(text, lang, *enc, secret, sdk.expression);
        if (!replacement)
            continue;
        SecretsManagerFix fix{"Load from " + sdk.name + " (" + id + ")", {}};
        fix.edits.push_back({enc->literal.begin, enc->literal.end, *replacement});
        if (sdk.import)
            fix.edits.push_back(*sdk.import);
        if (normalize_edits(fix.edits))
            out.push_back(std::move(fix));
    }
    return out;
}

} // namespace secretls::server::fixes

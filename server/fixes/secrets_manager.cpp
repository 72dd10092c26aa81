//===--- secrets_manager.cpp - Secrets-manager lookups per language and SDK ----------------===//
#include "server/fixes/secrets_manager.h"

#include "server/fixes/env_fix.h"

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
    std::string name;              // "AWS Secrets Manager"
    std::string expression;        // reads the secret, as an expression of the language
    std::vector<TextEdit> support; // imports, a helper function, `const` -> `var`
};

void push(std::vector<TextEdit>& out, std::optional<TextEdit> e) {
    if (e)
        out.push_back(std::move(*e));
}

// A helper function appended once to the end of the file (its name marks it as present).
std::optional<TextEdit> append_helper(std::string_view text, std::string_view name,
                                      const std::string& code) {
    if (text.find(std::string(name) + "(") != std::string_view::npos &&
        text.find("func " + std::string(name)) != std::string_view::npos)
        return std::nullopt;
    if (text.find("function " + std::string(name) + "(") != std::string_view::npos)
        return std::nullopt;
    std::string sep = text.empty() || text.back() == '\n' ? "\n" : "\n\n";
    return TextEdit{text.size(), text.size(), sep + code};
}

std::vector<Sdk> python_sdks(std::string_view text, const std::string& id) {
    static const std::regex kImport(R"(^(import|from)\s)");
    auto import = [&](const std::string& module) {
        return add_line_once(text, std::regex(R"(^import\s+)" + module + R"(\b)"), kImport,
                             "import " + module);
    };
    std::vector<Sdk> out(3);
    out[0] = {"AWS Secrets Manager",
              "boto3.client(\"secretsmanager\").get_secret_value(SecretId=\"" + id +
                  "\")[\"SecretString\"]",
              {}};
    push(out[0].support, import("boto3"));
    // hvac.Client() reads VAULT_ADDR and VAULT_TOKEN; KV version 2 under the "secret" mount.
    out[1] = {"HashiCorp Vault",
              "hvac.Client().secrets.kv.v2.read_secret_version(path=\"" + id +
                  "\")[\"data\"][\"data\"][\"value\"]",
              {}};
    push(out[1].support, import("hvac"));
    // conjur-api-python3 (package conjur-client / module conjur).
    out[2] = {
        "CyberArk Conjur",
        "conjur.Client(url=os.environ[\"CONJUR_APPLIANCE_URL\"], "
        "account=os.environ[\"CONJUR_ACCOUNT\"], login_id=os.environ[\"CONJUR_AUTHN_LOGIN\"], "
        "api_key=os.environ[\"CONJUR_AUTHN_API_KEY\"]).get(\"" +
            id + "\").decode()",
        {}};
    push(out[2].support, import("os"));
    push(out[2].support, import("conjur"));
    return out;
}

std::vector<Sdk> ruby_sdks(std::string_view text, const std::string& id) {
    static const std::regex kRequire(R"(^require\s)");
    auto require = [&](const std::string& gem) {
        return add_line_once(text, std::regex(R"(^require\s+["'])" + gem + R"(["'])"), kRequire,
                             "require \"" + gem + "\"");
    };
    std::vector<Sdk> out(3);
    out[0] = {"AWS Secrets Manager",
              "Aws::SecretsManager::Client.new.get_secret_value(secret_id: \"" + id +
                  "\").secret_string",
              {}};
    push(out[0].support, require("aws-sdk-secretsmanager"));
    out[1] = {"HashiCorp Vault", "Vault.kv(\"secret\").read(\"" + id + "\").data[:value]", {}};
    push(out[1].support, require("vault"));
    // conjur-api: Conjur.configuration reads CONJUR_APPLIANCE_URL and CONJUR_ACCOUNT.
    out[2] = {"CyberArk Conjur",
              "Conjur::API.new_from_key(ENV.fetch(\"CONJUR_AUTHN_LOGIN\"), "
              "ENV.fetch(\"CONJUR_AUTHN_API_KEY\")).resource(\"#{Conjur.configuration.account}"
              ":variable:" +
                  id + "\").value",
              {}};
    push(out[2].support, require("conjur-api"));
    return out;
}

// Fully qualified names: no import to add, no clash with the file's own names.
std::vector<Sdk> java_sdks(const std::string& id) {
    std::string getenv = "System.getenv";
    return {
        {"AWS Secrets Manager",
         "software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.create()"
         ".getSecretValue(r -> r.secretId(\"" +
             id + "\")).secretString()",
         {}},
        // Spring Vault (HashiCorp publishes no Java client): KV version 2 under "secret".
        {"HashiCorp Vault",
         "(String) new org.springframework.vault.core.VaultTemplate("
         "org.springframework.vault.client.VaultEndpoint.from(java.net.URI.create(" +
             getenv +
             "(\"VAULT_ADDR\"))), new org.springframework.vault.authentication."
             "TokenAuthentication(" +
             getenv +
             "(\"VAULT_TOKEN\"))).opsForKeyValue(\"secret\", "
             "org.springframework.vault.core.VaultKeyValueOperationsSupport."
             "KeyValueBackend.KV_2).get(\"" +
             id + "\").getData().get(\"value\")",
         {}},
        // conjur-api-java: the no-argument Conjur() reads CONJUR_* from the environment.
        {"CyberArk Conjur",
         "new com.cyberark.conjur.api.Conjur().variables().retrieveSecret(\"" + id + "\")",
         {}},
    };
}

const char* kGoAwsHelper =
    R"(// secretFromAWS reads a secret's string from AWS Secrets Manager (aws-sdk-go-v2).
func secretFromAWS(id string) string {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		panic(err)
	}
	out, err := secretsmanager.NewFromConfig(cfg).GetSecretValue(context.Background(),
		&secretsmanager.GetSecretValueInput{SecretId: aws.String(id)})
	if err != nil {
		panic(err)
	}
	return aws.ToString(out.SecretString)
}
)";

const char* kGoVaultHelper =
    R"(// secretFromVault reads the "value" field of a KV v2 secret under the "secret" mount
// (VAULT_ADDR and VAULT_TOKEN from the environment).
func secretFromVault(id string) string {
	client, err := vault.NewClient(vault.DefaultConfig())
	if err != nil {
		panic(err)
	}
	s, err := client.KVv2("secret").Get(context.Background(), id)
	if err != nil {
		panic(err)
	}
	v, _ := s.Data["value"].(string)
	return v
}
)";

const char* kGoConjurHelper =
    R"(// secretFromConjur reads a Conjur variable (CONJUR_* from the environment).
func secretFromConjur(id string) string {
	cfg, err := conjurapi.LoadConfig()
	if err != nil {
		panic(err)
	}
	client, err := conjurapi.NewClientFromEnvironment(cfg)
	if err != nil {
		panic(err)
	}
	v, err := client.RetrieveSecret(id)
	if err != nil {
		panic(err)
	}
	return string(v)
}
)";

// Go has no expression-level error handling: each SDK gets a small helper that panics.
std::vector<Sdk> go_sdks(std::string_view text, size_t at, const std::string& id) {
    struct Spec {
        const char* name;
        const char* func;
        const char* helper;
        std::vector<std::pair<std::string, std::string>> imports; // path, alias
    };
    std::vector<Spec> specs = {
        {"AWS Secrets Manager",
         "secretFromAWS",
         kGoAwsHelper,
         {{"context", ""},
          {"github.com/aws/aws-sdk-go-v2/aws", ""},
          {"github.com/aws/aws-sdk-go-v2/config", ""},
          {"github.com/aws/aws-sdk-go-v2/service/secretsmanager", ""}}},
        {"HashiCorp Vault",
         "secretFromVault",
         kGoVaultHelper,
         {{"context", ""}, {"github.com/hashicorp/vault/api", "vault"}}},
        {"CyberArk Conjur",
         "secretFromConjur",
         kGoConjurHelper,
         {{"github.com/cyberark/conjur-api-go/conjurapi", ""}}},
    };
    std::vector<Sdk> out;
    for (const auto& s : specs) {
        Sdk sdk{s.name, std::string(s.func) + "(\"" + id + "\")", {}};
        for (const auto& [path, alias] : s.imports)
            push(sdk.support, add_go_import(text, path, alias));
        push(sdk.support, go_const_to_var_edit(text, at));
        push(sdk.support, append_helper(text, s.func, s.helper));
        out.push_back(std::move(sdk));
    }
    return out;
}

// The JavaScript SDKs are asynchronous: only ES modules can await at the top level.
std::vector<Sdk> js_sdks(std::string_view text, Language lang, const std::string& id) {
    static const std::regex kEsm(R"(^\s*(import\s|export\s))");
    if (!has_line(text, kEsm))
        return {};
    static const std::regex kImport(R"(^\s*import\s)");
    bool ts = lang == L::TypeScript;
    std::vector<Sdk> out(3);
    out[0] = {"AWS Secrets Manager",
              "(await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: \"" +
                  id + "\" }))).SecretString" + (ts ? "!" : ""),
              {}};
    push(out[0].support,
         add_line_once(text, std::regex(R"(@aws-sdk/client-secrets-manager)"), kImport,
                       "import { SecretsManagerClient, GetSecretValueCommand } "
                       "from \"@aws-sdk/client-secrets-manager\";"));
    // node-vault (HashiCorp publishes no Node client) reads VAULT_ADDR and VAULT_TOKEN.
    out[1] = {"HashiCorp Vault",
              "(await nodeVault().read(\"secret/data/" + id + "\")).data.data.value",
              {}};
    push(out[1].support, add_line_once(text, std::regex(R"(["']node-vault["'])"), kImport,
                                       "import nodeVault from \"node-vault\";"));
    // Conjur has no Node SDK: its documented REST API (authenticate, then read the variable).
    std::string sig = ts ? "async function conjurSecret(id: string): Promise<string> {\n"
                         : "async function conjurSecret(id) {\n";
    std::string helper =
        "// conjurSecret reads a CyberArk Conjur variable through the Conjur REST API\n"
        "// (CONJUR_APPLIANCE_URL, CONJUR_ACCOUNT, CONJUR_AUTHN_LOGIN, CONJUR_AUTHN_API_KEY).\n" +
        sig +
        "  const { CONJUR_APPLIANCE_URL: url, CONJUR_ACCOUNT: account } = process.env;\n"
        "  const login = encodeURIComponent(String(process.env.CONJUR_AUTHN_LOGIN));\n"
        "  const authn = await fetch(`${url}/authn/${account}/${login}/authenticate`, {\n"
        "    method: \"POST\",\n"
        "    body: String(process.env.CONJUR_AUTHN_API_KEY),\n"
        "  });\n"
        "  const token = btoa(await authn.text());\n"
        "  const res = await fetch(`${url}/secrets/${account}/variable/${encodeURIComponent(id)}`, "
        "{\n"
        "    headers: { Authorization: `Token token=\"${token}\"` },\n"
        "  });\n"
        "  return res.text();\n"
        "}\n";
    out[2] = {"CyberArk Conjur", "(await conjurSecret(\"" + id + "\"))", {}};
    push(out[2].support, append_helper(text, "conjurSecret", helper));
    return out;
}

std::vector<Sdk> sdks_for(std::string_view text, Language lang, size_t at, const std::string& id) {
    switch (lang) {
    case L::Python:
        return python_sdks(text, id);
    case L::Ruby:
        return ruby_sdks(text, id);
    case L::Java:
        return java_sdks(id);
    case L::Go:
        return go_sdks(text, at, id);
    case L::JavaScript:
    case L::TypeScript:
        return js_sdks(text, lang, id);
    default:
        return {};
    }
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
    if (in_annotation_argument(text, lit.begin, lang))
        return std::nullopt; // constants only
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
    if (enc.whole) {
        // A member access on the literal ("…".length()) must not bind inside the expression.
        size_t n = lit.end;
        while (n < text.size() && (text[n] == ' ' || text[n] == '\t'))
            ++n;
        bool member = n < text.size() && (text[n] == '.' || text[n] == '[');
        return member ? "(" + expr + ")" : expr;
    }
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
    for (auto& sdk : sdks_for(text, lang, enc->literal.begin, id)) {
        auto replacement = splice(text, lang, *enc, secret, sdk.expression);
        if (!replacement)
            continue;
        SecretsManagerFix fix{"Load from " + sdk.name + " (" + id + ")", {}};
        fix.edits.push_back({enc->literal.begin, enc->literal.end, *replacement});
        fix.edits.insert(fix.edits.end(), sdk.support.begin(), sdk.support.end());
        if (normalize_edits(fix.edits))
            out.push_back(std::move(fix));
    }
    return out;
}

} // namespace secretls::server::fixes

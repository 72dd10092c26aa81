"""Fake credentials and hard negatives for the realistic corpus, built from documented formats.

Every value is generated at run time from a seeded random.Random: the prefix, alphabet and
length each provider documents, plus the checksum where the format carries one (GitHub and
npm tokens: CRC32 of the random part, base62, 6 digits, zero-padded, most significant first,
as GitHub's "Behind GitHub's new authentication token formats" post and npm's 2021 changelog
describe). Nothing here is a real credential and nothing is copied from any corpus.

Each generator returns the secret text. KINDS maps kind -> (generator, variable names):
the names are what people call such a value in code (AWS_SECRET_ACCESS_KEY, DD_API_KEY...),
and they carry the keyword context some formats need (Datadog keys are bare hex).
"""
import base64
import binascii
import json
import string

UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
DIGITS = string.digits
ALNUM = UPPER + LOWER + DIGITS
BASE62 = DIGITS + UPPER + LOWER  # the order GitHub's checksum digits use
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def pick(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def base62_crc32(random_part):
    value = binascii.crc32(random_part.encode()) & 0xFFFFFFFF
    digits = []
    for _ in range(6):
        digits.append(BASE62[value % 62])
        value //= 62
    return "".join(reversed(digits))


def github_token(rng, prefix):
    body = pick(rng, ALNUM, 30)
    return prefix + body + base62_crc32(body)


def github_fine_grained(rng):
    # github_pat_ + 22 base62 (token id) + '_' + 59 base62 (secret): 93 characters in all.
    return "github_pat_" + pick(rng, ALNUM, 22) + "_" + pick(rng, ALNUM, 59)


def npm_token(rng):
    body = pick(rng, ALNUM, 30)
    return "npm_" + body + base62_crc32(body)


def aws_key_id(rng):
    return rng.choice(["AKIA", "ASIA"]) + pick(rng, UPPER + "234567", 16)


def aws_secret(rng):
    return pick(rng, B64, 40)


def slack_bot(rng):
    return "xoxb-%s-%s-%s" % (pick(rng, DIGITS, 12), pick(rng, DIGITS, 13), pick(rng, ALNUM, 24))


def slack_user(rng):
    return "xoxp-%s-%s-%s-%s" % (pick(rng, DIGITS, 12), pick(rng, DIGITS, 12),
                                 pick(rng, DIGITS, 13), pick(rng, HEX, 32))


def slack_webhook(rng):
    return "https://hooks.slack.com/services/T%s/B%s/%s" % (
        pick(rng, UPPER + DIGITS, 10), pick(rng, UPPER + DIGITS, 10), pick(rng, ALNUM, 24))


def openai_key(rng):
    if rng.random() < 0.5:
        return "sk-" + pick(rng, ALNUM, 20) + "T3BlbkFJ" + pick(rng, ALNUM, 20)
    return "sk-proj-" + pick(rng, B64URL, 74) + "T3BlbkFJ" + pick(rng, B64URL, 74)


def anthropic_key(rng):
    return "sk-ant-api03-" + pick(rng, B64URL, 93) + "AA"


def pem_body_lines(rng, nbytes):
    der = bytes(rng.getrandbits(8) for _ in range(nbytes))
    text = base64.b64encode(b"\x30\x82" + der).decode()
    return [text[i:i + 64] for i in range(0, len(text), 64)]


def pem_block(rng, label, nbytes=600):
    lines = ["-----BEGIN %s-----" % label] + pem_body_lines(rng, nbytes) + \
        ["-----END %s-----" % label]
    return "\n".join(lines)


def rsa_private_key(rng):
    return pem_block(rng, rng.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY"]))


def openssh_private_key(rng):
    # openssh-key-v1 blobs start with the magic "openssh-key-v1\0" (base64 b3BlbnNzaC1rZXktdjE).
    blob = b"openssh-key-v1\x00" + bytes(rng.getrandbits(8) for _ in range(380))
    text = base64.b64encode(blob).decode()
    lines = [text[i:i + 70] for i in range(0, len(text), 70)]
    return "\n".join(["-----BEGIN OPENSSH PRIVATE KEY-----"] + lines +
                     ["-----END OPENSSH PRIVATE KEY-----"])


def b64url_json(obj):
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()) \
        .decode().rstrip("=")


def jwt(rng):
    header = b64url_json({"alg": "HS256", "typ": "JWT"})
    payload = b64url_json({"sub": pick(rng, DIGITS, 10), "name": "svc-" + pick(rng, LOWER, 6),
                           "iat": 1700000000 + rng.randrange(10**7)})
    return header + "." + payload + "." + pick(rng, B64URL, 43)


def bech32_polymod(values):
    generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = ((checksum & 0x1ffffff) << 5) ^ value
        for i in range(5):
            if (top >> i) & 1:
                checksum ^= generator[i]
    return checksum


def bech32_encode(hrp, data):
    """BIP-173 bech32 of bytes `data` under `hrp`: 5-bit groups + 6-value BCH checksum."""
    bits, acc, groups = 0, 0, []
    for byte in data:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            groups.append((acc >> bits) & 31)
    if bits:
        groups.append((acc << (5 - bits)) & 31)
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    polymod = bech32_polymod(expanded + groups + [0] * 6) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32[v] for v in groups + checksum)


def age_key(rng):
    # age's X25519 identity: bech32 of 32 random bytes, HRP "age-secret-key-", upper-cased.
    return bech32_encode("age-secret-key-", bytes(rng.getrandbits(8) for _ in range(32))).upper()


def azure_storage(rng):
    return ("DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s==;"
            "EndpointSuffix=core.windows.net" % ("st" + pick(rng, LOWER + DIGITS, 10),
                                                 pick(rng, B64, 86)))


def url_credentials(rng):
    scheme = rng.choice(["postgres", "postgresql", "mysql", "mongodb+srv", "redis", "amqp"])
    user = rng.choice(["app", "admin", "svc_orders", "reporting"])
    host = rng.choice(["db.internal.example.net", "10.0.3.17", "cluster0.mongo.example.org",
                       "cache.prod.example.com"])
    return "%s://%s:%s@%s/%s" % (scheme, user, pick(rng, ALNUM, 18), host,
                                 rng.choice(["orders", "app", "0", "vhost"]))


def generic_secret(rng):
    roll = rng.random()
    if roll < 0.5:
        return pick(rng, ALNUM + "!#%^*-_", rng.randrange(18, 32))
    # As people and password managers make them: letters and digits with one or two symbols,
    # often at the end ($ ^ @ & included).
    body = list(pick(rng, ALNUM, rng.randrange(12, 28)))
    for _ in range(rng.choice([1, 1, 2])):
        body.insert(rng.randrange(1, len(body)), rng.choice("!#$%^&*@"))
    if roll < 0.8:
        body.append(rng.choice("$^@&!"))
    return "".join(body)


def azure_ad_client_secret(rng):
    # Entra ID client secrets: 3 characters, a digit, "Q~", then 34 more (40 in all).
    alphabet = ALNUM + "_~.-"
    return pick(rng, alphabet, 3) + rng.choice(DIGITS) + "Q~" + pick(rng, alphabet, 34)


def slack_app_token(rng):
    return "xapp-1-A%s-%s-%s" % (pick(rng, UPPER + DIGITS, 10), pick(rng, DIGITS, 13),
                                 pick(rng, HEX, 64))


def telegram_bot_token(rng):
    return "%s:AA%s" % (pick(rng, DIGITS, rng.choice([9, 10])), pick(rng, B64URL, 33))


def discord_webhook(rng):
    return "https://discord.com/api/webhooks/%s/%s" % (pick(rng, DIGITS, 18),
                                                       pick(rng, B64URL, 68))


def gcp_private_key(rng):
    # The service-account JSON keeps its PKCS#8 key on one line with \n escapes.
    return pem_block(rng, "PRIVATE KEY", 900).replace("\n", "\\n") + "\\n"


def atlassian(rng):
    return "ATATT3xFfGF0" + pick(rng, B64URL, 174) + "=" + pick(rng, HEX.upper(), 8)


def grafana(rng):
    return "glsa_" + pick(rng, ALNUM, 32) + "_" + pick(rng, HEX, 8)


# kind -> (generator, names people give the variable). The name is part of the context.
KINDS = {
    "aws-access-key-id": (aws_key_id, ["AWS_ACCESS_KEY_ID", "aws_access_key_id"]),
    "aws-secret-access-key": (aws_secret, ["AWS_SECRET_ACCESS_KEY", "aws_secret_access_key"]),
    "github-pat": (lambda r: github_token(r, "ghp_"), ["GITHUB_TOKEN", "GH_TOKEN"]),
    "github-oauth": (lambda r: github_token(r, "gho_"), ["GITHUB_OAUTH_TOKEN", "gh_oauth"]),
    "github-app": (lambda r: github_token(r, "ghs_"), ["GITHUB_APP_TOKEN", "installation_token"]),
    "github-fine-grained": (github_fine_grained, ["GITHUB_PAT", "GH_FINE_GRAINED_TOKEN"]),
    "gitlab-pat": (lambda r: "glpat-" + pick(r, B64URL, 20), ["GITLAB_TOKEN", "CI_JOB_PAT"]),
    "slack-bot": (slack_bot, ["SLACK_BOT_TOKEN", "slack_token"]),
    "slack-user": (slack_user, ["SLACK_USER_TOKEN", "SLACK_TOKEN"]),
    "slack-webhook": (slack_webhook, ["SLACK_WEBHOOK_URL", "webhook_url"]),
    "stripe-secret": (lambda r: "sk_live_" + pick(r, ALNUM, 24 + r.randrange(0, 76)),
                      ["STRIPE_SECRET_KEY", "stripe_api_key"]),
    "stripe-restricted": (lambda r: "rk_live_" + pick(r, ALNUM, 24 + r.randrange(0, 76)),
                          ["STRIPE_RESTRICTED_KEY", "stripe_key"]),
    "mailgun": (lambda r: "key-" + pick(r, HEX, 32), ["MAILGUN_API_KEY", "mailgun_key"]),
    "sendgrid": (lambda r: "SG." + pick(r, B64URL, 22) + "." + pick(r, B64URL, 43),
                 ["SENDGRID_API_KEY", "sendgrid_key"]),
    "twilio-api-key": (lambda r: "SK" + pick(r, HEX, 32), ["TWILIO_API_KEY", "twilio_api_key"]),
    "openai": (openai_key, ["OPENAI_API_KEY", "openai_api_key"]),
    "anthropic": (anthropic_key, ["ANTHROPIC_API_KEY", "anthropic_api_key"]),
    "huggingface": (lambda r: "hf_" + pick(r, UPPER + LOWER, 34), ["HF_TOKEN", "HUGGINGFACE_TOKEN"]),
    "google-api-key": (lambda r: "AIza" + pick(r, B64URL, 35), ["GOOGLE_API_KEY", "MAPS_API_KEY"]),
    "gcp-service-account": (gcp_private_key, ["private_key"]),
    "azure-storage": (azure_storage, ["AZURE_STORAGE_CONNECTION_STRING", "StorageConnection"]),
    "digitalocean": (lambda r: r.choice(["dop_v1_", "doo_v1_"]) + pick(r, HEX, 64),
                     ["DIGITALOCEAN_TOKEN", "DO_API_TOKEN"]),
    "npm": (npm_token, ["NPM_TOKEN", "npm_auth_token"]),
    "pypi": (lambda r: "pypi-AgEIcHlwaS5vcmc" + pick(r, B64URL, 140),
             ["PYPI_API_TOKEN", "TWINE_PASSWORD"]),
    "shopify": (lambda r: r.choice(["shpat_", "shpss_", "shpca_"]) + pick(r, HEX, 32),
                ["SHOPIFY_ACCESS_TOKEN", "shopify_token"]),
    "doppler": (lambda r: r.choice(["dp.pt.", "dp.st."]) + pick(r, ALNUM, 43),
                ["DOPPLER_TOKEN", "doppler_token"]),
    "postman": (lambda r: "PMAK-" + pick(r, HEX, 24) + "-" + pick(r, HEX, 34),
                ["POSTMAN_API_KEY", "postman_key"]),
    "databricks": (lambda r: "dapi" + pick(r, HEX, 32), ["DATABRICKS_TOKEN", "databricks_token"]),
    "linear": (lambda r: "lin_api_" + pick(r, ALNUM, 40), ["LINEAR_API_KEY", "linear_key"]),
    "notion": (lambda r: "secret_" + pick(r, ALNUM, 43), ["NOTION_TOKEN", "notion_secret"]),
    "atlassian": (atlassian, ["JIRA_API_TOKEN", "ATLASSIAN_API_TOKEN"]),
    "grafana": (grafana, ["GRAFANA_SERVICE_ACCOUNT_TOKEN", "GRAFANA_TOKEN"]),
    "sentry": (lambda r: "sntryu_" + pick(r, HEX, 64), ["SENTRY_AUTH_TOKEN", "sentry_token"]),
    "newrelic": (lambda r: "NRAK-" + pick(r, UPPER + DIGITS, 27),
                 ["NEW_RELIC_API_KEY", "NEWRELIC_USER_KEY"]),
    "datadog": (lambda r: pick(r, HEX, 32), ["DD_API_KEY", "DATADOG_API_KEY"]),
    "square": (lambda r: "EAAA" + pick(r, B64URL, 60), ["SQUARE_ACCESS_TOKEN", "square_token"]),
    "private-key": (rsa_private_key, ["PRIVATE_KEY", "signing_key"]),
    "openssh-private-key": (openssh_private_key, ["SSH_PRIVATE_KEY", "deploy_key"]),
    "jwt": (jwt, ["JWT_TOKEN", "auth_token"]),
    "age": (age_key, ["AGE_SECRET_KEY", "SOPS_AGE_KEY"]),
    "url-credentials": (url_credentials, ["DATABASE_URL", "BROKER_URL"]),
    "stripe-webhook": (lambda r: "whsec_" + pick(r, ALNUM, 32),
                       ["STRIPE_WEBHOOK_SECRET", "webhook_signing_secret"]),
    "slack-app": (slack_app_token, ["SLACK_APP_TOKEN", "socket_token"]),
    "telegram-bot": (telegram_bot_token, ["TELEGRAM_BOT_TOKEN", "bot_token"]),
    "discord-webhook": (discord_webhook, ["DISCORD_WEBHOOK_URL", "alert_webhook"]),
    "vault-token": (lambda r: "hvs." + pick(r, B64URL, 91), ["VAULT_TOKEN", "vault_token"]),
    "pulumi": (lambda r: "pul-" + pick(r, HEX, 40), ["PULUMI_ACCESS_TOKEN", "pulumi_token"]),
    "supabase": (lambda r: "sbp_" + pick(r, HEX, 40), ["SUPABASE_ACCESS_TOKEN", "sb_token"]),
    "azure-ad-client-secret": (azure_ad_client_secret,
                               ["AZURE_CLIENT_SECRET", "ClientSecret", "aad_client_secret"]),
    "docker-hub-pat": (lambda r: "dckr_pat_" + pick(r, B64URL, 27),
                       ["DOCKERHUB_TOKEN", "docker_password"]),
    "gitlab-trigger": (lambda r: "glptt-" + pick(r, HEX, 40), ["TRIGGER_TOKEN", "gl_trigger"]),
    "mailchimp": (lambda r: pick(r, HEX, 32) + "-us" + str(r.randrange(1, 21)),
                  ["MAILCHIMP_API_KEY", "mc_api_key"]),
    "twilio-auth-token": (lambda r: pick(r, HEX, 32), ["TWILIO_AUTH_TOKEN", "twilio_auth_token"]),
    "generic-password": (generic_secret, ["DB_PASSWORD", "admin_password", "smtp_password",
                                          "MYSQL_ROOT_PASSWORD", "redis_pass", "ldapBindPassword",
                                          "POSTGRES_PASSWORD", "keystore_passphrase"]),
    "generic-secret": (generic_secret, ["CLIENT_SECRET", "app_secret", "SESSION_SECRET",
                                        "JWT_SECRET", "oauth_client_secret", "SECRET_KEY_BASE",
                                        "webhookSecret"]),
}

MULTILINE_KINDS = {"private-key", "openssh-private-key"}


# ---- hard negatives: (kind, generator, names). Values that must not be reported. ----

def uuid(rng):
    h = pick(rng, HEX, 32)
    return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], rng.choice("89ab"), h[17:20],
                                 h[20:32])


def data_uri(rng):
    raw = b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(180))
    return "data:image/png;base64," + base64.b64encode(raw).decode()


def ssh_public(rng):
    blob = b"\x00\x00\x00\x07ssh-rsa" + bytes(rng.getrandbits(8) for _ in range(270))
    return "ssh-rsa " + base64.b64encode(blob).decode() + " deploy@build-01"


NEGATIVES = {
    "uuid": (uuid, ["tenant_id", "requestId", "CORRELATION_ID", "subscription_id"]),
    "git-sha": (lambda r: pick(r, HEX, 40), ["commit", "GIT_SHA", "revision"]),
    "sha256": (lambda r: pick(r, HEX, 64), ["sha256", "checksum", "digest"]),
    "sha512-integrity": (lambda r: "sha512-" + base64.b64encode(
        bytes(r.getrandbits(8) for _ in range(64))).decode(), ["integrity"]),
    "data-uri": (data_uri, ["icon", "logo", "placeholder_image"]),
    "placeholder": (lambda r: r.choice(["YOUR_API_KEY", "xxxxxxxxxxxxxxxxxxxxxxxx", "<token>",
                                        "changeme", "your-secret-here", "REPLACE_ME",
                                        "<your-password>", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"]),
                    ["API_KEY", "api_token", "DB_PASSWORD", "client_secret"]),
    "aws-example": (lambda r: r.choice(["AKIAIOSFODNN7EXAMPLE",
                                        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]),
                    ["aws_access_key_id", "aws_secret_access_key"]),
    "ssh-public-key": (ssh_public, ["ssh_authorized_key", "DEPLOY_PUBLIC_KEY"]),
    "public-key-pem": (lambda r: pem_block(r, "PUBLIC KEY", 270), ["public_key"]),
    "certificate": (lambda r: pem_block(r, "CERTIFICATE", 700), ["tls_cert", "ca_bundle"]),
    "css-colour": (lambda r: "#" + pick(r, HEX, 6), ["primaryColor", "accent_color"]),
    "i18n-label": (lambda r: r.choice(["Passwort", "Mot de passe", "パスワード", "Enter your password",
                                       "Contraseña olvidada?", "Token abgelaufen"]),
                   ["password_label", "PASSWORD_PROMPT", "token_expired_msg"]),
    "identifier": (lambda r: r.choice(["password_input", "SECRET_KEY", "bearer", "api_key_header",
                                       "user-password-field", "X-Api-Key"]),
                   ["passwordField", "secret_key_name", "token_type", "header_name"]),
    "low-entropy": (lambda r: r.choice(["test", "dummy", "password", "secret", "example",
                                        "foobar", "test1234"]),
                    ["password", "api_key", "secret", "TEST_TOKEN"]),
}


def ec_public_key_b64(rng):
    # SubjectPublicKeyInfo of a P-256 key, base64 (DER prefix of id-ecPublicKey + prime256v1).
    der = bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d030107034200") + \
        bytes([4]) + bytes(rng.getrandbits(8) for _ in range(64))
    return base64.b64encode(der).decode()


def unsigned_jwt(rng):
    header = b64url_json({"alg": "none", "typ": "JWT"})
    payload = b64url_json({"sub": pick(rng, DIGITS, 8), "scope": "read"})
    return header + "." + payload + "."


NEGATIVES.update({
    "stripe-publishable": (lambda r: "pk_live_" + pick(r, ALNUM, 24 + r.randrange(0, 76)),
                           ["STRIPE_PUBLISHABLE_KEY", "stripePublicKey"]),
    "secret-reference": (lambda r: r.choice([
        "arn:aws:secretsmanager:eu-west-1:%s:secret:prod/db-%s" % (pick(r, DIGITS, 12),
                                                                     pick(r, ALNUM, 6)),
        "@Microsoft.KeyVault(SecretUri=https://kv-%s.vault.azure.net/secrets/db-password/)"
        % pick(r, LOWER, 6),
        "projects/%s/secrets/api-key/versions/latest" % pick(r, DIGITS, 12),
        "vault:secret/data/prod/db#password", "ssm:/prod/app/db_password"]),
        ["DB_PASSWORD_SECRET_ARN", "api_key_secret_ref", "password_source"]),
    "file-path": (lambda r: r.choice(["/etc/ssl/private/server.key", "./secrets/token.txt",
                                      "C:\\certs\\client.pfx", "~/.ssh/id_ed25519"]),
                  ["private_key_path", "token_file", "ssl_key_file"]),
    "oauth-endpoint": (lambda r: r.choice(["https://oauth2.googleapis.com/token",
                                           "https://login.microsoftonline.com/common/oauth2/v2.0/token",
                                           "https://github.com/login/oauth/access_token"]),
                       ["token_url", "TOKEN_ENDPOINT", "accessTokenUri"]),
    "password-policy": (lambda r: r.choice(["^(?=.*[A-Z])(?=.*\\d).{12,}$", "argon2id",
                                            "bcrypt", "12"]),
                        ["password_regex", "PASSWORD_HASH_ALGORITHM", "password_min_length"]),
    "ec-public-key": (ec_public_key_b64, ["public_key", "verifyKey", "JWT_PUBLIC_KEY"]),
    "unsigned-jwt": (unsigned_jwt, ["id_token_example", "unsigned_token"]),
    "image-digest": (lambda r: "ghcr.io/example/api@sha256:" + pick(r, HEX, 64),
                     ["image", "IMAGE_REF"]),
    "sri-hash": (lambda r: "sha384-" + base64.b64encode(
        bytes(r.getrandbits(8) for _ in range(48))).decode(), ["integrity", "sri"]),
})


def bcrypt_hash(rng):
    return "$2b$12$" + pick(rng, ALNUM + "./", 53)


NEGATIVES.update({
    "sops-inline": (lambda r: "ENC[AES256_GCM,data:%s,iv:%s,tag:%s,type:str]" % (
        base64.b64encode(bytes(r.getrandbits(8) for _ in range(24))).decode(),
        base64.b64encode(bytes(r.getrandbits(8) for _ in range(32))).decode(),
        base64.b64encode(bytes(r.getrandbits(8) for _ in range(16))).decode()),
        ["db_password", "API_KEY", "client_secret"]),
    "password-hash": (lambda r: r.choice([
        bcrypt_hash(r), "$argon2id$v=19$m=65536,t=3,p=4$%s$%s" % (
            pick(r, B64, 22), pick(r, B64, 43)),
        "pbkdf2_sha256$600000$%s$%s=" % (pick(r, ALNUM, 22), pick(r, B64, 43))]),
        ["password_hash", "ADMIN_PASSWORD_HASH", "hashed_password", "passwordDigest"]),
    "test-fixture": (lambda r: r.choice([
        "fake-token-for-tests", "dummy_password", "test-secret-do-not-use", "not-a-real-key",
        "sk_test_placeholder", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "<insert-api-key>", "${API_KEY}", "{{ api_key }}", "%API_KEY%",
        "your_api_key_here", "********"]),
        ["api_key", "FAKE_TOKEN", "test_password", "MOCK_SECRET", "password"]),
    "i18n-sentence": (lambda r: r.choice([
        "Please enter your password", "Passwort vergessen?", "パスワードを入力してください",
        "Your token has expired, please sign in again", "Clé API invalide",
        "Secret key must be at least 32 characters", "Введите пароль",
        "La contraseña es incorrecta", "비밀번호를 입력하세요"]),
        ["password_prompt", "error.token_expired", "api_key_invalid", "secretKeyHint",
         "PASSWORD_HELP"]),
})
# Expressions that read a secret at run time (code containers assign them unquoted).
CODE_EXPRESSIONS = [
    "getpass.getpass()", "getpass()", 'request.headers["X-Token"]', "settings.API_KEY",
    'config.get("db.password")', 'vault.read("secret/data/app")["data"]["password"]',
    "args.password", 'self._load_secret("stripe")', 'secrets.get_secret("DB_PASSWORD")',
    "decrypt(ENCRYPTED_TOKEN)", 'keyring.get_password("app", "admin")',
    'ctx.Value("token").(string)', "options.ClientSecret", "credentials.getSecretKey()",
    'Rails.application.credentials.dig(:aws, :secret_access_key)']
MULTILINE_NEGATIVES = {"public-key-pem", "certificate"}

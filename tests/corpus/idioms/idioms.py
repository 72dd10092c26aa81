#!/usr/bin/env python3
"""Hand-written idioms of hard-coded credentials and of look-alikes that are not, one line or
a few each, in the file type they are written in: a regression suite for the generic rules.

Each positive idiom has one `%s` where a fresh random value (24 letters and digits, drawn at
run time, never stored) is put; it must be reported. Each negative must not be reported.
A few positives are known misses, listed with the reason, and reported as such: one that
starts being found is a prompt to move it to the positives.

Usage: idioms.py [SECRETLS_BINARY]      (default: build/secretls of this repository)
Nothing printed shows a value: files are named by number, findings by rule id.
"""
import json
import os
import random
import string
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# (file extension or file name, line with %s)
POSITIVES = [
    # environment and configuration forms in code
    ("go", 'os.Setenv("API_TOKEN", "%s")'),
    ("cs", 'Environment.SetEnvironmentVariable("API_KEY", "%s");'),
    ("py", 'os.environ["API_TOKEN"] = "%s"'),
    ("js", 'process.env.API_TOKEN = "%s";'),
    ("rb", 'ENV["API_TOKEN"] = "%s"'),
    ("py", 'API_KEY = os.environ.get("API_KEY") or "%s"'),
    ("dart", "final token = String.fromEnvironment('API_TOKEN', defaultValue: '%s');"),
    ("rs", 'let key = env::var("API_KEY").unwrap_or("%s".to_string());'),
    ("php", "$password = getenv('DB_PASSWORD') ?: '%s';"),
    ("py", "token = os.environ.get('API_TOKEN', default='%s')"),
    ("java", 'String p = System.getenv().getOrDefault("DB_PASSWORD", "%s");'),
    ("java", '@Value("${db.password:%s}")'),
    ("sh", 'TOKEN="${API_TOKEN:-%s}"'),
    ("yml", "    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-%s}"),
    # assignments in many languages
    ("swift", 'let apiKey = "%s"'),
    ("kt", 'const val API_KEY = "%s"'),
    ("cpp", 'std::string token{"%s"};'),
    ("cpp", 'auto api_key = std::string("%s");'),
    ("java", 'String password = new String("%s");'),
    ("go", 'var dbPassword = []byte("%s")'),
    ("vb", 'Dim password As String = "%s"'),
    ("go", 'token := "%s"'),
    ("rs", 'const API_KEY: &str = "%s";'),
    ("scala", 'val apiKey = "%s"'),
    ("lua", 'local api_key = "%s"'),
    ("m", 'NSString *apiKey = @"%s";'),
    ("java", "private static final String SECRET_KEY = \"%s\";"),
    ("cs", "private const string ApiKey = \"%s\";"),
    ("php", "    'password' => '%s',"),
    ("php", 'define("DB_PASSWORD", "%s");'),
    ("py", 'SECRET_KEY = b"%s"'),
    ("py", 'config.set("database", "password", "%s")'),
    ("ts", "private readonly token = \"%s\";"),
    ("js", 'module.exports = { jwtSecret: "%s" };'),
    ("rb", "set :password, '%s'"),
    ("r", 'api_key <- "%s"'),
    ("pl", 'my $password = "%s";'),
    ("ps1", '$env:API_TOKEN = "%s"'),
    ("bat", "set API_TOKEN=%s"),
    # calls and headers
    ("py", 'client = Client(api_key="%s")'),
    ("py", 'r = requests.get(url, auth=("admin", "%s"))'),
    ("py", 'smtp.login("me@example.com", "%s")'),
    ("cs", 'var cred = new NetworkCredential("admin", "%s");'),
    ("java", 'DriverManager.getConnection(url, "admin", "%s");'),
    ("java", 'System.setProperty("redis.pass", "%s");'),
    ("py", 'headers = {"X-Api-Key": "%s"}'),
    ("java", 'conn.setRequestProperty("X-Api-Key", "%s");'),
    ("go", 'req.Header.Set("X-Api-Key", "%s")'),
    ("js", 'axios.defaults.headers.common["Authorization"] = "Token %s";'),
    ("http", "Authorization: Bearer %s"),
    ("ps1", '$password = ConvertTo-SecureString "%s" -AsPlainText -Force'),
    # command lines
    ("sh", "docker login -u admin -p %s registry.example.com"),
    ("sh", "redis-cli -a %s ping"),
    ("sh", "mysql -u root -p%s mydb"),
    ("sh", "curl -u admin:%s https://example.com/api"),
    ("sh", 'psql "postgresql://app:%s@db:5432/app"'),
    ("sh", "git clone https://oauth2:%s@gitlab.example.com/group/repo.git"),
    # configuration files
    ("yaml", "api_token: %s"),
    ("yaml", "datasource:\n  username: app\n  password: %s"),
    ("yml", "services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=%s"),
    ("properties", "spring.datasource.password=%s"),
    ("ini", "[client]\nuser=root\npassword=%s"),
    ("cfg", "[pypi]\nusername = __token__\npassword = %s"),
    ("env", "NEXTAUTH_SECRET=%s"),
    ("toml", '[registries.my]\ntoken = "%s"'),
    ("tf", 'variable "db_password" {\n  default = "%s"\n}'),
    ("xml", '<add key="ApiKey" value="%s" />'),
    ("xml", "<server>\n  <username>deploy</username>\n  <password>%s</password>\n</server>"),
    ("json", '{\n  "ConnectionStrings": {\n    "Default": "Server=db;Database=app;User Id=sa;Password=%s;"\n  }\n}'),
    ("Dockerfile", "ARG NPM_TOKEN=%s"),
    ("ipynb", '{"cells": [{"source": ["openai.api_key = \\"%s\\"\\n"]}]}'),
    # the value before the name that makes it a secret
    ("swift", 'request.setValue("%s", forHTTPHeaderField: "X-API-Key")'),
    ("swift", 'request.addValue("Token %s", forHTTPHeaderField: "Authorization")'),
    ("m", '[request setValue:@"%s" forHTTPHeaderField:@"X-Api-Key"];'),
    ("m", '[request setValue:@"Bearer %s" forHTTPHeaderField:@"Authorization"];'),
    ("java", 'httpPost.setHeader("X-Api-Key", "%s");'),
    ("java", 'builder.header("Authorization", "Bearer %s");'),
    ("go", 'req.Header.Add("Authorization", "Bearer %s")'),
    ("cs", 'client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "%s");'),
    ("swift", 'let headers: HTTPHeaders = [HTTPHeader(name: "X-API-Key", value: "%s")]'),
    ("php", "curl_setopt($ch, CURLOPT_HTTPHEADER, ['X-Api-Key: %s', 'Accept: application/json']);"),
    ("c", 'headers = curl_slist_append(headers, "PRIVATE-TOKEN: %s");'),
    ("cs", 'var cs = "Password=%s;Persist Security Info=False";'),
    ("cs", 'var cs = "User ID=sa;Password=%s";'),
    # Lisp definitions and maps
    ("clj", '(def api-key "%s")'),
    ("clj", '(def ^:private github-token "%s")'),
    ("edn", '{:db {:user "app" :password "%s"}}'),
    ("lisp", '(defparameter *api-key* "%s")'),
    ("el", '(setq openai-api-key "%s")'),
    ("el", '(setenv "OPENAI_API_KEY" "%s")'),
    ("rkt", '(define client-secret "%s")'),
    # a literal handed to a command that reads a password
    ("sh", 'echo "%s" | docker login -u user --password-stdin'),
    ("sh", "printf '%%s' '%s' | docker login ghcr.io -u me --password-stdin"),
    ("sh", "htpasswd -b /etc/nginx/.htpasswd admin %s"),
    ("sh", "htpasswd -Bbn admin %s > /etc/traefik/users"),
    ("Dockerfile", "RUN htpasswd -cb /etc/nginx/.htpasswd admin %s"),
]

# Known misses: (extension, line, why it is left).
KNOWN_MISSES = [
    ("sql", "INSERT INTO users (name, password) VALUES ('admin', '%s');",
     "the column list and the value list are matched by position"),
    ("lua", "local api_key = [[%s]]",
     "not cheap: a rule on key/token lines of .lua files costs every file a path match, and"
     " `= [[` as a keyword costs the literal search on every `= [` of other languages"),
]

NEGATIVES = [
    ("py", "password = getpass.getpass()"),
    ("py", 'token = request.headers.get("Authorization")'),
    ("py", "api_key = settings.API_KEY"),
    ("yml", "      API_KEY: ${{ secrets.API_KEY }}"),
    ("yml", 'password: "{{ vault_db_password }}"'),
    ("js", 'const TOKEN_KEY = "auth_token_storage_v2";'),
    ("js", 'const token = localStorage.getItem("accessTokenStorage");'),
    ("ts", 'const PASSWORD_FIELD = "passwordConfirmation";'),
    ("js", 'passwordInput.placeholder = "Enter your password here";'),
    ("json", '"password_reset_url": "https://example.com/account/reset",'),
    ("py", 'secret_name = "prod/database/credentials"'),
    ("py", 'PASSWORD_REGEX = "^(?=.*[A-Z])(?=.*[0-9]).{8,}$"'),
    ("py", 'cache_key = f"user:{user_id}:profile:settings"'),
    ("json", '"forgot_password": "Forgot your password? Reset it here",'),
    ("py", 'token = jwt.encode(payload, signing_key, algorithm="HS256")'),
    ("py", 'api_key = "YOUR_API_KEY_HERE"'),
    ("html", '<input type="hidden" name="csrf_token" value="{{ csrf_token }}">'),
    ("erb", "token: <%= ENV['API_TOKEN'] %>"),
    ("java", 'String secret = System.getenv("APP_SECRET");'),
    ("sh", "export DB_PASSWORD=$(cat /run/secrets/db_password)"),
    ("tf", "password = random_password.db.result"),
    ("py", 'client_secret = config["oauth"]["client_secret"]'),
    ("kt", "val apiKey = BuildConfig.API_KEY"),
    ("php", "$password = $_POST['password'];"),
    ("py", "SECRET_KEY = get_random_secret_key()"),
    ("md", "Set `API_KEY=<your key>` in `.env`."),
    ("yaml", "secretKeyRef:\n  name: db-credentials\n  key: password"),
    ("sh", "docker login -u admin -p $REGISTRY_PASSWORD registry.example.com"),
    ("sh", 'TOKEN="${API_TOKEN:?API_TOKEN must be set}"'),
    ("py", "ftp.login('anonymous', '-anonymous@')"),
    ("py", "words = ('else', 'pass', 'print', 'raise')"),
    # look-alikes of the value-first, Lisp and command-line forms
    ("swift", 'request.setValue(apiKey, forHTTPHeaderField: "X-API-Key")'),
    ("swift", 'request.setValue("Bearer \\(token)", forHTTPHeaderField: "Authorization")'),
    ("swift", 'request.setValue("application/json", forHTTPHeaderField: "Content-Type")'),
    ("swift", 'request.setValue(UUID().uuidString, forHTTPHeaderField: "Idempotency-Key")'),
    ("swift", 'request.setValue("YOUR_API_KEY", forHTTPHeaderField: "X-API-Key")'),
    ("m", '[request setValue:[NSString stringWithFormat:@"Bearer %@", token] forHTTPHeaderField:@"Authorization"];'),
    ("m", '[request setValue:self.apiKey forHTTPHeaderField:@"X-Api-Key"];'),
    ("java", 'httpPost.setHeader("X-Api-Key", apiKey);'),
    ("cs", 'client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);'),
    ("php", "curl_setopt($ch, CURLOPT_HTTPHEADER, ['X-Api-Key: ' . getenv('API_KEY')]);"),
    ("yaml", "      parameters:\n        - name: x-api-key\n          in: header"),
    ("clj", '(def api-key (System/getenv "API_KEY"))'),
    ("clj", '(def api-key-header "X-Api-Key")'),
    ("clj", '(defn fetch [api-key] (http/get url {:headers {"X-Api-Key" api-key}}))'),
    ("edn", '{:db {:password #env DB_PASSWORD}}'),
    ("lisp", '(defparameter *token-url* "https://auth.example.com/oauth/token")'),
    ("el", "(setq auth-sources '(\"~/.authinfo.gpg\"))"),
    ("el", '(setq openai-api-key (auth-source-pick-first-password :host "api.openai.com"))'),
    ("el", '(defcustom gptel-api-key nil "An API key, a string or a function.")'),
    ("sh", 'echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin'),
    ("sh", "docker login -u ci --password-stdin < /run/secrets/registry_token"),
    ("sh", "aws ecr get-login-password | docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com"),
    ("yml", "      - run: echo ${{ secrets.GITHUB_TOKEN }} | docker login ghcr.io -u ${{ github.actor }} --password-stdin"),
    ("sh", 'echo "Logging in to $REGISTRY" && docker login -u ci --password-stdin < token.txt'),
    ("sh", "htpasswd -B -c /etc/nginx/.htpasswd admin"),
    ("sh", 'htpasswd -b /etc/nginx/.htpasswd admin "$ADMIN_PASSWORD"'),
    ("sh", 'echo -n "$PASSWORD" | htpasswd -i -B .htpasswd admin'),
    ("Dockerfile", "RUN htpasswd -Bbn admin $(cat /run/secrets/admin) > /etc/nginx/users"),
    ("cs", 'var cs = "Password=${DB_PASSWORD};Persist Security Info=False";'),
    ("cs", 'var cs = "User ID=" + user + ";Password=" + password + ";";'),
    ("cs", 'var cs = string.Format("Password={0};User ID={1}", pw, user);'),
    ("json", '"ConnectionStrings": { "Default": "Server=db;Database=app;User Id=sa;Password=%DB_PASSWORD%;" }'),
    ("lua", "local api_key = os.getenv(\"API_KEY\")"),
    ("lua", "local token_pattern = [[^[A-Za-z0-9]+$]]"),
    ("lua", "local usage = [[set api_key in config.lua]]"),
    ("py", "token_ids = [[101, 2023, 2003], [101, 7592, 102]]"),
]


def random_value(rng):
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(24))


def file_name(index, ext, kind):
    return "%s%03d%s" % (kind, index, ext if ext == "Dockerfile" else "." + ext)


def write_cases(root, rng):
    names = {}
    for kind, cases in (("p", POSITIVES), ("m", [(e, l) for e, l, _ in KNOWN_MISSES]),
                        ("n", NEGATIVES)):
        for i, (ext, line) in enumerate(cases):
            name = file_name(i, ext, kind)
            if ext == "Dockerfile":
                os.makedirs(os.path.join(root, name), exist_ok=True)
                name = os.path.join(name, "Dockerfile")
            text = line % random_value(rng) if "%s" in line else line
            with open(os.path.join(root, name), "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
            names[name] = (kind, i)
    return names


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "build", "secretls")
    rng = random.Random()
    with tempfile.TemporaryDirectory(prefix="secretls-idioms-") as root:
        names = write_cases(root, rng)
        run = subprocess.run([binary, "scan", "--format", "json", root], capture_output=True)
        if run.returncode not in (0, 1):
            print("FAIL: secretls scan exited with %d" % run.returncode)
            return 2
        flagged = {}
        for f in json.loads(run.stdout.decode("utf-8"))["findings"]:
            flagged.setdefault(os.path.relpath(f["path"], root), []).append(f["rule"])
    failures = []
    for name, (kind, i) in sorted(names.items()):
        rules = flagged.get(name, [])
        if kind == "p" and not rules:
            failures.append("missed  %s: %s" % (name, POSITIVES[i][1].replace("\n", "\\n")))
        elif kind == "n" and rules:
            failures.append("flagged %s (%s): %s" % (name, ",".join(rules), NEGATIVES[i][1]))
        elif kind == "m" and rules:
            print("now found (move it to the positives): %s" % KNOWN_MISSES[i][1])
    found = sum(1 for n, (k, _) in names.items() if k == "p" and flagged.get(n))
    quiet = sum(1 for n, (k, _) in names.items() if k == "n" and not flagged.get(n))
    print("positives found %d of %d, negatives quiet %d of %d, known misses %d" % (
        found, len(POSITIVES), quiet, len(NEGATIVES), len(KNOWN_MISSES)))
    for line in failures:
        print("  " + line)
    if failures:
        print("FAIL")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

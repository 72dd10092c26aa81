#!/usr/bin/env python3
"""Generates a tree of ordinary-looking source code with planted fake secrets.

Used by scan_bench.sh (a benchmark, not a test). Deterministic for a given seed. The code is
synthesized from templates in several languages with a vocabulary that includes the words
secret scanners key on (key, token, secret, password, auth...), as real code does. Planted
secrets are generated at random in their documented shapes; none is real.

Two profiles:
  ordinary  as dense in those words, and as many files per folder, as real code measured on
            this machine: 3.4 % of lines hold key/token/secret/pass/auth (2.0 % in
            /usr/include + the Python 3.11 library, 3.4 % in code-server's JavaScript), about
            8 files per folder (11 and 6 there).
  dense     the first version of this generator (the benchmark's tree until 2026-11-28): every
            vocabulary word is equally likely, so 22 % of lines hold such a word, and nearly
            every file has a folder of its own. A stress case for keyword-triggered rules;
            the same seed gives byte-for-byte the same tree as before.

usage: gen_tree.py OUT_DIR [--mb 200] [--seed 1] [--secrets 500] [--profile ordinary|dense]
"""
import argparse
import os
import random
import string
import zlib

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
HEX = "0123456789abcdef"

WORDS = ("user account order item cache client server request response config value data "
         "key token secret password auth session cookie header body name id count index "
         "total price amount status error message handler service manager factory builder "
         "parser buffer stream file path url host port timeout retry limit offset page "
         "query filter sort field record table column row schema model view controller "
         "api endpoint route payload result callback event listener queue worker job task "
         "metric log level debug trace span context env settings option flag feature").split()


# The words of WORDS that secret scanners' keywords match.
SECURITY_WORDS = ("key", "token", "secret", "password", "auth")
COMMON_WORDS = tuple(w for w in WORDS if w not in SECURITY_WORDS)
# Chance that a word of the ordinary profile is a security word (None: uniform over WORDS).
# Calibrated so that 3.4 % of generated lines hold one (see the module comment).
security_rate = None


def word(r):
    if security_rate is None:
        return r.choice(WORDS)
    return r.choice(SECURITY_WORDS) if r.random() < security_rate else r.choice(COMMON_WORDS)


def ident(r, style):
    parts = [word(r) for _ in range(r.randint(1, 3))]
    if style == "snake":
        return "_".join(parts)
    if style == "camel":
        return parts[0] + "".join(p.capitalize() for p in parts[1:])
    if style == "pascal":
        return "".join(p.capitalize() for p in parts)
    return "_".join(parts).upper()


def words(r, n):
    return " ".join(word(r) for _ in range(n))


def py_line(r):
    k = r.randrange(10)
    a, b = ident(r, "snake"), ident(r, "snake")
    if k == 0:
        return f"def {a}({b}, {ident(r, 'snake')}=None):"
    if k == 1:
        return f"    {a} = {b}.get('{ident(r, 'snake')}', {r.randint(0, 999)})"
    if k == 2:
        return f"    # {words(r, r.randint(3, 10))}"
    if k == 3:
        return f"    if {a} is not None and {b} > {r.randint(0, 100)}:"
    if k == 4:
        return f"        return self.{a}[{b}]"
    if k == 5:
        return f"import {a}" if r.random() < .5 else f"from {a} import {ident(r, 'pascal')}"
    if k == 6:
        return f"    logger.debug(\"{words(r, 5)}: %s\", {a})"
    if k == 7:
        return f"class {ident(r, 'pascal')}({ident(r, 'pascal')}):"
    if k == 8:
        return f"    {a} = os.environ.get(\"{ident(r, 'upper')}\")"
    return f"        {a}.append({b}({r.randint(0, 9)}, '{ident(r, 'snake')}'))"


def js_line(r):
    k = r.randrange(9)
    a, b = ident(r, "camel"), ident(r, "camel")
    if k == 0:
        return f"function {a}({b}, options) {{"
    if k == 1:
        return f"  const {a} = await {b}.fetch(`/api/{ident(r, 'snake')}/${{id}}`);"
    if k == 2:
        return f"  // {words(r, r.randint(3, 10))}"
    if k == 3:
        return f"  if (!{a} || {a}.length === 0) return null;"
    if k == 4:
        return f"  {a}.{b} = process.env.{ident(r, 'upper')};"
    if k == 5:
        return f"export const {a} = {{ {b}: {r.randint(0, 999)}, {ident(r, 'camel')}: '{words(r, 2)}' }};"
    if k == 6:
        return "  });"
    if k == 7:
        return f"import {{ {ident(r, 'pascal')} }} from './{ident(r, 'camel')}';"
    return f"  return {a}.map(({b}) => {b}.{ident(r, 'camel')});"


def go_line(r):
    k = r.randrange(8)
    a, b = ident(r, "camel"), ident(r, "pascal")
    if k == 0:
        return f"func ({a[0]} *{b}) {ident(r, 'pascal')}(ctx context.Context) error {{"
    if k == 1:
        return f"\t{a}, err := {ident(r, 'camel')}.{b}(ctx, {r.randint(0, 99)})"
    if k == 2:
        return "\tif err != nil {\n\t\treturn fmt.Errorf(\"" + words(r, 3) + ": %w\", err)\n\t}"
    if k == 3:
        return f"\t// {words(r, r.randint(3, 10))}"
    if k == 4:
        return f"type {b} struct {{\n\t{ident(r, 'pascal')} string `json:\"{ident(r, 'snake')}\"`\n}}"
    if k == 5:
        return f"\t{a} := os.Getenv(\"{ident(r, 'upper')}\")"
    if k == 6:
        return "}"
    return f"\tfor _, {a} := range {ident(r, 'camel')} {{"


def java_line(r):
    k = r.randrange(7)
    a, b = ident(r, "camel"), ident(r, "pascal")
    if k == 0:
        return f"    public {b} get{ident(r, 'pascal')}(final {b} {a}) {{"
    if k == 1:
        return f"        final String {a} = {ident(r, 'camel')}.get{b}();"
    if k == 2:
        return f"    // {words(r, r.randint(3, 10))}"
    if k == 3:
        return f"    private static final int {ident(r, 'upper')} = {r.randint(0, 9999)};"
    if k == 4:
        return f"        return new {b}({a}, \"{words(r, 2)}\");"
    if k == 5:
        return "    }"
    return f"import com.example.{ident(r, 'snake').replace('_', '.')}.{b};"


def yaml_line(r):
    k = r.randrange(6)
    if k == 0:
        return f"{ident(r, 'snake')}:"
    if k == 1:
        return f"  {ident(r, 'snake')}: {r.randint(0, 9999)}"
    if k == 2:
        return f"  {ident(r, 'snake')}: \"{words(r, 2)}\""
    if k == 3:
        return f"  - name: {ident(r, 'snake')}\n    value: ${{{ident(r, 'upper')}}}"
    if k == 4:
        return f"# {words(r, 6)}"
    return f"    {ident(r, 'snake')}: {r.choice(['true', 'false', 'null'])}"


def md_line(r):
    return words(r, r.randint(5, 18)).capitalize() + "."


LANGS = [(".py", py_line), (".js", js_line), (".go", go_line), (".java", java_line),
         (".yaml", yaml_line), (".md", md_line)]


def b62(r, n):
    return "".join(r.choice(B62) for _ in range(n))


def crc_b62(s):
    v = zlib.crc32(s.encode())
    out = ""
    for _ in range(6):
        out = B62[v % 62] + out
        v //= 62
    return out


def secret_line(r):
    k = r.randrange(7)
    if k == 0:
        body = b62(r, 30)
        return f'GITHUB_TOKEN = "ghp_{body}{crc_b62(body)}"'
    if k == 1:
        return "aws_access_key_id = AKIA" + "".join(r.choice(string.ascii_uppercase + "234567") for _ in range(16))
    if k == 2:
        return "MAILGUN_API_KEY=key-" + "".join(r.choice(HEX) for _ in range(32))
    if k == 3:
        return f'stripe.api_key = "sk_live_{b62(r, 24)}"'
    if k == 4:
        return f"SLACK_BOT_TOKEN: xoxb-{r.randint(10**10, 10**11)}-{r.randint(10**10, 10**11)}-{b62(r, 24)}"
    if k == 5:
        lines = ["-----BEGIN RSA PRIVATE KEY-----"]
        lines += ["".join(r.choice(string.ascii_letters + string.digits + "+/") for _ in range(64)) for _ in range(12)]
        lines.append("-----END RSA PRIVATE KEY-----")
        return "\n".join(lines)
    return f'db_password = "{b62(r, 20)}"'


SECURITY_RATE_ORDINARY = 0.008
FILES_PER_FOLDER = 8


def folder_name(r, i, profile):
    if profile == "dense":
        return ident(r, "snake")[:20]
    return f"mod{i % 200 // FILES_PER_FOLDER:02d}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--secrets", type=int, default=500)
    ap.add_argument("--profile", choices=("ordinary", "dense"), default="ordinary")
    args = ap.parse_args()
    global security_rate
    security_rate = SECURITY_RATE_ORDINARY if args.profile == "ordinary" else None
    r = random.Random(args.seed)
    target = int(args.mb * 1e6)
    avg_file = 8000
    n_files = max(1, target // avg_file)
    secret_files = set(r.sample(range(n_files), min(args.secrets, n_files)))
    written = 0
    for i in range(n_files):
        ext, gen = LANGS[i % len(LANGS)]
        d = os.path.join(args.out, f"pkg{i // 200:03d}", folder_name(r, i, args.profile))
        os.makedirs(d, exist_ok=True)
        size = r.randint(avg_file // 4, avg_file * 7 // 4)
        out = []
        n = 0
        plant_at = r.randint(0, size) if i in secret_files else -1
        while n < size:
            if 0 <= plant_at <= n:
                line = secret_line(r)
                plant_at = -1
            else:
                line = gen(r)
            out.append(line)
            n += len(line) + 1
        data = "\n".join(out) + "\n"
        with open(os.path.join(d, f"f{i}{ext}"), "w") as f:
            f.write(data)
        written += len(data)
    print(f"{n_files} files, {written / 1e6:.1f} MB, {len(secret_files)} planted secrets in {args.out}")


if __name__ == "__main__":
    main()

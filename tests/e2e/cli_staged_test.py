#!/usr/bin/env python3
"""End-to-end test of the command line as a pre-commit hook and a filter.

In a throw-away git repository:
  - a key that is staged and then removed from the working tree is found by
    `secretls scan --staged` (exit 1) but not by a scan of the working tree (exit 0);
  - the other way round (key only in the working tree) --staged is clean;
  - file names with spaces, a leading ':' or non-ASCII characters, files in sub-folders,
    a staged deletion, a PATH limiting --staged, and a .secretlsignore at the repository top
    all behave;
  - outside a repository --staged fails with exit 2 and a clear message;
then `secretls scan -` reads standard input, and `secretls scan --help` prints the usage on
standard output with exit 0. Keys are generated per run and never printed in clear.

Usage: cli_staged_test.py PATH/TO/secretls
"""
import json
import os
import secrets
import subprocess
import sys
import tempfile


def fake_key():
    return "key-" + secrets.token_hex(16)


class Failure(Exception):
    pass


def git(repo, *args):
    subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True)


def scan(binary, args, cwd, stdin=None):
    proc = subprocess.run([binary, "scan", *args], cwd=cwd, input=stdin, capture_output=True,
                          text=True, timeout=60)
    return proc.returncode, proc.stdout, proc.stderr


def found_paths(binary, args, cwd, keys):
    code, out, err = scan(binary, ["--format", "json", *args], cwd)
    for k in keys:
        if k in out or k in err:
            raise Failure("a key was printed in clear by scan %s" % " ".join(args))
    if code not in (0, 1):
        raise Failure("scan %s: exit %d: %s" % (" ".join(args), code, err.strip()))
    findings = json.loads(out)["findings"]
    return code, sorted({f["path"] for f in findings})


def expect(label, got, want):
    if got != want:
        raise Failure("%s: got %r, expected %r" % (label, got, want))
    print("ok  %s" % label)


def run(binary):
    keys = [fake_key() for _ in range(5)]
    with tempfile.TemporaryDirectory() as repo:
        git(repo, "init", "-q")
        git(repo, "config", "user.email", "test@example.invalid")
        git(repo, "config", "user.name", "test")
        os.makedirs(os.path.join(repo, "src", "deep"))
        staged_only = os.path.join(repo, "src", "app.py")
        with open(staged_only, "w") as f:
            f.write('# é ✓ 🔑\nMAILGUN = "%s"\n' % keys[0])
        odd_names = ["with space.env", ":colon.env", "naïve.env"]
        for name, key in zip(odd_names, keys[1:4]):
            with open(os.path.join(repo, name), "w") as f:
                f.write("MAILGUN_KEY=%s\n" % key)
        with open(os.path.join(repo, "src", "deep", "clean.txt"), "w") as f:
            f.write("nothing here\n")
        git(repo, "add", "-A")
        # The working tree loses the key in app.py after staging.
        with open(staged_only, "w") as f:
            f.write('MAILGUN = os.environ["MAILGUN"]\n')
        # A key only in the working tree, never staged.
        with open(os.path.join(repo, "src", "deep", "clean.txt"), "w") as f:
            f.write("MAILGUN_KEY=%s\n" % keys[4])

        code, paths = found_paths(binary, ["--staged"], repo, keys)
        expect("--staged finds the staged keys", (code, paths),
               (1, sorted([":colon.env", "naïve.env", "src/app.py", "with space.env"])))
        code, paths = found_paths(binary, ["src"], repo, keys)
        expect("the working tree holds only the unstaged key", (code, paths),
               (1, ["src/deep/clean.txt"]))
        code, paths = found_paths(binary, ["--staged", "src"], os.path.join(repo), keys)
        expect("a PATH limits --staged", (code, paths), (1, ["src/app.py"]))
        code, paths = found_paths(binary, ["--staged", "deep"], os.path.join(repo, "src"), keys)
        expect("PATHs are relative to the current folder", (code, paths), (0, []))

        git(repo, "commit", "-q", "-m", "first")
        os.remove(os.path.join(repo, "with space.env"))
        git(repo, "add", "-A")  # stages the deletion and src/deep/clean.txt's key
        code, paths = found_paths(binary, ["--staged"], repo, keys)
        expect("a staged deletion is no error; a newly staged key is found", (code, paths),
               (1, ["src/deep/clean.txt"]))

        # .secretlsignore at the repository top applies to staged files too: ignore the
        # finding by the fingerprint the scan reports.
        code, out, _ = scan(binary, ["--staged", "--format", "json"], repo)
        fingerprint = json.loads(out)["findings"][0]["fingerprint"]
        with open(os.path.join(repo, ".secretlsignore"), "w") as f:
            f.write(fingerprint + "\n")
        code, paths = found_paths(binary, ["--staged"], os.path.join(repo, "src"), keys)
        expect(".secretlsignore at the top is honoured, even from a sub-folder", (code, paths),
               (0, []))

    with tempfile.TemporaryDirectory() as not_a_repo:
        code, out, err = scan(binary, ["--staged"], not_a_repo)
        expect("--staged outside a repository: exit 2", code, 2)
        if "not a git repository" not in err:
            raise Failure("no clear message outside a repository: %r" % err)

    key = fake_key()
    code, out, err = scan(binary, ["-"], tempfile.gettempdir(), stdin='token: "%s"\n' % key)
    if key in out or key in err:
        raise Failure("scan - printed the key in clear")
    expect("scan - reads standard input", (code, "<stdin>:1:9:" in out), (1, True))
    code, out, err = scan(binary, ["-"], tempfile.gettempdir(), stdin="nothing\n")
    expect("scan - on clean input", code, 0)

    proc = subprocess.run([binary, "scan", "--help"], capture_output=True, text=True)
    expect("scan --help: usage on stdout, exit 0",
           (proc.returncode, proc.stdout.startswith("usage: secretls scan"), proc.stderr),
           (0, True, ""))


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    try:
        run(os.path.abspath(sys.argv[1]))
    except Failure as e:
        print("FAIL: %s" % e)
        return 1
    print("all CLI checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Measures the quick-fix on held-out files (a measurement, not a pass/fail test).

Usage: corpus_coverage.py [--misses] <fixes_apply binary> <cases.jsonl>...

For every positive case (fields "text" and "ext", as in the evaluation corpus kept outside
the repository), writes the text to a temporary file with that extension, runs fix 1 on
every finding (fixes_apply), and reports per language: findings, findings with a fix, and
for languages with a parser here, how many fixed files still parse among those whose
original parsed. Prints counts only, never a case's text or secret; --misses also lists
each finding without a fix: case id, language, rule and its line with every secret masked.
"""
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

CODE = {"python", "javascript", "typescript", "go", "java", "kotlin", "scala", "csharp", "ruby",
        "php", "rust", "swift", "c", "cpp", "lua"}
PARSERS = {
    "python": ["python3", "-m", "py_compile"],
    "javascript": ["node", "--check"],
    "ruby": ["ruby", "-c"],
    "php": ["php", "-l"],
    "go": ["gofmt", "-e"],
    "shellscript": ["bash", "-n"],
    "json": ["python3", "-m", "json.tool"],
}


def parses(lang, path):
    cmd = PARSERS.get(lang)
    if not cmd or not shutil.which(cmd[0]):
        return None
    return subprocess.run(cmd + [path], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


# Words that look like keys: long, letters and digits mixed. The miss listing masks them
# too, since a value the scanner did not flag is still not to be printed.
KEYLIKE = re.compile(r"[A-Za-z0-9_\-+/=.]{16,}")


def mask(line, case):
    if case.get("secret"):
        line = line.replace(case["secret"], "<secret>")
    return KEYLIKE.sub(lambda m: "<masked>" if re.search(r"\d", m.group())
                       and re.search(r"[A-Za-z]", m.group()) else m.group(), line)


class Applier:
    """One fixes_apply process in batch mode (the rules are loaded once)."""

    def __init__(self, tool):
        self.proc = subprocess.Popen([tool, "--batch"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, encoding="utf-8",
                                     errors="replace")

    def run(self, src, dst):
        self.proc.stdin.write(f"{src}\t{dst}\n")
        self.proc.stdin.flush()
        lines = []
        for line in self.proc.stdout:
            if line.rstrip("\n") == "end":
                break
            lines.append(line.rstrip("\n"))
        return lines


def main():
    args = sys.argv[1:]
    show_misses = "--misses" in args
    args = [a for a in args if a != "--misses"]
    tool, files = args[0], args[1:]
    stats = collections.defaultdict(lambda: collections.Counter())
    misses = []
    work = tempfile.mkdtemp(prefix="secretls-coverage-")
    applier = Applier(tool)
    try:
        for name in files:
            with open(name, encoding="utf-8") as f:
                for line in f:
                    case = json.loads(line)
                    if case.get("label") != "positive":
                        continue
                    ext = (case.get("ext") or "txt").lstrip(".")
                    src = os.path.join(work, "case." + ext)
                    dst = os.path.join(work, "fixed." + ext)
                    with open(src, "w", encoding="utf-8") as out:
                        out.write(case["text"])
                    out = applier.run(src, dst)
                    if not out or out[0].startswith("error"):
                        stats["error"]["cases"] += 1
                        continue
                    fields = dict(kv.split("=", 1) for kv in out[0].split())
                    lang = fields["language"]
                    s = stats[lang]
                    s["cases"] += 1
                    s["findings"] += int(fields["findings"])
                    s["fixed"] += int(fields["fixed"])
                    s["secret_left"] += int(fields["remaining_secrets"])
                    misses += [(case.get("id", "?"), lang, mask(m[5:], case)) for m in out[1:]]
                    if int(fields["fixed"]) and parses(lang, src):
                        s["parsed_before"] += 1
                        s["parsed_after"] += bool(parses(lang, dst))
    finally:
        applier.proc.stdin.close()
        applier.proc.wait()
        shutil.rmtree(work)
    if show_misses:
        for case_id, lang, what in sorted(misses, key=lambda m: (m[1] not in CODE, m[1])):
            print(f"miss {case_id} {lang} {what}")
    total = collections.Counter()
    code = collections.Counter()
    print(f"{'language':14} {'cases':>6} {'findings':>9} {'fixed':>6} {'%':>6} "
          f"{'left':>5} {'parse ok/before':>16}")
    for lang in sorted(stats):
        s = stats[lang]
        pct = 100.0 * s["fixed"] / s["findings"] if s["findings"] else 0.0
        print(f"{lang:14} {s['cases']:6} {s['findings']:9} {s['fixed']:6} {pct:6.1f} "
              f"{s['secret_left']:5} {s['parsed_after']:8}/{s['parsed_before']:<7}")
        total.update(s)
        if lang in CODE:
            code.update(s)
    for label, s in (("code files", code), ("all files", total)):
        pct = 100.0 * s["fixed"] / s["findings"] if s["findings"] else 0.0
        print(f"{label}: {s['fixed']}/{s['findings']} findings have fix 1 ({pct:.1f}%), "
              f"fixed files parsing: {s['parsed_after']}/{s['parsed_before']}")


if __name__ == "__main__":
    main()

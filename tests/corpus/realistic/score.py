#!/usr/bin/env python3
"""Scores the real secretls binary on a generated realistic set, through LSP and the CLI.

Starts `secretls` as a language server over stdio (UTF-16 positions, the LSP default),
with a leading byte-order mark dropped (as editors do) in every other file that has one,
opens every file of the set (generate.py's manifest.json) with its languageId, collects
the published diagnostics and converts their ranges back to byte offsets. Then:

  - recall: positives overlapped by at least one diagnostic / positives;
  - false alarms: diagnostics overlapping a negative, and diagnostics overlapping no planted
    item at all; finding precision = diagnostics on a positive / all diagnostics;
  - breakdowns of misses and false alarms by kind and by container (languageId);
  - a list of each miss / false alarm: file:line, kind, rule, masked value (never in clear);
  - `secretls scan --format json DIR` on the same set: CLI and LSP share one engine, so
    their findings (file, byte range, rule) must be the same; differences are listed;
  - with --edits N: every file is opened again and edited N times incrementally (random
    inserts and deletions of unicode, line breaks, keys, UTF-16 ranges, sometimes two changes
    in one didChange); its final diagnostics must equal those of a fresh open of the result.

Usage: score.py SECRETLS DIR [--min-recall R] [--min-precision P] [--list N] [--edits N]
                [--show-lines] [--workspace]
       score.py SECRETLS --generate N [--seed S] ...   (generates N files into a temp dir)
Exit code 1 when a threshold is missed, CLI and LSP disagree or an edited document differs
from a fresh open; 2 on a protocol failure.
"""
import argparse
import bisect
import collections
import json
import os
import pathlib
import queue
import random
import re
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402

BOM = "\ufeff"
TIMEOUT = float(os.environ.get("SCORE_TIMEOUT", "60"))


def mask(value):
    value = value.replace("\r", "").replace("\n", "⏎")
    if len(value) <= 8:
        return value[:2] + "…"
    return value[:4] + "…" + value[-4:]


class Lsp:
    """Minimal LSP client: Content-Length framing over the server's stdin/stdout."""

    def __init__(self, binary):
        self.proc = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.inbox = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            self.inbox.put(json.loads(out.read(length).decode("utf-8")))

    def send(self, message):
        body = json.dumps(dict(message, jsonrpc="2.0")).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def next_message(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no answer from the server")
        m = self.inbox.get(timeout=left)
        if m is None:
            raise RuntimeError("the server closed its output")
        return m

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"id": rid, "method": method, "params": params})
        deadline = time.monotonic() + TIMEOUT
        while True:
            m = self.next_message(deadline)
            if m.get("id") == rid and "method" not in m:
                return m

    def close(self):
        try:
            self.request("shutdown", None)
            self.send({"method": "exit"})
            self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def line_starts(text):
    """Character offsets where each LSP line starts (\\n, \\r\\n and \\r end a line)."""
    starts = [0]
    for m in re.finditer(r"\r\n|\n|\r", text):
        starts.append(m.end())
    return starts


def to_byte(text, starts, prefix_bytes, pos):
    """Byte offset of an LSP position counted in UTF-16 code units."""
    line = pos["line"]
    if line >= len(starts):
        return prefix_bytes[-1]
    i, units = starts[line], 0
    while units < pos["character"] and i < len(text) and text[i] not in "\r\n":
        units += 2 if ord(text[i]) > 0xFFFF else 1
        i += 1
    return prefix_bytes[i]


def byte_prefix(text):
    out, n = [0], 0
    for ch in text:
        n += len(ch.encode("utf-8"))
        out.append(n)
    return out


def lsp_findings(binary, root, files, workspace=False):
    """{path: [(start_byte, end_byte, rule)]} from the diagnostics of every opened file."""
    client = Lsp(binary)
    try:
        root_uri = pathlib.Path(os.path.abspath(root)).as_uri() if workspace else None
        client.request("initialize", {"processId": os.getpid(), "rootUri": root_uri,
                                      "capabilities": {},
                                      "initializationOptions": {"debounceMs": 0}})
        client.send({"method": "initialized", "params": {}})
        texts, uris, bom_bytes = {}, {}, {}
        for f in files:
            path = os.path.join(root, f["path"])
            with open(path, "rb") as fh:
                text = fh.read().decode("utf-8")
            # VS Code, Neovim and Emacs drop a UTF-8 byte-order mark from the text they send
            # (its 3 bytes are added back when ranges become file offsets); simpler clients
            # send it as U+FEFF. Every other file with a mark is sent each way.
            strip = text.startswith(BOM) and len(texts) % 2 == 0
            texts[f["path"]] = text[1:] if strip else text
            bom_bytes[f["path"]] = 3 if strip else 0
            uri = pathlib.Path(os.path.abspath(path)).as_uri()
            uris[uri] = f["path"]
            client.send({"method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": uri, "languageId": f["languageId"], "version": 1,
                "text": texts[f["path"]]}}})
        diags = {}
        deadline = time.monotonic() + TIMEOUT
        while len(diags) < len(files):
            m = client.next_message(deadline)
            if m.get("method") != "textDocument/publishDiagnostics":
                continue
            p = m["params"]
            if p["uri"] in uris and p.get("version") == 1:
                diags[uris[p["uri"]]] = p["diagnostics"]
    finally:
        client.close()
    out = {}
    for rel, ds in diags.items():
        text = texts[rel]
        starts, prefix = line_starts(text), byte_prefix(text)
        skip = bom_bytes[rel]
        out[rel] = sorted((skip + to_byte(text, starts, prefix, d["range"]["start"]),
                           skip + to_byte(text, starts, prefix, d["range"]["end"]),
                           str(d.get("code"))) for d in ds)
    return out


def utf16_position(text, starts, index):
    """LSP position (UTF-16 units) of character `index` of text."""
    line = bisect.bisect_right(starts, index) - 1
    units = sum(2 if ord(ch) > 0xFFFF else 1 for ch in text[starts[line]:index])
    return {"line": line, "character": units}


def safe_index(text, index):
    """An index that does not split a CRLF pair (editors never place the cursor there)."""
    if 0 < index < len(text) and text[index - 1] == "\r" and text[index] == "\n":
        return index - 1
    return index


def random_edit(rng, text):
    """(start, end, inserted) of a random edit of text, by character index."""
    start = safe_index(text, rng.randrange(len(text) + 1))
    end = start
    if rng.random() < 0.4 and start < len(text):
        end = safe_index(text, min(len(text), start + rng.randrange(1, 40)))
    if end < start:
        start, end = end, start
    newline = "\r\n" if "\r\n" in text else "\n"
    inserted = rng.choice(["", "😀", "é", "中文 ", newline, "# ✓ Größe" + newline, " x = 1",
                           'token = "%s"' % generate.sg.github_token(rng, "ghp_"),
                           newline + "password = " + generate.sg.generic_secret(rng)])
    return start, end, inserted


def edit_replay(binary, root, files, n_edits, seed):
    """Edits each open document incrementally (UTF-16 ranges), then checks that its final
    diagnostics equal those of a fresh didOpen of the final text. Returns the differences."""
    rng = random.Random(seed)
    client = Lsp(binary)
    finals, problems = {}, []
    try:
        client.request("initialize", {"processId": os.getpid(), "rootUri": None,
                                      "capabilities": {},
                                      "initializationOptions": {"debounceMs": 0}})
        client.send({"method": "initialized", "params": {}})
        for f in files:
            with open(os.path.join(root, f["path"]), "rb") as fh:
                text = fh.read().decode("utf-8")
            uri = pathlib.Path(os.path.abspath(os.path.join(root, f["path"]))).as_uri()
            client.send({"method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": uri, "languageId": f["languageId"], "version": 1, "text": text}}})
            version = 1
            for _ in range(n_edits):
                changes = []
                for _ in range(rng.choice([1, 1, 2])):  # sometimes two changes at once
                    start, end, inserted = random_edit(rng, text)
                    starts = line_starts(text)
                    changes.append({"range": {"start": utf16_position(text, starts, start),
                                              "end": utf16_position(text, starts, end)},
                                    "text": inserted})
                    text = text[:start] + inserted + text[end:]
                version += 1
                client.send({"method": "textDocument/didChange", "params": {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": changes}})
            fresh = pathlib.Path(os.path.abspath(os.path.join(root, "__fresh__", f["path"]))).as_uri()
            client.send({"method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": fresh, "languageId": f["languageId"], "version": 1, "text": text}}})
            finals[uri] = (f["path"], version)
            finals[fresh] = (f["path"], 1)
        got = {}
        deadline = time.monotonic() + TIMEOUT
        while len(got) < len(finals):
            m = client.next_message(deadline)
            if m.get("method") != "textDocument/publishDiagnostics":
                continue
            p = m["params"]
            if p["uri"] in finals and p.get("version") == finals[p["uri"]][1]:
                got[p["uri"]] = sorted((d["range"]["start"]["line"],
                                        d["range"]["start"]["character"],
                                        d["range"]["end"]["line"],
                                        d["range"]["end"]["character"], str(d.get("code")))
                                       for d in p["diagnostics"])
    finally:
        client.close()
    by_path = collections.defaultdict(dict)
    for uri, (rel, _) in finals.items():
        by_path[rel]["fresh" if "/__fresh__/" in uri else "edited"] = got[uri]
    for rel, d in sorted(by_path.items()):
        if d["edited"] != d["fresh"]:
            problems.append("%s: after %d edits %s, fresh open %s" % (
                rel, n_edits, sorted(set(d["edited"]) - set(d["fresh"])),
                sorted(set(d["fresh"]) - set(d["edited"]))))
    return problems


def cli_findings(binary, root, engine=None):
    """`secretls scan` findings by file; engine "keywords" runs the reference engine (no
    Hyperscan, no prefilters), which must find exactly the same."""
    env = dict(os.environ, SECRETLS_ENGINE=engine) if engine else None
    run = subprocess.run([binary, "scan", "--format", "json", root], capture_output=True,
                         env=env)
    if run.returncode not in (0, 1):
        raise RuntimeError("secretls scan exited with %d" % run.returncode)
    doc = json.loads(run.stdout.decode("utf-8"))
    out = collections.defaultdict(list)
    for f in doc["findings"]:
        rel = os.path.relpath(f["path"], root)
        out[rel].append((f["start_byte"], f["end_byte"], f["rule"]))
    return {k: sorted(v) for k, v in out.items()}


def overlaps(a_start, a_end, b_start, b_end):
    return a_start < b_end and b_start < a_end


def container_of(f):
    return f["languageId"]


def line_of(data, offset):
    return data.count(b"\n", 0, offset) + 1


def masked_line(data, items, offset):
    """The line holding `offset`, every planted value on it masked, at most 150 characters."""
    begin = data.rfind(b"\n", 0, offset) + 1
    end = data.find(b"\n", offset)
    end = len(data) if end < 0 else end
    pieces, pos = [], begin
    for it in sorted(items, key=lambda it: it["start"]):
        if it["end"] <= pos or it["start"] >= end:
            continue
        # Values spanning lines (key blocks) are clipped to this line, then masked.
        start, stop = max(it["start"], pos), min(it["end"], end)
        pieces.append(data[pos:start].decode("utf-8", "replace"))
        pieces.append("⟦%s⟧" % mask(data[start:stop].decode("utf-8", "replace")))
        pos = stop
    pieces.append(data[pos:end].decode("utf-8", "replace"))
    line = "".join(pieces).strip().replace("\r", "")
    return line if len(line) <= 150 else line[:150] + "…"


def evaluate(root, files, findings):
    """Counts and the lists of misses and false alarms."""
    r = {"positives": 0, "found": 0, "exact": 0, "inexact_kind": collections.Counter(), "diags": 0, "diags_on_positive": 0,
         "fa_negative": 0, "fa_unplanted": 0, "misses": [], "false_alarms": [],
         "miss_kind": collections.Counter(), "miss_container": collections.Counter(),
         "fa_kind": collections.Counter(), "fa_container": collections.Counter(),
         "pos_kind": collections.Counter()}
    for f in files:
        with open(os.path.join(root, f["path"]), "rb") as fh:
            data = fh.read()
        ds = findings.get(f["path"], [])
        items = f["items"]
        for it in items:
            if it["label"] != "positive":
                continue
            r["positives"] += 1
            r["pos_kind"][it["kind"]] += 1
            if any(overlaps(s, e, it["start"], it["end"]) for s, e, _ in ds):
                r["found"] += 1
                if (it["start"], it["end"]) in {(s, e) for s, e, _ in ds}:
                    r["exact"] += 1
                else:
                    r["inexact_kind"][it["kind"]] += 1
            else:
                r["miss_kind"][it["kind"]] += 1
                r["miss_container"][container_of(f)] += 1
                r["misses"].append((f["path"], line_of(data, it["start"]), it["kind"], "-",
                                    mask(data[it["start"]:it["end"]].decode("utf-8")),
                                    masked_line(data, items, it["start"])))
        for s, e, rule in ds:
            r["diags"] += 1
            hit = [it for it in items if overlaps(s, e, it["start"], it["end"])]
            if any(it["label"] == "positive" for it in hit):
                r["diags_on_positive"] += 1
                continue
            kind = hit[0]["kind"] if hit else "unplanted"
            r["fa_negative" if hit else "fa_unplanted"] += 1
            r["fa_kind"][kind] += 1
            r["fa_container"][container_of(f)] += 1
            r["false_alarms"].append((f["path"], line_of(data, s), kind, rule,
                                      mask(data[s:e].decode("utf-8", "replace")),
                                      masked_line(data, items, s)))
    r["recall"] = r["found"] / r["positives"] if r["positives"] else 1.0
    r["precision"] = r["diags_on_positive"] / r["diags"] if r["diags"] else 1.0
    return r


def print_counter(title, counter, totals=None):
    if not counter:
        return
    parts = []
    for k, n in counter.most_common():
        parts.append("%s %d%s" % (k, n, "/%d" % totals[k] if totals else ""))
    print("  %s: %s" % (title, ", ".join(parts)))


def compare(lsp, cli, names=("LSP", "CLI")):
    diffs = []
    for path in sorted(set(lsp) | set(cli)):
        a, b = set(lsp.get(path, [])), set(cli.get(path, []))
        for s, e, rule in sorted(a - b):
            diffs.append("%s bytes %d-%d %s: %s only" % (path, s, e, rule, names[0]))
        for s, e, rule in sorted(b - a):
            diffs.append("%s bytes %d-%d %s: %s only" % (path, s, e, rule, names[1]))
    return diffs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("dir", nargs="?", help="a set written by generate.py")
    ap.add_argument("--generate", type=int, metavar="N",
                    help="generate N files into a temporary directory and score them")
    ap.add_argument("--seed", type=int, default=1, help="seed for --generate")
    ap.add_argument("--edits", type=int, default=0, metavar="N",
                    help="also replay N random incremental edits per file through LSP and "
                         "compare with a fresh open of the result")
    ap.add_argument("--show-lines", action="store_true",
                    help="print each listed line, planted values masked")
    ap.add_argument("--workspace", action="store_true",
                    help="initialize with the set's directory as rootUri (default: no root)")
    ap.add_argument("--min-recall", type=float, default=0.0)
    ap.add_argument("--min-precision", type=float, default=0.0)
    ap.add_argument("--list", type=int, default=200, help="most misses/false alarms listed")
    args = ap.parse_args()
    if args.generate:
        with tempfile.TemporaryDirectory(prefix="secretls-realistic-") as tmp:
            generate.generate(args.seed, tmp, args.generate)
            args.dir = tmp
            return score(args)
    if not args.dir:
        ap.error("give DIR or --generate N")
    return score(args)


def score(args):
    with open(os.path.join(args.dir, "manifest.json")) as fh:
        files = json.load(fh)["files"]
    try:
        lsp = lsp_findings(args.binary, args.dir, files, args.workspace)
        cli = cli_findings(args.binary, args.dir)
        reference = cli_findings(args.binary, args.dir, engine="keywords")
    except (RuntimeError, TimeoutError, OSError) as e:
        print("FAIL: %s" % e)
        return 2
    cli.pop("manifest.json", None)
    reference.pop("manifest.json", None)
    r = evaluate(args.dir, files, lsp)
    failed = []
    print("files %d, positives %d, diagnostics %d" % (len(files), r["positives"], r["diags"]))
    print("LSP recall     %.4f (%d/%d)" % (r["recall"], r["found"], r["positives"]))
    print("LSP precision  %.4f (%d/%d diagnostics on a positive)" % (
        r["precision"], r["diags_on_positive"], r["diags"]))
    print("exact ranges   %d of %d found (others overlap the planted value only in part)" % (
        r["exact"], r["found"]))
    print_counter("found with an inexact range, by kind", r["inexact_kind"])
    print("false alarms   %d on negatives, %d on nothing planted" % (
        r["fa_negative"], r["fa_unplanted"]))
    print_counter("misses by kind", r["miss_kind"], r["pos_kind"])
    print_counter("misses by container", r["miss_container"])
    print_counter("false alarms by kind", r["fa_kind"])
    print_counter("false alarms by container", r["fa_container"])
    for title, rows in (("MISS", r["misses"]), ("FALSE ALARM", r["false_alarms"])):
        for path, line, kind, rule, masked, context in rows[:args.list]:
            print("  %s %s:%d %s %s %s" % (title, path, line, kind, rule, masked))
            if args.show_lines:
                print("      | " + context)
    if args.edits:
        replay = edit_replay(args.binary, args.dir, files, args.edits, args.seed)
        print("edit replay: %d edits per file, %s" % (
            args.edits, "diagnostics equal a fresh open in every file" if not replay
            else "%d files differ from a fresh open" % len(replay)))
        for line in replay[:args.list]:
            print("  " + line)
        if replay:
            failed.append("incremental diagnostics differ from a fresh open")
    diffs = compare(lsp, cli)
    print("CLI vs LSP: %s" % ("same findings" if not diffs else "%d differences" % len(diffs)))
    for d in diffs[:args.list]:
        print("  " + d)
    engine_diffs = compare(reference, cli, ("keywords engine", "Hyperscan engine"))
    print("keywords engine vs Hyperscan engine (CLI): %s" % (
        "same findings" if not engine_diffs else "%d differences" % len(engine_diffs)))
    for d in engine_diffs[:args.list]:
        print("  " + d)
    if engine_diffs:
        failed.append("the engines disagree")
    if r["recall"] < args.min_recall:
        failed.append("recall %.4f < %.2f" % (r["recall"], args.min_recall))
    if r["precision"] < args.min_precision:
        failed.append("precision %.4f < %.2f" % (r["precision"], args.min_precision))
    if diffs:
        failed.append("CLI and LSP disagree")
    if failed:
        print("FAIL: " + "; ".join(failed))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""A small real LSP client driving the secretls binary over pipes (end-to-end test).

For each position encoding (utf-16, then utf-8) it initializes, opens a document with 2-,
3- and 4-byte characters before generated fake Mailgun-shaped keys, and checks that every
diagnostic range is exactly the key, counted in the negotiated encoding. Then it edits the
document incrementally (non-ASCII inserts, a deleted line, a key typed one character at a
time) and checks versions and ranges after each edit; finally shutdown + exit -> code 0.

Usage: lsp_client_test.py PATH/TO/secretls
Keys are generated per run and never printed (failures show them masked).
"""
import json
import os
import queue
import secrets
import subprocess
import sys
import threading
import time

TIMEOUT = float(os.environ.get("E2E_TIMEOUT", "20"))


def fake_key():
    return "key-" + secrets.token_hex(16)


def masked(text, keys):
    for k in keys:
        text = text.replace(k, k[:4] + "…" + k[-4:])
    return text


class Failure(Exception):
    pass


class Client:
    def __init__(self, binary):
        self.proc = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.inbox = queue.Queue()
        self.stderr_lines = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        self.pending = []  # messages read but not consumed yet
        self.next_id = 1

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
                    length = int(value.strip())
            body = out.read(length)
            self.inbox.put(json.loads(body.decode("utf-8")))

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr_lines.append(line.decode("utf-8", "replace").rstrip())

    def send(self, message):
        message = dict(message, jsonrpc="2.0")
        body = json.dumps(message).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"id": rid, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == rid and "method" not in m, f"reply to {method}")

    def wait(self, predicate, what):
        for i, m in enumerate(self.pending):
            if predicate(m):
                return self.pending.pop(i)
        deadline = time.monotonic() + TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure(f"timed out waiting for {what}")
            try:
                m = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            if m is None:
                raise Failure(f"server closed its output while waiting for {what}")
            if predicate(m):
                return m
            self.pending.append(m)

    def diagnostics(self, uri, version):
        m = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"]["uri"] == uri and m["params"].get("version") == version,
                      f"diagnostics of {uri} version {version}")
        return m["params"]["diagnostics"]

    def all_versions(self, uri):
        return [m["params"].get("version") for m in self.pending
                if m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri]


def units(text, encoding):
    """Length of text in code units of the LSP position encoding."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def expected_ranges(lines, keys, encoding):
    """Ranges of every key in the document given as a list of lines."""
    out = []
    for n, line in enumerate(lines):
        for k in keys:
            at = line.find(k)
            if at >= 0:
                start = units(line[:at], encoding)
                out.append({"start": {"line": n, "character": start},
                            "end": {"line": n, "character": start + units(k, encoding)}})
    out.sort(key=lambda r: (r["start"]["line"], r["start"]["character"]))
    return out


def check_ranges(diags, lines, keys, encoding, what):
    got = sorted((d["range"] for d in diags),
                 key=lambda r: (r["start"]["line"], r["start"]["character"]))
    want = expected_ranges(lines, keys, encoding)
    if got != want:
        raise Failure(f"{what} ({encoding}): ranges {got} != expected {want}")
    for d in diags:
        if d.get("source") != "secretls" or d.get("code") != "mailgun-api-key":
            raise Failure(f"{what}: unexpected source/code {d.get('source')}/{d.get('code')}")
        if any(k in d.get("message", "") for k in keys):
            raise Failure(f"{what}: a key appears in clear in a message")


def position(lines, line, text_before, encoding):
    return {"line": line, "character": units(text_before, encoding)}


def session(binary, offered, expect_encoding):
    keys = [fake_key() for _ in range(4)]
    lines = [
        "# é (2 bytes), 中 (3 bytes), 😀 (4 bytes, a surrogate pair in utf-16)",
        f'é = "{keys[0]}"',
        f'中文 = "{keys[1]}"',
        f"😀😀 = '{keys[2]}'",
        f"é中😀 x = '{keys[3]}'  # trailing 😀",
        "",
    ]
    uri = "file:///tmp/secretls-e2e/unicode.py"
    client = Client(binary)
    try:
        caps = {"general": {"positionEncodings": offered}} if offered is not None else {}
        reply = client.request("initialize", {"processId": os.getpid(), "rootUri": None,
                                              "capabilities": caps,
                                              "initializationOptions": {"debounceMs": 0}})
        encoding = reply["result"]["capabilities"]["positionEncoding"]
        if encoding != expect_encoding:
            raise Failure(f"offered {offered}: negotiated {encoding}, expected {expect_encoding}")
        client.notify("initialized", {})
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": "\n".join(lines)}})
        check_ranges(client.diagnostics(uri, 1), lines, keys, encoding, "didOpen")

        # Insert 😀 before the key on line 1 (an incremental change in this encoding).
        pos = position(lines, 1, "", encoding)
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": pos, "end": pos}, "text": "😀"}]})
        lines[1] = "😀" + lines[1]
        check_ranges(client.diagnostics(uri, 2), lines, keys, encoding, "insert 😀")

        # Delete line 2 (with its key) entirely.
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 3},
            "contentChanges": [{"range": {"start": {"line": 2, "character": 0},
                                          "end": {"line": 3, "character": 0}}, "text": ""}]})
        del lines[2]
        keys_left = [k for k in keys if k != keys[1]]
        check_ranges(client.diagnostics(uri, 3), lines, keys_left, encoding, "delete line")

        # Replace 中 on the last key line by "ab" (3 bytes / 1 unit -> 2).
        line = 3
        before = lines[line][:lines[line].index("中")]
        start = position(lines, line, before, encoding)
        end = position(lines, line, before + "中", encoding)
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 4},
            "contentChanges": [{"range": {"start": start, "end": end}, "text": "ab"}]})
        lines[line] = lines[line].replace("中", "ab", 1)
        check_ranges(client.diagnostics(uri, 4), lines, keys_left, encoding, "replace 中")

        # Type a new key one character at a time at the end of the document, after 😀.
        new_key = fake_key()
        lines[-1] = "😀 = "
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 5},
            "contentChanges": [{"range": {"start": {"line": len(lines) - 1, "character": 0},
                                          "end": {"line": len(lines) - 1, "character": 0}},
                                "text": "😀 = "}]})
        client.diagnostics(uri, 5)
        version = 5
        for ch in new_key:
            version += 1
            pos = position(lines, len(lines) - 1, lines[-1], encoding)
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": pos, "end": pos}, "text": ch}]})
            lines[-1] += ch
            typed = lines[-1][len("😀 = "):]
            diags = client.diagnostics(uri, version)
            check_ranges(diags, lines, keys_left + ([typed] if typed == new_key else []),
                         encoding, f"typing version {version}")

        versions = [v for v in client.all_versions(uri) if v is not None]
        if versions != sorted(versions):
            raise Failure(f"diagnostics versions went backwards: {versions}")

        client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        closed = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                             and "version" not in m["params"], "diagnostics after didClose")
        if closed["params"]["diagnostics"]:
            raise Failure("didClose did not clear the diagnostics")

        if client.request("shutdown", None).get("result", "missing") is not None:
            raise Failure("shutdown did not answer null")
        client.notify("exit", None)
        code = client.proc.wait(timeout=TIMEOUT)
        if code != 0:
            raise Failure(f"exit code {code} after shutdown + exit")
        return len(keys) + len(new_key)
    except Exception as e:
        tail = "\n".join(client.stderr_lines[-15:])
        raise Failure(masked(f"{e}\nserver stderr (last lines):\n{tail}", keys)) from None
    finally:
        if client.proc.poll() is None:
            client.proc.kill()


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    cases = [(None, "utf-16"), (["utf-16"], "utf-16"), (["utf-8", "utf-16"], "utf-8"),
             (["utf-32", "utf-16"], "utf-32")]
    for offered, expected in cases:
        try:
            checks = session(binary, offered, expected)
        except Failure as e:
            print(f"FAIL (offered {offered}): {e}")
            return 1
        print(f"ok: offered {offered} -> {expected}, {checks} diagnostic checks")
    return 0


if __name__ == "__main__":
    sys.exit(main())

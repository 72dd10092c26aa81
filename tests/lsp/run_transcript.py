#!/usr/bin/env python3
"""Runs one LSP transcript against the real secretls binary, over pipes, with real
Content-Length framing (as clangd's lit tests do), and checks the server's messages.

    run_transcript.py BINARY TRANSCRIPT

The transcript format is documented in tests/lsp/README.md. In short: blocks separated by
`---` lines, `#` lines are comments; a block is a client message (JSON), an expectation
(`<<< {...}` subset-matched against a server message), or a directive (`exit-code: N`,
`CLOSE`, `BODY: ...`, `RAW: ...`, `stderr: TEXT`, `args: ...`).

Environment: TRANSCRIPT_TIMEOUT (seconds per wait, default 5), TRANSCRIPT_STARTUP_TIMEOUT
(extra seconds for the first answer, default 30), TRANSCRIPT_VERBOSE=1.
Exit status: 0 when every check passed, 1 on a failed check, 2 on a malformed transcript.
Generated secrets (${gen:...}) are never printed: output shows <gen:NAME> instead.
"""

import json
import os
import queue
import re
import secrets
import string
import subprocess
import sys
import threading
import time

TIMEOUT = float(os.environ.get("TRANSCRIPT_TIMEOUT", "5"))
# The first answer may wait for the server to start (rules compile; sanitizer builds on a
# loaded machine are slow): the first wait gets this much on top of TIMEOUT.
STARTUP = float(os.environ.get("TRANSCRIPT_STARTUP_TIMEOUT", "30"))
VERBOSE = os.environ.get("TRANSCRIPT_VERBOSE") == "1"

# Notifications a server may send at any time; skipped unless an expectation names them.
NOISE = {"window/logMessage", "$/logTrace", "telemetry/event", "$/progress"}
# Server -> client requests the runner answers by itself (null, or one null per item).
AUTO_REPLY = {"window/workDoneProgress/create", "client/registerCapability",
              "client/unregisterCapability", "workspace/configuration"}

ALPHABETS = {
    "hex": "0123456789abcdef",
    "HEX": "0123456789ABCDEF",
    "digits": string.digits,
    "lower": string.ascii_lowercase,
    "upper": string.ascii_uppercase,
    "alnum": string.ascii_letters + string.digits,
    "base62": string.digits + string.ascii_letters,
    "base64": string.ascii_letters + string.digits + "+/",
    "base64url": string.ascii_letters + string.digits + "-_",
}


class TranscriptError(Exception):
    """The transcript itself is malformed (exit status 2)."""


class CheckFailed(Exception):
    """The server did not behave as the transcript says (exit status 1)."""


# ---- generated values ----------------------------------------------------------------------

class Generated:
    """${gen:NAME:ALPHABET:LEN} makes a random value; ${NAME} and ${NAME:last4} reuse it."""

    def __init__(self):
        self.values = {}

    def substitute(self, text):
        def generate(m):
            name, alphabet, length = m.group(1), m.group(2), int(m.group(3))
            if alphabet not in ALPHABETS:
                raise TranscriptError(f"unknown alphabet {alphabet!r} in ${{gen:...}}")
            if name not in self.values:
                chars = ALPHABETS[alphabet]
                self.values[name] = "".join(secrets.choice(chars) for _ in range(length))
            return self.values[name]

        text = re.sub(r"\$\{gen:([A-Za-z_][A-Za-z0-9_]*):([A-Za-z0-9]+):(\d+)\}", generate, text)

        def reuse(m):
            name, part = m.group(1), m.group(2)
            if name not in self.values:
                raise TranscriptError(f"${{{name}}} used before ${{gen:{name}:...}}")
            value = self.values[name]
            if part is None:
                return value
            count = int(part[4:])
            return value[:count] if part.startswith("first") else value[-count:]

        return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::((?:first|last)\d+))?\}", reuse, text)

    def scrub(self, text):
        for name, value in self.values.items():
            text = text.replace(value, f"<gen:{name}>")
        return text


# ---- the transcript --------------------------------------------------------------------------

def split_blocks(text):
    """Blocks of (first line number, lines) separated by `---` lines; `#` lines dropped."""
    blocks, current, start = [], [], 1
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() == "---":
            blocks.append((start, current))
            current, start = [], number + 1
            continue
        if line.lstrip().startswith("#"):
            continue
        if not current and not line.strip():
            start = number + 1
            continue
        current.append(line)
    blocks.append((start, current))
    return [(n, lines) for n, lines in blocks if any(l.strip() for l in lines)]


def unescape_raw(text):
    """C-like escapes for RAW lines: \\r \\n \\t \\\\ \\xNN."""
    out, i = bytearray(), 0
    raw = text.encode("utf-8")
    while i < len(raw):
        c = raw[i:i + 1]
        if c == b"\\" and i + 1 < len(raw):
            e = raw[i + 1:i + 2]
            if e in (b"r", b"n", b"t", b"\\"):
                out += {b"r": b"\r", b"n": b"\n", b"t": b"\t", b"\\": b"\\"}[e]
                i += 2
                continue
            if e == b"x" and i + 4 <= len(raw):
                out.append(int(raw[i + 2:i + 4], 16))
                i += 4
                continue
        out += c
        i += 1
    return bytes(out)


def parse_json(text, where):
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise TranscriptError(f"{where}: not JSON ({e})") from None


# ---- matching ---------------------------------------------------------------------------------

def mismatch(expected, actual, path="$"):
    """None when `actual` contains `expected` (objects: listed keys; arrays: same length,
    element-wise), else a description of the first difference."""
    if isinstance(expected, str) and expected.startswith("~"):
        if expected == "~any":
            return None
        if expected.startswith("~re:"):
            if isinstance(actual, str) and re.search(expected[4:], actual):
                return None
            return f"at {path}: expected a string matching /{expected[4:]}/, got {short(actual)}"
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"at {path}: expected an object, got {short(actual)}"
        for key, value in expected.items():
            if value == "~absent":
                if key in actual:
                    return f"at {path}.{key}: expected no such key, got {short(actual[key])}"
                continue
            if key not in actual:
                return f"at {path}: missing key {key!r}"
            problem = mismatch(value, actual[key], f"{path}.{key}")
            if problem:
                return problem
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return f"at {path}: expected an array, got {short(actual)}"
        if len(expected) != len(actual):
            return f"at {path}: expected {len(expected)} elements, got {len(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            problem = mismatch(e, a, f"{path}[{i}]")
            if problem:
                return problem
        return None
    # bool is an int in Python: compare types too so that true never equals 1.
    same_kind = isinstance(expected, bool) == isinstance(actual, bool)
    if not same_kind or expected != actual:
        return f"at {path}: expected {short(expected)}, got {short(actual)}"
    return None


def short(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."


def summary(message):
    if "method" in message:
        kind = "request" if "id" in message else "notification"
        return f"{kind} {message['method']}" + (f" id={message['id']}" if "id" in message else "")
    if "error" in message:
        return f"error response id={message.get('id')} code={message['error'].get('code')}"
    return f"response id={message.get('id')}"


# ---- the server process ------------------------------------------------------------------------

class Server:
    def __init__(self, argv, generated):
        self.generated = generated
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.inbox = queue.Queue()
        self.pending = []  # received, not yet consumed by an expectation
        self.stderr_lines = []
        self.stderr_done = threading.Event()
        self.sentinels = 0
        self.started = False  # a first message arrived (see STARTUP)
        self.stderr_expectations = []  # (where, text) checked once the server has exited
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    # Frames are parsed strictly: the server's output must be well-formed.
    def _read_stdout(self):
        stream, buffer = self.proc.stdout, b""
        try:
            while True:
                while b"\r\n\r\n" not in buffer:
                    chunk = stream.read1(65536)
                    if not chunk:
                        if buffer.strip():
                            self.inbox.put(("bad", f"output ended inside a frame: {buffer[:80]!r}"))
                        self.inbox.put(("eof", None))
                        return
                    buffer += chunk
                header, buffer = buffer.split(b"\r\n\r\n", 1)
                length = None
                for line in header.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                if length is None:
                    self.inbox.put(("bad", f"frame without Content-Length: {header[:80]!r}"))
                    self.inbox.put(("eof", None))
                    return
                while len(buffer) < length:
                    chunk = stream.read1(65536)
                    if not chunk:
                        self.inbox.put(("bad", "output ended inside a body"))
                        self.inbox.put(("eof", None))
                        return
                    buffer += chunk
                body, buffer = buffer[:length], buffer[length:]
                try:
                    self.inbox.put(("message", json.loads(body.decode("utf-8"))))
                except (UnicodeDecodeError, json.JSONDecodeError) as e:
                    self.inbox.put(("bad", f"body is not JSON: {e}"))
        except Exception as e:  # pragma: no cover - reported to the main thread
            self.inbox.put(("bad", f"reading stdout failed: {e}"))
            self.inbox.put(("eof", None))

    def finish_stderr(self):
        """After exit: waits until stderr has been read to its end."""
        self.stderr_done.wait(timeout=TIMEOUT)

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr_lines.append(line.decode("utf-8", "replace").rstrip("\n"))
        self.stderr_done.set()

    def write(self, data):
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            raise CheckFailed("the server closed its input (did it exit or crash?)") from None

    def send(self, message):
        self.send_body(json.dumps(message, ensure_ascii=False).encode("utf-8"))

    def send_body(self, body):
        self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def close_input(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass

    # Waits for one more message into `pending`; False at the deadline or end of output.
    def _receive(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        try:
            kind, value = self.inbox.get(timeout=remaining)
        except queue.Empty:
            return False
        if kind == "eof":
            self.inbox.put((kind, value))  # stays at end of output
            time.sleep(0.01)
            return False
        if kind == "bad":
            raise CheckFailed(f"malformed server output: {value}")
        self.started = True
        if VERBOSE:
            print("  <-", self.generated.scrub(summary(value)))
        self._auto_reply(value)
        self.pending.append(value)
        return True

    def _auto_reply(self, message):
        if "id" not in message or message.get("method") not in AUTO_REPLY:
            return
        result = None
        if message["method"] == "workspace/configuration":
            items = (message.get("params") or {}).get("items") or []
            result = [None] * len(items)
        self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})

    def take(self, select, describe):
        """The first pending or incoming message `select` accepts (others stay pending)."""
        allowance = TIMEOUT if self.started else TIMEOUT + STARTUP
        deadline = time.monotonic() + allowance
        while True:
            for i, message in enumerate(self.pending):
                if select(message):
                    return self.pending.pop(i)
            was_started = self.started
            if not self._receive(deadline):
                break
            if not was_started:  # the server is up: back to the ordinary timeout
                deadline = min(deadline, time.monotonic() + TIMEOUT)
        seen = "\n".join("    " + summary(m) for m in self.pending) or "    (nothing)"
        ended = " (the server closed its output)" if self.proc.poll() is not None else ""
        waited = TIMEOUT if self.started else allowance
        raise CheckFailed(f"timed out after {waited:g}s waiting for {describe}{ended}; "
                          f"unconsumed messages:\n{self.generated.scrub(seen)}")

    def expect_nothing(self):
        """No (non-noise) message before the reply to a sentinel request: the server
        handles messages in order, so anything it would have sent is sent by then."""
        self.sentinels += 1
        sentinel = f"transcript-sentinel-{self.sentinels}"
        self.send({"jsonrpc": "2.0", "id": sentinel, "method": "$/transcript/sentinel"})
        self.take(lambda m: m.get("id") == sentinel and "method" not in m,
                  "the reply to the sentinel request")
        unexpected = [m for m in self.pending if m.get("method") not in NOISE]
        if unexpected:
            raise CheckFailed("expected no message, got:\n" + self.generated.scrub(
                "\n".join("    " + summary(m) for m in unexpected)))

    def wait_exit(self):
        try:
            return self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise CheckFailed(f"the server did not exit within {TIMEOUT:g}s") from None

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


# ---- running -----------------------------------------------------------------------------------

def expectation_selector(expected):
    if isinstance(expected, dict) and "method" in expected:
        method, has_id = expected["method"], "id" in expected
        return (lambda m: m.get("method") == method and (not has_id or m.get("id") == expected["id"]),
                f"a message with method {method}")
    if isinstance(expected, dict) and "id" in expected:
        return (lambda m: "method" not in m and m.get("id") == expected["id"]
                and ("result" in m or "error" in m),
                f"the response to id {json.dumps(expected['id'])}")
    return (lambda m: m.get("method") not in NOISE, "the next server message")


def check_expectation(server, text, where):
    body = text[3:].strip()
    if body == "ANY":
        server.take(lambda m: m.get("method") not in NOISE, "any server message")
        return
    if body == "NOTHING":
        server.expect_nothing()
        return
    expected = parse_json(body, where)
    select, describe = expectation_selector(expected)
    actual = server.take(select, describe)
    problem = mismatch(expected, actual)
    if problem:
        scrub = server.generated.scrub
        raise CheckFailed(
            f"{where}: message does not match ({problem})\n"
            f"  expected (subset):\n{indent(scrub(json.dumps(expected, indent=2, ensure_ascii=False)))}\n"
            f"  actual:\n{indent(scrub(json.dumps(actual, indent=2, ensure_ascii=False)))}")


def indent(text):
    return "\n".join("    " + line for line in text.splitlines())


def run_block(server, number, lines, where):
    text = "\n".join(lines).strip()
    first = lines[0].strip()
    if first.startswith("<<<"):
        if all(l.strip().startswith("<<<") for l in lines if l.strip()):
            for offset, line in enumerate(lines):
                if line.strip():
                    line_where = f"{where.rsplit(':', 1)[0]}:{number + offset}"
                    check_expectation(server, line.strip(), line_where)
        else:
            check_expectation(server, text, where)
        return "checked"
    if first.startswith("exit-code:"):
        wanted = int(first.split(":", 1)[1])
        code = server.wait_exit()
        if code != wanted:
            raise CheckFailed(f"{where}: exit code {code}, expected {wanted}")
        return "exited"
    if first.startswith("stderr:"):
        server.stderr_expectations.append((where, first.split(":", 1)[1].strip()))
        return "deferred"
    if first == "CLOSE":
        server.close_input()
        return "sent"
    if first.startswith("BODY:"):
        body = text[len("BODY:"):].lstrip(" ")
        server.send_body(body.encode("utf-8"))
        return "sent"
    if first.startswith("RAW:"):
        data = b""
        for line in lines:
            if not line.startswith("RAW:"):
                raise TranscriptError(f"{where}: every line of a RAW block starts with RAW:")
            data += unescape_raw(line[len("RAW:"):].lstrip(" "))
        server.write(data)
        return "sent"
    if first.startswith("args:"):
        raise TranscriptError(f"{where}: args: must be the first block")
    server.send(parse_json(text, where))
    return "sent"


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, path = argv[1], argv[2]
    name = os.path.basename(path)
    generated = Generated()
    try:
        with open(path, encoding="utf-8") as f:
            text = generated.substitute(f.read())
        blocks = split_blocks(text)
        args = []
        if blocks and blocks[0][1][0].strip().startswith("args:"):
            args = blocks[0][1][0].split(":", 1)[1].split()
            blocks = blocks[1:]
    except (OSError, TranscriptError) as e:
        print(f"ERROR {name}: {e}", file=sys.stderr)
        return 2

    try:
        server = Server([binary] + args, generated)
    except OSError as e:
        print(f"ERROR {name}: cannot start {binary}: {e}", file=sys.stderr)
        return 2
    checks, exited = 0, False
    try:
        for number, lines in blocks:
            where = f"{name}:{number}"
            outcome = run_block(server, number, lines, where)
            checks += outcome == "checked"
            exited = exited or outcome == "exited"
        if not exited:
            # End of input ends the server.
            server.close_input()
            code = server.wait_exit()
            if code < 0:
                raise CheckFailed(f"the server died from signal {-code}")
        server.finish_stderr()
        for where, wanted in server.stderr_expectations:
            if not any(wanted in line for line in server.stderr_lines):
                raise CheckFailed(f"{where}: no line on stderr contains {wanted!r}")
        sanitizer = [l for l in server.stderr_lines
                     if "Sanitizer" in l or "runtime error:" in l]
        if sanitizer:
            raise CheckFailed("sanitizer report on stderr:\n" + "\n".join(sanitizer[:20]))
    except TranscriptError as e:
        server.kill()
        print(f"ERROR {name}: {e}", file=sys.stderr)
        return 2
    except CheckFailed as e:
        server.kill()
        time.sleep(0.05)  # let the stderr reader catch up
        print(f"FAIL {name}: {generated.scrub(str(e))}", file=sys.stderr)
        tail = server.stderr_lines[-40:]
        if tail:
            print("  server stderr (last lines):", file=sys.stderr)
            print(generated.scrub("\n".join("    " + l for l in tail)), file=sys.stderr)
        return 1
    print(f"PASS {name} ({checks} expectations)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

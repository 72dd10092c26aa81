#!/usr/bin/env python3
"""The workspace configuration is reloaded when its files change (end-to-end, real binary).

A client that supports dynamic registration opens a JSON document holding two generated
fake Mailgun-shaped keys in a temporary workspace, then does what an editor does:
  1. the server asks to watch the configuration files (client/registerCapability);
  2. it applies the "add to .secretlsignore" quick-fix to disk and reports the change with
     workspace/didChangeWatchedFiles: the ignored key's diagnostic goes away;
  3. it applies "Disable rule ..." (edits .secretls.toml) and sends didSave for that file
     (the path of clients that do not watch files): no diagnostics are left;
  4. it breaks .secretls.toml: the server says so (window/logMessage), keeps running, and
     reports with the configuration it could read;
  5. it opens .secretls.toml and edits it without saving: the unsaved text counts;
  6. a half-typed (broken) unsaved text is reported but the last good configuration stays;
  7. closing the file without saving brings back the configuration on disk.

Usage: config_reload_test.py PATH/TO/secretls
Keys are generated per run and never printed.
"""
import json
import os
import secrets
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client_test import Client, Failure  # noqa: E402


def uri_of(path):
    return "file://" + urllib.parse.quote(path)


def offset_of(text, position):
    """Character offset of an LSP position in an ASCII text."""
    lines = text.split("\n")
    return sum(len(l) + 1 for l in lines[:position["line"]]) + position["character"]


def apply_text_edits(text, edits):
    for e in sorted(edits, key=lambda e: offset_of(text, e["range"]["start"]), reverse=True):
        start, end = offset_of(text, e["range"]["start"]), offset_of(text, e["range"]["end"])
        text = text[:start] + e["newText"] + text[end:]
    return text


def apply_workspace_edit(edit):
    """Applies a WorkspaceEdit to disk as an editor would (ASCII files only); returns paths."""
    touched = []
    for change in edit.get("documentChanges", []):
        if change.get("kind") == "create":
            path = urllib.parse.unquote(urllib.parse.urlparse(change["uri"]).path)
            if not os.path.exists(path):
                open(path, "w").close()
            touched.append(path)
        elif "textDocument" in change:
            path = urllib.parse.unquote(urllib.parse.urlparse(change["textDocument"]["uri"]).path)
            text = open(path).read() if os.path.exists(path) else ""
            with open(path, "w") as f:
                f.write(apply_text_edits(text, change["edits"]))
            touched.append(path)
    for uri, edits in edit.get("changes", {}).items():
        path = urllib.parse.unquote(urllib.parse.urlparse(uri).path)
        text = open(path).read() if os.path.exists(path) else ""
        with open(path, "w") as f:
            f.write(apply_text_edits(text, edits))
        touched.append(path)
    return touched


def code_action(client, uri, diagnostic, title_start):
    reply = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": diagnostic["range"],
        "context": {"diagnostics": [diagnostic]}})
    titles = [a["title"] for a in reply["result"]]
    for action in reply["result"]:
        if action["title"].startswith(title_start):
            return action
    raise Failure(f"no code action '{title_start}…' among {titles}")


def drop_publications(client):
    """Forgets the diagnostics received so far (the next step waits for new ones)."""
    client.pending = [m for m in client.pending
                      if m.get("method") != "textDocument/publishDiagnostics"]
    while True:
        try:
            m = client.inbox.get_nowait()
        except Exception:
            return
        if m.get("method") != "textDocument/publishDiagnostics":
            client.pending.append(m)


def wait_diagnostics(client, uri, count, what):
    """The next publication for uri with `count` diagnostics (earlier ones may be stale)."""
    def matches(m):
        return (m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri and len(m["params"]["diagnostics"]) == count)
    try:
        return client.wait(matches, f"{what}: {count} diagnostics")["params"]["diagnostics"]
    except Failure as e:
        seen = [len(m["params"]["diagnostics"]) for m in client.pending
                if m.get("method") == "textDocument/publishDiagnostics"]
        raise Failure(f"{e}; publications seen: {seen}")


def run(binary, root):
    keys = ["key-" + secrets.token_hex(16) for _ in range(2)]
    doc_path = os.path.join(root, "settings.json")
    text = '{\n  "mailgun_primary": "%s",\n  "mailgun_backup": "%s"\n}\n' % tuple(keys)
    with open(doc_path, "w") as f:
        f.write(text)
    uri = uri_of(doc_path)
    client = Client(binary)
    try:
        caps = {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True},
                              "workspaceEdit": {"documentChanges": True,
                                                "resourceOperations": ["create"]}}}
        client.request("initialize", {"processId": os.getpid(), "rootUri": uri_of(root),
                                      "capabilities": caps,
                                      "initializationOptions": {"debounceMs": 0}})
        client.notify("initialized", {})

        # 1. The server registers watchers for its configuration files.
        reg = client.wait(lambda m: m.get("method") == "client/registerCapability",
                          "client/registerCapability")
        client.send({"id": reg["id"], "result": None})
        globs = [w["globPattern"] for r in reg["params"]["registrations"]
                 for w in r["registerOptions"]["watchers"]]
        for name in (".secretls.toml", ".secretlsignore", ".gitleaksignore"):
            if not any(g.endswith(name) for g in globs):
                raise Failure(f"no watcher for {name}: {globs}")

        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "json", "version": 1, "text": text}})
        diags = client.diagnostics(uri, 1)
        if len(diags) != 2:
            raise Failure(f"expected 2 diagnostics at open, got {len(diags)}")

        # 2. Ignore the first key through .secretlsignore; the editor reports the file change.
        first = min(diags, key=lambda d: d["range"]["start"]["line"])
        action = code_action(client, uri, first, "Ignore this finding (add to .secretlsignore)")
        apply_workspace_edit(action["edit"])
        ignore_uri = uri_of(os.path.join(root, ".secretlsignore"))
        client.notify("workspace/didChangeWatchedFiles",
                      {"changes": [{"uri": ignore_uri, "type": 1}]})
        left = wait_diagnostics(client, uri, 1, "after .secretlsignore")
        if left[0]["range"]["start"]["line"] != 2:
            raise Failure(f"the wrong finding was ignored: {left[0]['range']}")

        # 3. Disable the rule; this time only a didSave tells the server.
        action = code_action(client, uri, left[0], "Disable rule mailgun-api-key")
        touched = apply_workspace_edit(action["edit"])
        toml = os.path.join(root, ".secretls.toml")
        if toml not in touched:
            raise Failure(f"disable-rule did not edit .secretls.toml: {touched}")
        client.notify("textDocument/didSave", {"textDocument": {"uri": uri_of(toml)}})
        wait_diagnostics(client, uri, 0, "after disabling the rule")

        # 4. A broken configuration is reported, and the server keeps going without it.
        with open(toml, "w") as f:
            f.write("[rules\ndisabled = \n")
        client.notify("workspace/didChangeWatchedFiles",
                      {"changes": [{"uri": uri_of(toml), "type": 2}]})
        client.wait(lambda m: m.get("method") == "window/logMessage"
                    and ".secretls.toml" in m["params"]["message"], "a logMessage naming the file")
        wait_diagnostics(client, uri, 1, "after breaking .secretls.toml")

        # 5. The editor opens .secretls.toml and edits it without saving (Neovim and Emacs
        #    leave a workspace edit's buffer unsaved): the unsaved text counts.
        toml_uri = uri_of(toml)
        with open(toml) as f:
            on_disk = f.read()
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": toml_uri, "languageId": "toml", "version": 1, "text": on_disk}})
        drop_publications(client)
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": toml_uri, "version": 2},
            "contentChanges": [{"text": 'disabled = ["mailgun-api-key"]\n'}]})
        wait_diagnostics(client, uri, 0, "after disabling the rule in the unsaved buffer")

        # 6. Half-typed (broken) unsaved text: reported, but the last good configuration
        #    stays in force (findings do not come back while the user types).
        drop_publications(client)
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": toml_uri, "version": 3},
            "contentChanges": [{"text": 'disabled = ["mailgun-api-key"\n'}]})
        client.wait(lambda m: m.get("method") == "window/logMessage"
                    and ".secretls.toml" in m["params"]["message"],
                    "a logMessage naming the unsaved file")
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]})
        if client.diagnostics(uri, 2):
            raise Failure("a half-typed unsaved configuration replaced the last good one")

        # 7. Closed without saving: the file on disk counts again.
        drop_publications(client)
        client.notify("textDocument/didClose", {"textDocument": {"uri": toml_uri}})
        wait_diagnostics(client, uri, 1, "after closing the unsaved configuration")

        reply = client.request("shutdown", None)
        if "error" in reply:
            raise Failure(f"shutdown failed: {reply['error']}")
        client.notify("exit", None)
        if client.proc.wait(timeout=10) != 0:
            raise Failure("exit code is not 0")
    finally:
        if client.proc.poll() is None:
            client.proc.kill()
    for k in keys:
        for line in client.stderr_lines:
            if k in line:
                raise Failure("a key appears in clear in the server's log")


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="secretls-reload-") as root:
        try:
            run(binary, os.path.realpath(root))
        except Failure as e:
            print(f"FAIL: {e}")
            return 1
    print("ok: configuration reload (watched files, didSave, broken file, unsaved edits)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

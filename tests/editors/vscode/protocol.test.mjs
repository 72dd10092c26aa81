// Fast protocol-level check of what the VS Code extension relies on, with the same LSP
// library stack as vscode-languageclient (vscode-jsonrpc + vscode-languageserver-protocol)
// and no VS Code: initialize with the extension's initializationOptions, diagnostics with
// exact UTF-16 ranges after non-ASCII text, an incremental change, the quick fix's edit,
// didChangeConfiguration switching a rule off, and a clean shutdown.
// Run: SECRETLS_SERVER=build/secretls HARNESS_MODULES=... node --test protocol.test.mjs
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const require = createRequire(path.join(process.env.HARNESS_MODULES, 'x.js'));
const lsp = require('vscode-languageserver-protocol/node');

const server = process.env.SECRETLS_SERVER;
const RULE = 'mailgun-api-key';
const secret = `key-${randomBytes(16).toString('hex')}`; // fake, generated now
const uri = 'file:///tmp/secretls-protocol-test/settings.py';
const prefix = 'config = {"名前": "🔑 ünïcödé", "mailgun": "';
const text = `# Übersicht — сервисы\n${prefix}${secret}"}\nprint(config)\n`;

function start() {
  const child = spawn(server, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = lsp.createProtocolConnection(
    new lsp.StreamMessageReader(child.stdout), new lsp.StreamMessageWriter(child.stdin));
  const published = [];
  const waiters = [];
  connection.onNotification(lsp.PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    for (const w of [...waiters]) {
      if (w.predicate(params)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(params);
      }
    }
  });
  connection.onRequest(lsp.ConfigurationRequest.type, (params) => params.items.map(() => ({})));
  connection.listen();
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  // The next publication for `uri` that satisfies `predicate` (or one already received).
  const diagnostics = (predicate, what) => {
    const seen = published.find((p) => p.uri === uri && predicate(p));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 10_000);
      waiters.push({ predicate: (p) => p.uri === uri && predicate(p),
        resolve: (p) => { clearTimeout(timer); resolve(p); } });
    });
  };
  return { connection, diagnostics, exited, published };
}

const findings = (p) => p.diagnostics.filter((d) => d.code === RULE);
const utf16 = (s) => s.length; // JS strings are UTF-16

test('secretls speaks the LSP the VS Code extension expects', { timeout: 30_000 }, async (t) => {
  const started = Date.now();
  const { connection, diagnostics, exited, published } = start();
  const init = await connection.sendRequest(lsp.InitializeRequest.type, {
    processId: process.pid, rootUri: null, capabilities: {
      workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
      textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
    },
    initializationOptions: { debounceMs: 0, disabledRules: [] },
  });
  await connection.sendNotification(lsp.InitializedNotification.type, {});
  const caps = init.capabilities;
  assert.ok(caps.textDocumentSync, 'no textDocumentSync');

  await connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'python', version: 1, text } });
  const first = await diagnostics((p) => findings(p).length === 1, 'the finding');
  const d = findings(first)[0];
  assert.equal(d.source, 'secretls');
  assert.deepEqual(d.range, { start: { line: 1, character: utf16(prefix) },
    end: { line: 1, character: utf16(prefix) + secret.length } });
  assert.ok(!d.message.includes(secret), 'the message shows the secret in clear');
  if (first.version !== undefined) assert.equal(first.version, 1);

  // Incremental change: two characters (one a surrogate pair) inserted at the line start.
  await connection.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '🔑' }],
  });
  const moved = await diagnostics((p) => findings(p).length === 1
    && findings(p)[0].range.start.character === utf16(prefix) + 2, 'the finding to move by 2');
  if (moved.version !== undefined) assert.equal(moved.version, 2);

  if (!caps.codeActionProvider) {
    t.diagnostic('SKIPPED: quick fix: the server does not advertise codeActionProvider');
    console.log('\n*** SKIPPED: quick fix: no codeActionProvider ***\n');
  } else {
    const diag = findings(moved)[0];
    const actions = await connection.sendRequest(lsp.CodeActionRequest.type, {
      textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
    const fix = actions.find((a) => a.isPreferred) ?? actions.find((a) => /environ/i.test(a.title));
    assert.ok(fix, `no preferred fix among ${actions.map((a) => a.title).join(' | ')}`);
    const edits = fix.edit.changes?.[uri]
      ?? fix.edit.documentChanges.find((c) => c.textDocument?.uri === uri).edits;
    assert.ok(edits.some((e) => /os\.(environ|getenv)/.test(e.newText)), 'no environment lookup in the edit');
    assert.ok(!JSON.stringify(edits).includes(secret), 'the edit writes the secret into the code');
  }

  // Switching the rule off through settings (what the extension's disabledRules does).
  await connection.sendNotification(lsp.DidChangeConfigurationNotification.type, {
    settings: { secretls: { disabledRules: [RULE] } } });
  await diagnostics((p) => published.indexOf(p) > published.indexOf(moved) && findings(p).length === 0,
    'the finding to go when its rule is switched off');

  await connection.sendRequest(lsp.ShutdownRequest.type);
  await connection.sendNotification(lsp.ExitNotification.type);
  assert.equal(await exited, 0, 'exit after shutdown must give status 0');
  connection.dispose();
  console.log(`protocol test: ${Date.now() - started} ms`);
});

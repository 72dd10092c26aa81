// Unit test of the extension's server lookup (editors/vscode/src/server-path.ts, loaded with
// Node 24's type stripping): setting, then bundled bin/, then PATH, else an error that says
// how to fix it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { findServer, ServerNotFound } = await import(path.join(here, '../../../editors/vscode/src/server-path.ts'));

function fakeExecutable(dir, name = 'secretls') {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, '#!/bin/sh\n');
  fs.chmodSync(file, 0o755);
  return file;
}

test('server lookup order and errors', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'secretls-path-'));
  const savedPath = process.env.PATH;
  try {
    const extension = path.join(root, 'extension');
    const onPath = fakeExecutable(path.join(root, 'path-bin'));
    process.env.PATH = path.join(root, 'empty');
    assert.throws(() => findServer(extension, ''), (e) => e instanceof ServerNotFound
      && /not found/.test(e.message) && /secretls\.path/.test(e.fix));
    process.env.PATH = path.dirname(onPath);
    assert.equal(findServer(extension, ''), onPath);
    const bundled = fakeExecutable(path.join(extension, 'bin'));
    assert.equal(findServer(extension, ''), bundled, 'the bundled binary wins over PATH');
    const configured = fakeExecutable(path.join(root, 'custom'), 'my-secretls');
    assert.equal(findServer(extension, configured), configured, 'the setting wins over all');
    assert.throws(() => findServer(extension, path.join(root, 'missing')),
      (e) => e instanceof ServerNotFound && /secretls\.path/.test(e.message));
    fs.chmodSync(configured, 0o644);
    assert.throws(() => findServer(extension, configured), ServerNotFound, 'not executable');
  } finally {
    process.env.PATH = savedPath;
    fs.rmSync(root, { recursive: true, force: true });
  }
});

// Finds the secretls executable: the `secretls.path` setting, else the binary bundled in
// the extension's bin/, else `secretls` on PATH. Pure Node (no vscode import).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// (No parameter properties: tests load this file with Node's type stripping.)
export class ServerNotFound extends Error {
  readonly fix: string;
  constructor(message: string, fix: string) {
    super(message);
    this.fix = fix;
  }
}

const exe = process.platform === 'win32' ? 'secretls.exe' : 'secretls';

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function expandHome(file: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(os.homedir(), file.slice(1)) : file;
}

export function findOnPath(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) {
      return path.join(dir, name);
    }
  }
  return undefined;
}

export function findServer(extensionPath: string, configured: string): string {
  if (configured) {
    const file = expandHome(configured.trim());
    if (isExecutable(file)) {
      return file;
    }
    throw new ServerNotFound(
      `the server set in "secretls.path" (${file}) does not exist or is not executable.`,
      'Fix the setting, or clear it to use the bundled binary or `secretls` on PATH.',
    );
  }
  const bundled = path.join(extensionPath, 'bin', exe);
  if (isExecutable(bundled)) {
    return bundled;
  }
  const onPath = findOnPath(exe);
  if (onPath) {
    return onPath;
  }
  throw new ServerNotFound(
    'the secretls server was not found (no "secretls.path" setting, no bundled bin/secretls, no secretls on PATH).',
    'Build it (scripts/build.sh release in the secretls repository) and set "secretls.path" to build/secretls, or put secretls on your PATH.',
  );
}

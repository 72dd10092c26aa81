// Turns the JSON report of `secretls scan --format json` into VS Code diagnostics. The
// report gives byte offsets; VS Code wants UTF-16 columns, computed here from the file.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export interface ScanFinding {
  path: string;
  rule: string;
  title: string;
  severity: string;
  start_byte: number;
  end_byte: number;
  masked: string;
}

export interface ScanReport {
  findings: ScanFinding[];
  errors?: { path: string; message: string }[];
}

function severity(name: string): vscode.DiagnosticSeverity {
  switch (name) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    default:
      return vscode.DiagnosticSeverity.Information;
  }
}

// Line and UTF-16 column of a byte offset in `bytes`.
export function positionAt(bytes: Buffer, offset: number): vscode.Position {
  let line = 0;
  let lineStart = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  let prefix = bytes.subarray(lineStart, offset).toString('utf8');
  if (prefix.endsWith('\r')) {
    prefix = prefix.slice(0, -1);
  }
  return new vscode.Position(line, prefix.length);
}

export function scanResultToDiagnostics(report: ScanReport, root: string): Map<vscode.Uri, vscode.Diagnostic[]> {
  const byFile = new Map<string, ScanFinding[]>();
  for (const finding of report.findings) {
    const file = path.resolve(root, finding.path);
    byFile.set(file, [...(byFile.get(file) ?? []), finding]);
  }
  const result = new Map<vscode.Uri, vscode.Diagnostic[]>();
  for (const [file, findings] of byFile) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      continue;
    }
    result.set(vscode.Uri.file(file), findings.map((f) => {
      const range = new vscode.Range(positionAt(bytes, f.start_byte), positionAt(bytes, f.end_byte));
      const diagnostic = new vscode.Diagnostic(range, `${f.title}: ${f.masked}`, severity(f.severity));
      diagnostic.source = 'secretls';
      diagnostic.code = f.rule;
      return diagnostic;
    }));
  }
  return result;
}

// The secretls VS Code extension: starts the secretls language server for every file
// (file and untitled schemes, any language), shows the workspace's finding count in the
// status bar, and adds commands to restart the server, show its output and scan the
// workspace (through `secretls scan --format json`, for files that are not open).
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ProvideDiagnosticSignature,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { execFile } from 'child_process';
import { findServer, ServerNotFound } from './server-path';
import { scanResultToDiagnostics, ScanReport } from './scan';

const SOURCE = 'secretls';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let statusItem: vscode.StatusBarItem;
let scanDiagnostics: vscode.DiagnosticCollection;

function settings() {
  return vscode.workspace.getConfiguration('secretls');
}

// What the server reads from initializationOptions (and, except configFile, from
// workspace/didChangeConfiguration's settings.secretls).
function initializationOptions() {
  const config = settings();
  const options: Record<string, unknown> = {
    debounceMs: config.get<number>('debounceMs', 50),
    disabledRules: config.get<string[]>('disabledRules', []),
  };
  const configFile = config.get<string>('configFile', '');
  if (configFile) {
    options.configFile = configFile;
  }
  return options;
}

async function reportMissingServer(error: ServerNotFound) {
  output.error(error.message);
  const choice = await vscode.window.showErrorMessage(
    `secretls: ${error.message} ${error.fix}`,
    'Open Settings',
    'Show Output',
  );
  if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'secretls.path');
  } else if (choice === 'Show Output') {
    output.show();
  }
}

async function startClient(context: vscode.ExtensionContext) {
  let command: string;
  try {
    command = findServer(context.extensionPath, settings().get<string>('path', ''));
  } catch (error) {
    if (error instanceof ServerNotFound) {
      updateStatus();
      await reportMissingServer(error);
      return;
    }
    throw error;
  }
  output.info(`starting ${command}`);
  const serverOptions: ServerOptions = {
    run: { command, transport: TransportKind.stdio },
    debug: { command, transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    // Secrets hide in any language and in config files: every document on disk or unsaved.
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    initializationOptions: initializationOptions(),
    synchronize: { configurationSection: 'secretls' },
    outputChannel: output,
    traceOutputChannel: output,
    diagnosticCollectionName: SOURCE,
    middleware: {
      // The server both pushes diagnostics and answers pulls (textDocument/diagnostic).
      // vscode-languageclient keeps pulled ones in a second collection, so each finding
      // would show twice: keep the pushed ones (debounced, tagged with the version) and
      // answer pulls with nothing.
      provideDiagnostics: () => ({ kind: 'full', items: [] }) as unknown as ReturnType<ProvideDiagnosticSignature>,
    },
  };
  client = new LanguageClient('secretls', 'secretls', serverOptions, clientOptions);
  client.onDidChangeState(() => updateStatus());
  try {
    await client.start();
  } catch (error) {
    output.error(`the server failed to start: ${String(error)}`);
    void vscode.window.showErrorMessage(
      `secretls: the server ${command} failed to start. See the secretls output for details.`,
    );
  }
  updateStatus();
}

async function stopClient() {
  const running = client;
  client = undefined;
  if (running && running.state !== State.Stopped) {
    await running.stop();
  }
}

// Findings in the workspace: the language server's plus those of the last workspace scan.
function countFindings(): number {
  let count = 0;
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    count += diagnostics.filter((d) => d.source === SOURCE).length;
  }
  return count;
}

function updateStatus() {
  if (!statusItem) {
    return;
  }
  if (!client || client.state !== State.Running) {
    statusItem.text = '$(shield) secretls: off';
    statusItem.tooltip = 'The secretls server is not running. Click to show its output.';
    statusItem.command = 'secretls.showOutput';
    statusItem.backgroundColor = undefined;
  } else {
    const count = countFindings();
    statusItem.text = count === 0 ? '$(shield) no secrets' : `$(warning) ${count} secret${count === 1 ? '' : 's'}`;
    statusItem.tooltip = count === 0
      ? 'secretls found no hard-coded secrets in the open files'
      : `secretls: ${count} hard-coded secret${count === 1 ? '' : 's'} in the workspace. Click to list them.`;
    statusItem.command = 'workbench.actions.view.problems';
    statusItem.backgroundColor = count === 0
      ? undefined
      : new vscode.ThemeColor('statusBarItem.warningBackground');
  }
  statusItem.show();
}

function runScan(command: string, folder: string, config: string): Promise<ScanReport> {
  const args = ['scan', '--format', 'json'];
  if (config) {
    args.push('--config', config);
  }
  args.push(folder);
  return new Promise((resolve, reject) => {
    // Exit code 1 means "findings": only 2 and signals are failures.
    execFile(command, args, { maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      // For a non-zero exit, execFile's error carries the exit code as a number.
      const exitCode = error ? (error as { code?: unknown }).code : 0;
      if (error && exitCode !== 1) {
        reject(new Error(stderr.trim() || String(error)));
        return;
      }
      try {
        resolve(JSON.parse(stdout) as ScanReport);
      } catch (parseError) {
        const detail = stderr.trim().split('\n').slice(-5).join(' / ');
        reject(new Error(`unreadable output of ${command} ${args.join(' ')} (exit ${String(exitCode)}, `
          + `${stdout.length} bytes): ${String(parseError)}${detail ? `; stderr: ${detail}` : ''}`));
      }
    });
  });
}

// Scans every workspace folder with the CLI. Open documents keep the language server's
// live diagnostics; the scan fills in the files that are not open.
async function scanWorkspace(context: vscode.ExtensionContext) {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('secretls: open a folder to scan a workspace.');
    return;
  }
  let command: string;
  try {
    command = findServer(context.extensionPath, settings().get<string>('path', ''));
  } catch (error) {
    if (error instanceof ServerNotFound) {
      await reportMissingServer(error);
      return;
    }
    throw error;
  }
  const found = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'secretls: scanning the workspace' },
    async () => {
      scanDiagnostics.clear();
      let total = 0;
      for (const folder of folders.filter((f) => f.uri.scheme === 'file')) {
        const report = await runScan(command, folder.uri.fsPath, settings().get<string>('configFile', ''));
        for (const [uri, diagnostics] of scanResultToDiagnostics(report, folder.uri.fsPath)) {
          total += diagnostics.length;
          if (!isOpen(uri)) {
            scanDiagnostics.set(uri, diagnostics);
          }
        }
        for (const error of report.errors ?? []) {
          output.warn(`scan: ${error.path}: ${error.message}`);
        }
      }
      return total;
    },
  );
  updateStatus();
  const message = found === 0
    ? 'secretls: no hard-coded secrets in the workspace.'
    : `secretls: ${found} hard-coded secret${found === 1 ? '' : 's'} in the workspace.`;
  const choice = await vscode.window.showInformationMessage(message, ...(found ? ['Show Problems'] : []));
  if (choice === 'Show Problems') {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
  }
}

function isOpen(uri: vscode.Uri) {
  return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
}

export async function activate(context: vscode.ExtensionContext) {
  output = vscode.window.createOutputChannel('secretls', { log: true });
  statusItem = vscode.window.createStatusBarItem('secretls.findings', vscode.StatusBarAlignment.Left, 100);
  statusItem.name = 'secretls findings';
  scanDiagnostics = vscode.languages.createDiagnosticCollection('secretls-scan');
  context.subscriptions.push(
    output,
    statusItem,
    scanDiagnostics,
    vscode.languages.onDidChangeDiagnostics(() => updateStatus()),
    // Once a scanned file is open, the language server reports it (live).
    vscode.workspace.onDidOpenTextDocument((doc) => scanDiagnostics.delete(doc.uri)),
    vscode.commands.registerCommand('secretls.restartServer', async () => {
      await stopClient();
      await startClient(context);
    }),
    vscode.commands.registerCommand('secretls.showOutput', () => output.show()),
    vscode.commands.registerCommand('secretls.scanWorkspace', () => scanWorkspace(context)),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      // The path and the extra config file are read at start: restart for them. The
      // other settings reach the running server through didChangeConfiguration.
      if (event.affectsConfiguration('secretls.path') || event.affectsConfiguration('secretls.configFile')) {
        await stopClient();
        await startClient(context);
      }
    }),
  );
  updateStatus();
  await startClient(context);
}

export async function deactivate() {
  await stopClient();
}

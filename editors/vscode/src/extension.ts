// roadmap-ls for VS Code: starts the server for Python files and sends it the
// `roadmap.*` settings. No telemetry.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ClientCapabilities,
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  StaticFeature,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

/** The `roadmap` section as the server reads it: without `server.*`, without unset keys. */
function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('roadmap');
  const settings: Record<string, unknown> = {};
  for (const key of ['roadmaps', 'severity', 'occurrences', 'disabledConcepts', 'minimumStage', 'lessonUrlTemplate', 'maxFileSize']) {
    const value = config.get(key);
    if (value === null || value === undefined || value === '') continue;
    settings[key] = value;
  }
  return settings;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The setting, else the bundled binary, else roadmap-ls on PATH. */
function findServer(context: vscode.ExtensionContext): { command: string; from: string } | undefined {
  const configured = vscode.workspace.getConfiguration('roadmap').get<string | null>('server.path');
  if (configured) {
    return isExecutable(configured) ? { command: configured, from: 'the roadmap.server.path setting' } : undefined;
  }
  const exe = process.platform === 'win32' ? 'roadmap-ls.exe' : 'roadmap-ls';
  const bundled = context.asAbsolutePath(path.join('server', exe));
  if (isExecutable(bundled)) return { command: bundled, from: 'the binary bundled with the extension' };
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, exe))) return { command: path.join(dir, exe), from: 'PATH' };
  }
  return undefined;
}

/** The server reads `workspace.diagnostic.refreshSupport` (lsp-types' spelling) while the
 * protocol and this client say `workspace.diagnostics`: offer both, so a settings change
 * re-pulls the diagnostics at once. */
const refreshCapability: StaticFeature = {
  fillClientCapabilities(capabilities: ClientCapabilities) {
    const workspace = (capabilities.workspace ??= {}) as Record<string, unknown>;
    workspace.diagnostic = { refreshSupport: true };
  },
  initialize() {},
  getState: () => ({ kind: 'static' }),
  clear() {},
};

async function start(context: vscode.ExtensionContext): Promise<void> {
  const server = findServer(context);
  if (!server) {
    const configured = vscode.workspace.getConfiguration('roadmap').get<string | null>('server.path');
    const message = configured
      ? `roadmap-ls: the roadmap.server.path setting points at ${configured}, which is not an executable file. Fix the setting or clear it to use the bundled server.`
      : 'roadmap-ls: no server found (not bundled with the extension, not on PATH). Install it with `cargo install --path .` in the roadmap-ls repository, or set roadmap.server.path.';
    output.appendLine(message);
    const choice = await vscode.window.showErrorMessage(message, 'Open Settings');
    if (choice === 'Open Settings') {
      void vscode.commands.executeCommand('workbench.action.openSettings', 'roadmap.server.path');
    }
    return;
  }
  output.appendLine(`Starting roadmap-ls: ${server.command} (from ${server.from})`);
  const serverOptions: ServerOptions = { command: server.command, args: ['--stdio'] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'python' }],
    initializationOptions: { roadmap: serverSettings() },
    outputChannel: output,
    middleware: {
      workspace: {
        // workspace/configuration for section `roadmap`: the same filtered settings.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return params.items.map((item, i) => (item.section === 'roadmap' ? serverSettings() : result[i]));
        },
      },
    },
  };
  client = new LanguageClient('roadmap-ls', 'roadmap-ls', serverOptions, clientOptions);
  client.registerFeature(refreshCapability);
  await client.start();
}

async function stop(): Promise<void> {
  const old = client;
  client = undefined;
  if (old) await old.stop();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('roadmap-ls');
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand('roadmap.restartServer', async () => {
      output.appendLine('Restarting roadmap-ls');
      await stop();
      await start(context);
    }),
    vscode.commands.registerCommand('roadmap.showServerLog', () => output.show(true)),
    vscode.commands.registerCommand('roadmap.openLessonAtCursor', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!client || !editor) {
        void vscode.window.showInformationMessage('roadmap-ls: open a Python file first.');
        return;
      }
      // The server opens the link itself (window/showDocument) and returns it.
      const link = await client.sendRequest(ExecuteCommandRequest.type, {
        command: 'roadmap.openLesson',
        arguments: [
          {
            uri: client.code2ProtocolConverter.asUri(editor.document.uri),
            position: client.code2ProtocolConverter.asPosition(editor.selection.active),
          },
        ],
      });
      if (typeof link === 'string') output.appendLine(`Lesson: ${link}`);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('roadmap.server.path')) {
        await vscode.commands.executeCommand('roadmap.restartServer');
      } else if (event.affectsConfiguration('roadmap') && client?.isRunning()) {
        const roadmap = serverSettings();
        output.appendLine(`Settings changed: sending ${JSON.stringify(roadmap)}`);
        await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { roadmap } });
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

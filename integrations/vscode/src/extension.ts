// The claimlint extension for VS Code: starts `claimlint server` for
// Markdown files and hands the editor to it through vscode-languageclient.
// Everything claimlint shows (diagnostics, hovers, quick fixes, completion)
// comes from the server; this file only starts it and names two commands.
// It does not lint anything itself.

import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("claimlint");
  const command = config.get<string>("path", "claimlint");
  const args = ["server", ...config.get<string[]>("args", [])];
  const serverOptions: ServerOptions = {
    run: { command, args },
    debug: { command, args },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
      { scheme: "file", pattern: "**/*.mdx" },
    ],
    synchronize: {
      // claimlint.toml, evidence.toml and any file they extend.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.toml"),
    },
  };
  client = new LanguageClient("claimlint", "claimlint", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand("claimlint.checkWorkspace", () =>
      run("claimlint.checkWorkspace", []),
    ),
    vscode.commands.registerCommand("claimlint.exportRegister", async () => {
      const format = await vscode.window.showQuickPick(["markdown", "csv"], {
        placeHolder: "Register format",
      });
      if (!format) {
        return;
      }
      const result = (await run("claimlint.exportRegister", [format])) as
        | { text: string }
        | undefined;
      if (result) {
        const doc = await vscode.workspace.openTextDocument({
          content: result.text,
          language: format === "csv" ? "csv" : "markdown",
        });
        await vscode.window.showTextDocument(doc);
      }
    }),
  );
  await client.start();
}

/** Runs one of the server's commands. */
async function run(command: string, args: unknown[]): Promise<unknown> {
  if (!client) {
    return undefined;
  }
  return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

// A minimal VS Code extension: start `clausegen lsp` for .regime files.
// Everything else (diagnostics, hover, completion, formatting) is the server's.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("clausegen").get("command", ["clausegen", "lsp"]);
  client = new LanguageClient(
    "clausegen",
    "clausegen",
    { command, args },
    { documentSelector: [{ language: "regime" }] }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };

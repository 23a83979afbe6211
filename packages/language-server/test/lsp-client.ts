/** A scripted LSP client: spawns `zephyr-language-server --stdio` (the built dist/bin.js) and talks JSON-RPC to it. */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  createProtocolConnection,
  type Diagnostic,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node.js";

export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

export interface Session {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** Resolves with the next diagnostics published for `uri` at `version` or later. */
  diagnostics(uri: string, version?: number): Promise<Diagnostic[]>;
  /** The server's capabilities from its initialize result. */
  capabilities: Record<string, unknown>;
  /** Every diagnostics notification received, in order. */
  history: PublishDiagnosticsParams[];
  stderr(): string;
  close(): Promise<void>;
}

export async function startSession(
  initializationOptions: Record<string, unknown> = { debounceMs: 10 },
): Promise<Session> {
  const child = spawn(process.execPath, [BIN, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (b) => {
    stderr += b;
  });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const published: PublishDiagnosticsParams[] = [];
  const history: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; version: number; resolve: (d: Diagnostic[]) => void }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    history.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && (p.version ?? 0) >= w.version) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  connection.listen();
  const init = (await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    initializationOptions,
  })) as { capabilities: Record<string, unknown> };
  await connection.sendNotification("initialized", {});
  return {
    connection,
    process: child,
    history,
    capabilities: init.capabilities,
    stderr: () => stderr,
    diagnostics(uri, version = 0) {
      const done = published.find((p) => p.uri === uri && (p.version ?? 0) >= version);
      if (done) {
        published.splice(published.indexOf(done), 1);
        return Promise.resolve(done.diagnostics);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no diagnostics for ${uri}@${version}; stderr: ${stderr}`)),
          10_000,
        );
        waiters.push({
          uri,
          version,
          resolve: (d) => {
            clearTimeout(timer);
            resolve(d);
          },
        });
      });
    },
    async close() {
      await connection.sendRequest("shutdown");
      await connection.sendNotification("exit");
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        else child.once("exit", () => resolve());
      });
      connection.dispose();
    },
  };
}

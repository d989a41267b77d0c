// A real Precis server for the browser tests: the built binary on loopback
// ports the system picks, seeded with the demo articles.

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

/** The server binary: PRECIS_BIN, else the release build of this checkout. */
const binary = process.env.PRECIS_BIN ?? resolve(import.meta.dirname, "../../../target/release/precis");

/** A running server and where it listens. */
export interface Server {
  /** The reader page's origin, e.g. http://127.0.0.1:41234. */
  readerUrl: string;
  /** The gRPC port's origin. */
  grpcUrl: string;
  stop(): Promise<void>;
}

/** Seeds a fresh data directory, starts `precis serve` on ports 0, and
 * resolves once the server has logged both bound addresses (the listeners
 * are bound before they are logged, so connections succeed from then on). */
export async function startServer(extraArgs: string[] = []): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), "precis-web-"));
  execFileSync(binary, ["seed-demo", "--data-dir", dataDir], { stdio: "pipe" });
  const child = spawn(
    binary,
    ["--log-format", "json", "serve", "--addr", "127.0.0.1:0", "--web-addr", "127.0.0.1:0", "--data-dir", dataDir, ...extraArgs],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const stop = async () => {
    child.kill("SIGTERM");
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const addresses = await boundAddresses(child);
    return { readerUrl: `http://${addresses.reader}`, grpcUrl: `http://${addresses.grpc}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Reads the server's JSON log lines until both addresses are logged, and
 * goes on reading them so the server never blocks on a full pipe. */
function boundAddresses(child: ChildProcess): Promise<{ reader: string; grpc: string }> {
  return new Promise((resolve, reject) => {
    const found: { reader?: string; grpc?: string } = {};
    const log: string[] = [];
    const lines = createInterface({ input: child.stderr! });
    lines.on("line", (line) => {
      log.push(line);
      const fields = JSON.parse(line).fields ?? {};
      const message = String(fields.message ?? "");
      if (message.startsWith("reader page at")) found.reader = fields.addr;
      if (message === "precis serving gRPC") found.grpc = fields.addr;
      if (found.reader && found.grpc) resolve({ reader: found.reader, grpc: found.grpc });
    });
    lines.on("close", () => reject(new Error(`the server stopped before listening:\n${log.join("\n")}`)));
  });
}

import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** The repository's root, where the apps' entry points are named from. */
export const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");

export interface AppProcessOptions {
  env: Record<string, string>;
  /** Node flags before the entry, e.g. the ones the app's start script uses. */
  nodeFlags?: string[];
}

/**
 * Runs an app's TypeScript entry point (a path from the repository root) as one Node process
 * under `node --import tsx`: no wrapper process, so a signal, SIGKILL included, reaches the
 * app itself.
 */
export function startAppProcess(entry: string, options: AppProcessOptions): ChildProcess {
  const flags = options.nodeFlags ?? [];
  // A built entry (dist/main.js) runs on plain node, as in production.
  const loader = entry.endsWith(".ts") ? ["--import", "tsx"] : [];
  return spawn(process.execPath, [...flags, ...loader, entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_OPTIONS: "", ...options.env },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

/**
 * Sends `signal` and waits for the exit; a process still running after `forceAfterMs` is
 * killed outright, so a stuck shutdown cannot hang the caller.
 */
export async function stopProcess(
  child: ChildProcess,
  signal: NodeJS.Signals = "SIGTERM",
  forceAfterMs = 15_000,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  // Cleared once the process is gone, so no timer outlives it and holds the test run open.
  const force = setTimeout(() => child.kill("SIGKILL"), forceAfterMs);
  await exited;
  clearTimeout(force);
}

/** A free TCP port on the loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits until `url` answers at all (any status). */
export async function waitForHttp(url: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > until) throw new Error(`${url} did not come up`);
      await sleep(100);
    }
  }
}

import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const repoRoot = path.resolve(import.meta.dirname, "..");

/**
 * Runs a TypeScript entry point as its own Node process (no tsx wrapper process), with the
 * Node flags its package's start script uses.
 */
export function startProcess(
  entry: string,
  env: Record<string, string>,
  nodeFlags: string[] = [],
): ChildProcess {
  // BENCH_PROFILE=1 writes a V8 CPU profile of each process to bench/results/.
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir=bench/results"] : [];
  return spawn(process.execPath, [...profile, ...nodeFlags, "--import", "tsx", entry], {
    cwd: repoRoot,
    env: { ...process.env, NODE_OPTIONS: "", ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
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

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(15_000).then(() => child.kill("SIGKILL"))]);
}

import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, startAppProcess, stopProcess } from "@reprise/testing";

export { stopProcess };

/**
 * The real worker (src/main.ts) as a child process, so a test can SIGKILL it. It runs under
 * `node --import tsx`, one process with no wrapper, so the signal reaches the worker itself.
 */
export function spawnWorker(env: Record<string, string>): ChildProcess {
  return startAppProcess("apps/worker/src/main.ts", { env: { LOG_LEVEL: "warn", ...env } });
}

/** A redis-server of the test's own, so stopping it never touches the machine's shared one. */
export interface OwnRedis {
  url: string;
  port: number;
  /** `SHUTDOWN NOSAVE`: Redis stops and forgets everything. */
  shutdownNoSave(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;

  const start = async () => {
    child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      {
        stdio: "ignore",
      },
    );
    await waitForRedis(port);
  };
  const shutdownNoSave = async () => {
    const running = child;
    if (!running) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    spawn("redis-cli", ["-p", String(port), "SHUTDOWN", "NOSAVE"], { stdio: "ignore" });
    await exited;
    child = null;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    shutdownNoSave,
    stop: async () => {
      if (child) await stopProcess(child);
    },
  };
}

async function waitForRedis(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const ok = await new Promise<boolean>((resolve) => {
      const ping = spawn("redis-cli", ["-p", String(port), "ping"], { stdio: "ignore" });
      ping.once("exit", (code) => resolve(code === 0));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`redis-server on port ${port} did not start`);
}

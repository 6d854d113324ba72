import type { ChildProcess } from "node:child_process";
import { startAppProcess } from "@reprise/testing";

/** An app as its own process; BENCH_PROFILE=1 writes a V8 CPU profile to bench/results/. */
export function startProcess(
  entry: string,
  env: Record<string, string>,
  nodeFlags: string[] = [],
): ChildProcess {
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir=bench/results"] : [];
  return startAppProcess(entry, { env, nodeFlags: [...profile, ...nodeFlags] });
}

import { readdirSync, readFileSync } from "node:fs";

// CPU time per process, read from /proc: on two shared cores a throughput figure alone cannot
// say which process spent the machine, and CPU seconds per job vary far less than jobs per
// second from one run to the next.

/** Clock ticks per second of /proc's utime and stime: 100 on Linux everywhere. */
const TICKS_PER_SECOND = 100;

export type CpuSnapshot = Map<number, { group: string; ticks: number }>;

/** Which group a process counts in: one the caller named, else the shared services. */
function groupOf(pid: number, command: string, named: ReadonlyMap<number, string>): string {
  const group = named.get(pid);
  if (group) return group;
  if (pid === process.pid) return "load generator";
  if (command === "postgres") return "postgres";
  if (command === "redis-server") return "redis";
  return "other";
}

/** The CPU ticks of every process now, grouped by `named` (pid → group). */
export function snapshotCpu(named: ReadonlyMap<number, string>): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // it exited meanwhile
    }
    const command = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    snapshot.set(pid, { group: groupOf(pid, command, named), ticks });
  }
  return snapshot;
}

/** Milliseconds of CPU each group spent between two snapshots, divided by `per`. */
export function cpuMsBetween(before: CpuSnapshot, after: CpuSnapshot, per = 1) {
  const spent: Record<string, number> = {};
  for (const [pid, { group, ticks }] of after) {
    const delta = ticks - (before.get(pid)?.ticks ?? 0);
    if (delta > 0) spent[group] = (spent[group] ?? 0) + delta;
  }
  return Object.fromEntries(
    Object.entries(spent)
      .sort(([, a], [, b]) => b - a)
      .map(([group, ticks]) => [
        group,
        Number(((ticks * 1000) / TICKS_PER_SECOND / per).toFixed(2)),
      ]),
  );
}

import { MJ_SUBMISSION_KINDS, type MjSubmissionKind } from "./mj/types.js";
import type { NotificationCounts } from "./notifier.js";
import { SUNO_KINDS, type SunoKind } from "./suno/types.js";

export type Protocol = "mj" | "suno";

/** Why an answer created nothing. */
export const REFUSALS = [
  "unauthorized",
  "invalid",
  "not-found",
  "banned",
  "rate-limited",
  "rejected",
  "http-error",
  "hung",
] as const;
export type Refusal = (typeof REFUSALS)[number];

/** What `GET /__sim/stats` reports; tests use it to prove how often the upstream was asked. */
export interface SimulatorStats {
  /** Accepted submissions (each created or confirmed a task), per kind. */
  submissions: { mj: Record<MjSubmissionKind, number>; suno: Record<SunoKind, number> };
  /** Answers that created nothing, per reason, submissions and polls alike. */
  refusals: Record<Protocol, Record<Refusal, number>>;
  /** Status reads: MJ fetch and list-by-condition, Suno record-info. */
  polls: Record<Protocol, number>;
  notifications: NotificationCounts;
}

/** Counters behind the stats endpoint; reset with the rest of the state. */
export class StatsRecorder {
  private current = emptyCounters();

  submitted(protocol: "mj", kind: MjSubmissionKind): void;
  submitted(protocol: "suno", kind: SunoKind): void;
  submitted(protocol: Protocol, kind: string): void {
    const counters: Record<string, number> = this.current.submissions[protocol];
    counters[kind] = (counters[kind] ?? 0) + 1;
  }

  refused(protocol: Protocol, reason: Refusal): void {
    this.current.refusals[protocol][reason] += 1;
  }

  polled(protocol: Protocol): void {
    this.current.polls[protocol] += 1;
  }

  snapshot(notifications: NotificationCounts): SimulatorStats {
    return structuredClone({ ...this.current, notifications });
  }

  reset(): void {
    this.current = emptyCounters();
  }
}

function emptyCounters(): Omit<SimulatorStats, "notifications"> {
  return {
    submissions: { mj: zeros(MJ_SUBMISSION_KINDS), suno: zeros(SUNO_KINDS) },
    refusals: { mj: zeros(REFUSALS), suno: zeros(REFUSALS) },
    polls: { mj: 0, suno: 0 },
  };
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

import { randomUUID } from "node:crypto";

/**
 * Midjourney-proxy ids are numeric strings built from the submit time. These are epoch
 * microseconds, bumped when two tasks share one, so they stay unique and increasing within
 * the process and unlikely to repeat after a restart.
 */
export function createMjIdSource(now: () => number): () => string {
  let last = 0;
  return () => {
    last = Math.max(now() * 1000, last + 1);
    return String(last);
  };
}

/** sunoapi task ids are 32 hex digits. */
export function newSunoTaskId(): string {
  return randomUUID().replaceAll("-", "");
}

/** sunoapi audio ids (`sunoData[].id`) are UUIDs. */
export function newSunoAudioId(): string {
  return randomUUID();
}

/** The upstream message hash a Midjourney task's buttons carry. */
export function newMessageHash(): string {
  return randomUUID();
}

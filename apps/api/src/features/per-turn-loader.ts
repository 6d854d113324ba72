import DataLoader from "dataloader";

/** More than this many calls in one turn are split into several batches. */
const MAX_BATCH = 100;

/**
 * A loader that gathers the calls made during one turn of the event loop into one call of
 * `batch`, which answers for every key in order. Scheduling on `setImmediate` rather than
 * DataLoader's default (the end of the current callback) lets the requests read in the same
 * poll phase share a round trip, so under load one statement or Redis call serves many
 * requests, and an idle API adds no wait. Nothing is cached: every turn reads afresh, so a
 * deactivated key or a finished parent is seen on the next request.
 */
export function perTurnLoader<Key, Value>(
  batch: (keys: readonly Key[]) => Promise<readonly (Value | Error)[]>,
): DataLoader<Key, Value> {
  return new DataLoader(batch, {
    cache: false,
    maxBatchSize: MAX_BATCH,
    batchScheduleFn: (run) => setImmediate(run),
  });
}

/** Answers `keys` in order from `rows` that carry their key in `keyOf`; null when absent. */
export function inKeyOrder<Key, Row>(
  keys: readonly Key[],
  rows: readonly Row[],
  keyOf: (row: Row) => Key,
): (Row | null)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}

/**
 * Error codes that mean "the database cannot be reached", not "the query was wrong": socket
 * errors, PostgreSQL's connection-exception class (08xxx), shutdown and too-many-connections
 * codes, and Prisma's own codes for the same.
 */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EPIPE",
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "P1001",
  "P1002",
  "P1017",
  "P2024",
]);

/** The driver adapter's names for the same failures (`meta.driverAdapterError.cause.kind`). */
const UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TlsConnectionError",
]);

interface MaybeDatabaseError {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/** Whether `error`, or anything it wraps, says the database is out of reach. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== "object" || error === null) return false;

  const { code, kind, message, cause, meta } = error as MaybeDatabaseError;
  if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) {
    return true;
  }
  if (typeof kind === "string" && UNAVAILABLE_KINDS.has(kind)) return true;
  // pg reports a dropped or timed-out connection with these sentences and no code.
  if (typeof message === "string" && /Connection terminated|connection timeout/i.test(message)) {
    return true;
  }
  return (
    isDatabaseUnavailable(cause, depth + 1) ||
    isDatabaseUnavailable(meta?.driverAdapterError, depth + 1)
  );
}

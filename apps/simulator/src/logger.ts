/** Fields attached to a log line; never request bodies, keys or masks. */
export type LogFields = Record<string, unknown>;

/**
 * The little the simulator needs from a logger; `@reprise/logger`'s loggers fit it, and tests
 * pass the silent one.
 */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
}

/** Drops everything; the default for in-process tests. */
export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
};

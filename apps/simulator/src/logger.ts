/** Fields attached to a log line; never request bodies, keys or masks. */
export type LogFields = Record<string, unknown>;

/**
 * The little the simulator needs from a logger. Injected so tests stay quiet and the app
 * does not depend on the shared logger package.
 */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
}

/** One JSON object per line on stdout: fixed message, then fields. */
export const jsonLogger: Logger = {
  info: (message, fields) => writeLine("info", message, fields),
  warn: (message, fields) => writeLine("warn", message, fields),
};

/** Drops everything; the default for in-process tests. */
export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
};

function writeLine(level: string, message: string, fields: LogFields = {}): void {
  const line = { time: new Date().toISOString(), level, service: "simulator", message, ...fields };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

import winston from "winston";

export type Logger = winston.Logger;

export interface LoggerOptions {
  /** Which app writes the lines, e.g. "api". */
  service: string;
  level?: string;
  /** JSON lines for machines (production) or one readable line per entry (local). */
  format?: "json" | "pretty";
  /** Where lines go; defaults to stdout. Tests pass a stream to read them back. */
  stream?: NodeJS.WritableStream;
}

/**
 * Field names whose values never reach a log line: API keys, secrets, signatures and the
 * inpaint mask. Matching is by name at any depth, case-insensitive.
 */
const SECRET_FIELDS = new Set([
  "apikey",
  "key",
  "authorization",
  "x-api-key",
  "secret",
  "webhooksecret",
  "password",
  "mask",
  "signature",
  "token",
]);

function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return { message: value.message, name: value.name };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));

  const copy: Record<string, unknown> = {};
  for (const [field, inner] of Object.entries(value)) {
    copy[field] = SECRET_FIELDS.has(field.toLowerCase()) ? "[redacted]" : redact(inner, depth + 1);
  }
  return copy;
}

const redactSecrets = winston.format((info) => {
  for (const field of Object.keys(info)) {
    if (SECRET_FIELDS.has(field.toLowerCase())) info[field] = "[redacted]";
    else info[field] = redact(info[field]);
  }
  return info;
});

const pretty = winston.format.printf(({ level, message, timestamp, service, ...fields }) => {
  const rest = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : "";
  return `${timestamp} ${service} ${level}: ${message}${rest}`;
});

/** The line format for a `NODE_ENV`: JSON for machines in production, readable elsewhere. */
export function logFormatFor(nodeEnv: string): "json" | "pretty" {
  return nodeEnv === "production" ? "json" : "pretty";
}

/**
 * One logger per process. Write a fixed message plus a fields object —
 * `logger.info("job completed", { jobId })` — and use `logger.child({ jobId })` for context.
 */
export function createLogger(options: LoggerOptions): Logger {
  const output = options.format === "pretty" ? pretty : winston.format.json();
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console();

  // winston runs a line through every format before its level is checked, so a filtered-out
  // info line would still be redacted, stamped and serialised. Dropping it first makes
  // disabled levels nearly free, which matters for the lines on every request.
  const dropDisabled = winston.format((info) => (logger.isLevelEnabled(info.level) ? info : false));

  const logger = winston.createLogger({
    level: options.level ?? "info",
    defaultMeta: { service: options.service },
    format: winston.format.combine(
      dropDisabled(),
      winston.format.errors({ stack: true }),
      redactSecrets(),
      winston.format.timestamp(),
      output,
    ),
    transports: [transport],
  });
  return logger;
}

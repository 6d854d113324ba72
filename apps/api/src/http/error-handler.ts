import { type DomainOutcome, isDomainError, outcome } from "@reprise/core";
import type { Logger } from "@reprise/logger";
import type { ErrorRequestHandler, RequestHandler } from "express";
import { ApiError } from "./api-error.js";
import { isDatabaseUnavailable } from "./database-unavailable.js";

interface Answer {
  outcome: DomainOutcome;
  extra: Record<string, unknown>;
  headers: Record<string, string>;
}

/** A 400 about the body as a whole: API.md's validation failures always carry `details`. */
function badBody(message: string): DomainOutcome {
  return outcome("validation_error", { message, details: { body: [message] } });
}

/** Body-parser failures carry a `type`; these are the ones a client causes. */
function bodyParserAnswer(error: { type?: unknown }): DomainOutcome | null {
  switch (error.type) {
    case "entity.parse.failed":
      return badBody("The body is not valid JSON");
    case "entity.too.large":
      return outcome("payload_too_large");
    case "encoding.unsupported":
    case "charset.unsupported":
      return badBody("The body must be UTF-8 JSON");
    default:
      return null;
  }
}

/**
 * Other client faults that Express and body-parser report with status 400 and no `type`: a
 * malformed %-escape in a path parameter, a compressed body that does not inflate.
 */
function clientFaultAnswer(error: { status?: unknown; name?: unknown }): DomainOutcome | null {
  if (error.status !== 400) return null;
  if (error.name === "URIError") {
    return outcome("validation_error", { message: "The path has a malformed %-escape" });
  }
  return badBody("The body could not be read");
}

function answerFor(error: unknown): Answer | null {
  if (error instanceof ApiError) {
    return { outcome: error.outcome, extra: error.extra, headers: error.headers };
  }
  if (isDomainError(error)) return { outcome: error.outcome, extra: {}, headers: {} };
  if (typeof error === "object" && error !== null) {
    const parsed = bodyParserAnswer(error as { type?: unknown }) ?? clientFaultAnswer(error);
    if (parsed) return { outcome: parsed, extra: {}, headers: {} };
  }
  if (isDatabaseUnavailable(error)) {
    return { outcome: outcome("unavailable"), extra: {}, headers: { "Retry-After": "5" } };
  }
  return null;
}

/**
 * The one place errors become responses: `{error, code, details?, ...extra}` with the status
 * of API.md's table. Expected failures are logged at info (4xx) or warn (503); anything else
 * is logged once with its stack and answered with a generic 500.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const answer = answerFor(error);
    const fields = { method: req.method, path: req.path, requestId: res.locals.requestId };

    if (!answer) {
      logger.error("request failed", { ...fields, error });
      const { status, code, message } = outcome("internal_error");
      res.status(status).json({ error: message, code });
      return;
    }

    const { status, code, message, details } = answer.outcome;
    if (status >= 500) logger.warn("request refused", { ...fields, status, code, error });
    else logger.info("request refused", { ...fields, status, code });

    res.set(answer.headers);
    res.status(status).json({ error: message, code, ...(details && { details }), ...answer.extra });
  };
}

/** Unknown routes: the same body shape as every other error. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  const { status, code, message } = outcome("not_found");
  res.status(status).json({ error: message, code });
};

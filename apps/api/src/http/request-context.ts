import { randomUUID } from "node:crypto";
import type { Logger } from "@reprise/logger";
import type { RequestHandler } from "express";

/** An incoming `X-Request-Id` is kept only if it is short and plain. */
const REQUEST_ID = /^[\w.-]{1,100}$/;

/**
 * Gives each request an id (echoed as `X-Request-Id`) and logs one line when it finishes.
 * Never the body or headers: they can hold keys and masks.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const incoming = req.header("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.set("X-Request-Id", requestId);

    res.on("finish", () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info("request completed", {
        requestId,
        method: req.method,
        route: req.route?.path ?? req.path,
        status: res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
      });
    });
    next();
  };
}

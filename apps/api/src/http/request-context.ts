import { randomUUID } from "node:crypto";
import type { Logger } from "@reprise/logger";
import type { RequestHandler } from "express";
import { type ApiMetrics, UNMATCHED_ROUTE } from "./metrics.js";

/** An incoming `X-Request-Id` is kept only if it is short and plain. */
const REQUEST_ID = /^[\w.-]{1,100}$/;

/**
 * Gives each request an id (echoed as `X-Request-Id`), and when it finishes logs one line and
 * counts it in the metrics. Never the body or headers: they can hold keys and masks.
 */
export function requestContext(logger: Logger, metrics: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const incoming = req.header("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.set("X-Request-Id", requestId);

    res.on("finish", () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const { method } = req;
      const route: string | undefined = req.route?.path;
      const status = res.statusCode;
      const labels = { method, route: route ?? UNMATCHED_ROUTE, status };
      metrics.requestSeconds.observe(labels, durationMs / 1e3);
      logger.info("request completed", {
        requestId,
        method,
        route: route ?? req.path,
        status,
        durationMs: Math.round(durationMs * 10) / 10,
      });
    });
    next();
  };
}

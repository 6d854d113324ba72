import { type RequestHandler, Router } from "express";
import type { Registry } from "prom-client";

/**
 * `GET /metrics` in Prometheus's text format, behind the operator's basic auth (the same
 * credentials as Bull Board): the figures describe every team's traffic.
 */
export function metricsRoutes(registry: Registry, operatorOnly: RequestHandler): Router {
  return Router().get("/metrics", operatorOnly, async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
}

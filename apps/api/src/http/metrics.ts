import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

/**
 * What the API tells Prometheus: its requests, and the process it runs in. The histogram's
 * `_count` series counts the requests, so no counter repeats it.
 */
export interface ApiMetrics {
  registry: Registry;
  requestSeconds: Histogram<"method" | "route" | "status">;
}

/** Requests no route matched share one label, so random paths cannot grow the series. */
export const UNMATCHED_ROUTE = "unmatched";

/** One registry per app, so every test's app counts on its own. */
export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requestSeconds: new Histogram({
      name: "reprise_http_request_duration_seconds",
      help: "Time from a request's arrival to the end of its answer, by route pattern and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}

import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/** What the API tells Prometheus: its requests, and the process it runs in. */
export interface ApiMetrics {
  registry: Registry;
  requests: Counter<"method" | "route" | "status">;
  requestSeconds: Histogram<"method" | "route">;
}

/** Requests no route matched share one label, so random paths cannot grow the series. */
export const UNMATCHED_ROUTE = "unmatched";

/** One registry per app, so every test's app counts on its own. */
export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: "reprise_http_requests_total",
      help: "HTTP requests answered, by route pattern and status",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    requestSeconds: new Histogram({
      name: "reprise_http_request_duration_seconds",
      help: "Time from a request's arrival to the end of its answer",
      labelNames: ["method", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}

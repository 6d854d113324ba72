import { createServer, type Server } from "node:http";
import type { Queue } from "bullmq";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** What a worker tells Prometheus: its runs, its webhook attempts, and the queues it serves. */
export interface WorkerMetrics {
  registry: Registry;
  /**
   * One observation per processed queue job, by how the run ended (`RunOutcome`, or why it
   * was retried); its `_count` series counts the runs.
   */
  runSeconds: Histogram<"model" | "outcome">;
  /**
   * One per delivery queue job: delivered or failed (settled by this attempt), already
   * (settled before), retrying (this attempt failed) or waiting (an earlier event is owed).
   */
  deliveries: Counter<"outcome">;
}

const QUEUE_STATES = ["waiting", "active", "delayed", "prioritized", "failed"] as const;

/**
 * The worker's metrics, one registry per running worker. The queue gauge is read from Redis
 * when Prometheus scrapes, so it shows the queues as every replica sees them.
 */
export function createWorkerMetrics(queues: Queue[]): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: "reprise_queue_jobs",
    help: "Queue jobs per state, across all replicas",
    labelNames: ["queue", "state"],
    registers: [registry],
    async collect() {
      for (const queue of queues) {
        const counts = await queue.getJobCounts(...QUEUE_STATES);
        for (const state of QUEUE_STATES) {
          this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      }
    },
  });
  return {
    registry,
    runSeconds: new Histogram({
      name: "reprise_job_run_duration_seconds",
      help: "Time one run held its queue job, by how the run ended",
      labelNames: ["model", "outcome"],
      buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: "reprise_webhook_attempts_total",
      help: "Webhook delivery jobs by this worker, by what came of each",
      labelNames: ["outcome"],
      registers: [registry],
    }),
  };
}

/**
 * Serves `GET /metrics` on its own port. No authentication: bind it where only Prometheus
 * reaches it (`METRICS_HOST`), never to the internet.
 */
export function serveMetrics(registry: Registry, port: number, host: string): Server {
  return createServer((req, res) => {
    if (req.method !== "GET" || req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "Content-Type": registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  }).listen(port, host);
}

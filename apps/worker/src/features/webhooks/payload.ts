import type { DeliveryAttempt } from "@reprise/db";

/**
 * The JSON body of a delivery, exactly API.md's payload for its event. It is built from the
 * finished job, which no longer changes, so every attempt at one event sends the same bytes.
 */
export function webhookBody(attempt: DeliveryAttempt): string {
  const { job } = attempt;
  switch (attempt.event) {
    case "progress":
      return JSON.stringify({
        event: "progress",
        jobId: job.id,
        status: "PROCESSING",
        progress: attempt.progress,
        model: job.model,
      });
    case "completed":
      return JSON.stringify({
        event: "completed",
        jobId: job.id,
        status: "COMPLETED",
        progress: 100,
        result: job.result,
        model: job.model,
        creditCost: job.creditCost,
        completedAt: job.completedAt?.toISOString() ?? null,
      });
    case "failed":
      return JSON.stringify({
        event: "failed",
        jobId: job.id,
        status: "FAILED",
        error: job.error,
        model: job.model,
      });
    default:
      return attempt.event satisfies never;
  }
}

import { type Clock, stepTime } from "./lifecycle.js";
import type { LogFields, Logger } from "./logger.js";

/** Outcome counts of outbound notifications (MJ notifyHook, Suno callBackUrl). */
export interface NotificationCounts {
  sent: number;
  failed: number;
}

export interface NotificationPlan {
  url: string;
  clock: Clock;
  /** Lifecycle steps at which the task changes state. */
  steps: readonly number[];
  /** The JSON to post for the state the task is in at epoch ms `time`. */
  payloadAt: (time: number) => unknown;
  /** Context for the log line of a failed delivery. */
  fields: LogFields;
}

/**
 * Posts task JSON to a caller's URL at each state change, fire-and-forget with no retries,
 * like both upstreams. The lifecycle itself needs no timers; only these deliveries do.
 */
export class Notifier {
  readonly counts: NotificationCounts = { sent: 0, failed: 0 };
  private readonly timers = new Set<NodeJS.Timeout>();
  private aborter = new AbortController();

  constructor(
    private readonly logger: Logger,
    private readonly timeoutMs: number,
  ) {}

  schedule(plan: NotificationPlan): void {
    // Deliveries of one task run one after another, so a receiver sees them in order.
    let chain = Promise.resolve();
    for (const time of distinctTimes(plan)) {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          chain = chain.then(() => this.post(plan, plan.payloadAt(time)));
        },
        Math.max(0, time - Date.now()),
      );
      timer.unref();
      this.timers.add(timer);
    }
  }

  /** Forgets the counts, as a reset of the simulator does. */
  resetCounts(): void {
    this.counts.sent = 0;
    this.counts.failed = 0;
  }

  /** Drops every pending delivery and aborts those in flight. */
  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.aborter.abort();
    this.aborter = new AbortController();
  }

  private async post(plan: NotificationPlan, payload: unknown): Promise<void> {
    const signal = AbortSignal.any([this.aborter.signal, AbortSignal.timeout(this.timeoutMs)]);
    try {
      const response = await fetch(plan.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
        signal,
      });
      await response.body?.cancel();
      this.counts.sent += 1;
    } catch (error) {
      this.counts.failed += 1;
      // The URL may carry a caller's token, so only its host is logged.
      this.logger.warn("notification failed", {
        ...plan.fields,
        host: new URL(plan.url).host,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

/** Delivery times; steps that fall on the same instant (zero latency) collapse to the last. */
function distinctTimes(plan: NotificationPlan): number[] {
  const times = plan.steps.map((step) => stepTime(plan.clock, step));
  return times.filter((time, index) => times[index + 1] !== time);
}

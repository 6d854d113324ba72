import { acknowledgeEnqueued, type PrismaClient } from "@reprise/db";
import type { Logger } from "@reprise/logger";

/** How long acknowledgements gather before one DELETE takes them all. */
const FLUSH_AFTER_MS = 20;

/**
 * Drops the outbox rows of enqueued jobs in batches, off the request's path: one statement
 * per batch instead of one per submission. If a batch fails the rows stay, and the relay's
 * repeat enqueue is a no-op, so nothing is lost.
 */
export class OutboxAcks {
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
  ) {}

  acknowledge(jobId: string): void {
    this.pending.push(jobId);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
  }

  /** Sends what is pending; awaited at shutdown. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const jobIds = this.pending.splice(0);
    if (jobIds.length === 0) return this.flushing;

    this.flushing = this.flushing
      .then(() => acknowledgeEnqueued(this.prisma, jobIds))
      .catch((error) => {
        this.logger.warn("outbox acknowledgement failed", { error, jobs: jobIds.length });
      });
    return this.flushing;
  }
}

/** sunoapi.org's documented limit: 20 new tasks per 10 seconds. */
export const SUNO_TASKS_PER_WINDOW = 20;
export const SUNO_WINDOW_MS = 10_000;

/**
 * A sliding window of task creations per API key. Only accepted tasks count, and polls
 * never do, which is how the upstream describes its limit.
 */
export class TaskRateLimiter {
  private readonly starts = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly max = SUNO_TASKS_PER_WINDOW,
    private readonly windowMs = SUNO_WINDOW_MS,
  ) {}

  /** Records a new task for `key`; false, recording nothing, when the window is full. */
  tryTake(key: string): boolean {
    const now = this.now();
    const recent = (this.starts.get(key) ?? []).filter((start) => now - start < this.windowMs);
    if (recent.length >= this.max) {
      this.starts.set(key, recent);
      return false;
    }
    recent.push(now);
    this.starts.set(key, recent);
    return true;
  }

  reset(): void {
    this.starts.clear();
  }
}

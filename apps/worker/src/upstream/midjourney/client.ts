import { PermanentUpstreamError } from "../adapter.js";
import { type JsonAnswer, JsonHttp } from "../http.js";
import { type AcceptedTask, acceptedTask, submitAnswer } from "./answers.js";
import { type MjTask, mjTask } from "./task.js";

/** How to reach a midjourney-proxy. */
export interface MidjourneyClientOptions {
  baseUrl: string;
  /** `mj-api-secret`, when the proxy's operator set one. */
  secret?: string | undefined;
  timeoutMs: number;
}

/** The inpaint's window: its prompt and mask. */
export interface ModalBody {
  taskId: string;
  prompt: string;
  maskBase64: string;
}

const UPSTREAM = "The Midjourney upstream";

/**
 * The HTTP surface of midjourney-proxy "plus" that Reprise uses: imagine, button presses,
 * the inpaint modal and task reads. Refusals become the errors of adapter.ts; `state`
 * carries the job id so that a task seen in the proxy's own console can be traced back.
 */
export class MidjourneyClient {
  private readonly http: JsonHttp;

  constructor(options: MidjourneyClientOptions) {
    this.http = new JsonHttp({
      upstream: UPSTREAM,
      baseUrl: options.baseUrl,
      headers: options.secret === undefined ? {} : { "mj-api-secret": options.secret },
      timeoutMs: options.timeoutMs,
    });
  }

  /** `POST /mj/submit/imagine`: a new grid. */
  async imagine(body: { prompt: string; state: string }): Promise<AcceptedTask> {
    return this.submit("/mj/submit/imagine", body);
  }

  /** `POST /mj/submit/action`: presses a button of a finished task. */
  async action(body: { taskId: string; customId: string; state: string }): Promise<AcceptedTask> {
    return this.submit("/mj/submit/action", body);
  }

  /**
   * `POST /mj/submit/modal`: confirms an inpaint waiting for its window. `maskBase64` may
   * carry a `data:image/png;base64,` prefix, which the proxy strips.
   */
  async modal(body: ModalBody): Promise<AcceptedTask> {
    return this.submit("/mj/submit/modal", body);
  }

  /** `GET /mj/task/{id}/fetch`. An unknown id (an empty answer) is permanent. */
  async fetchTask(taskId: string): Promise<MjTask> {
    const answer = await this.http.get(`/mj/task/${encodeURIComponent(taskId)}/fetch`);
    refuseCredentials(answer);
    if (answer.body === null) {
      throw new PermanentUpstreamError(`${UPSTREAM} has no task ${taskId}`);
    }

    const task = mjTask.safeParse(answer.body);
    if (task.success && answer.status === 200) return task.data;
    throw new PermanentUpstreamError(`${UPSTREAM} answered a task read in an unknown shape`);
  }

  private async submit(path: string, body: object): Promise<AcceptedTask> {
    const answer = await this.http.post(path, body);
    refuseCredentials(answer);

    // Refusals come as HTTP 200, except "parent not found" (404) and bad JSON (400), which
    // carry the same body: the code decides, whatever the status.
    const parsed = submitAnswer.safeParse(answer.body);
    if (!parsed.success) {
      throw new PermanentUpstreamError(
        `${UPSTREAM} answered HTTP ${answer.status} in an unknown shape`,
      );
    }
    return acceptedTask(parsed.data);
  }
}

/** A wrong or missing secret is the operator's to fix; the message must not repeat it. */
function refuseCredentials(answer: JsonAnswer): void {
  if (answer.status !== 401 && answer.status !== 403) return;
  throw new PermanentUpstreamError(
    `${UPSTREAM} refused the service's credentials: the configured mj-api-secret is wrong`,
  );
}

import { type MidjourneyAction, resultKindOf } from "@reprise/core";
import {
  isTransientUpstreamError,
  PermanentUpstreamError,
  type UpstreamAdapter,
  type UpstreamJob,
  type UpstreamState,
} from "../adapter.js";
import { notThisModel, parentOf, readInput } from "../job-input.js";
import { unreachable } from "../unreachable.js";
import { pressFor } from "./buttons.js";
import type { MidjourneyClient } from "./client.js";
import { generateInput, inpaintInput } from "./inputs.js";
import { storedTask } from "./stored-task.js";
import type { MjTask } from "./task.js";
import { type MidjourneyProduct, stateOfTask } from "./task-state.js";

const UPSTREAM = "The Midjourney upstream";

/**
 * Midjourney through midjourney-proxy "plus". A generation is an imagine; every follow-up
 * presses one of the parent task's buttons. Inpaint takes two calls (the press, then the
 * modal with the mask) and survives a crash between them: the press leaves the new task in
 * MODAL, and whichever poll finds it there sends the modal.
 */
export class MidjourneyAdapter implements UpstreamAdapter {
  constructor(private readonly client: MidjourneyClient) {}

  async submit(job: UpstreamJob): Promise<{ taskId: string }> {
    switch (job.action) {
      case "generate":
        return this.imagine(job);
      case "upsample":
      case "variation":
      case "outpaint":
      case "pan":
        return this.press(job, job.action);
      case "inpaint":
        return this.inpaint(job);
      case "extend":
      case "cover":
      case "add_vocals":
      case "stems":
        throw notThisModel(job, UPSTREAM);
      default:
        return unreachable(job.action);
    }
  }

  async poll(job: UpstreamJob, taskId: string): Promise<UpstreamState> {
    const product = productOf(job);
    const task = await this.client.fetchTask(taskId);
    if (!awaitsModal(job, task)) return stateOfTask(task, product);

    await this.confirmInpaint(job, task.id);
    return { kind: "running", progress: 0 };
  }

  private async imagine(job: UpstreamJob): Promise<{ taskId: string }> {
    const input = readInput(generateInput, job);
    const ratio = input.midjourneyParams?.aspect_ratio;
    // The proxy has no aspect-ratio field: Midjourney reads it from the prompt.
    const prompt = ratio === undefined ? input.prompt : `${input.prompt} --ar ${ratio}`;

    const { taskId } = await this.client.imagine({ prompt, state: job.id });
    return { taskId };
  }

  private async press(job: UpstreamJob, action: MidjourneyAction): Promise<{ taskId: string }> {
    // Code 21 here means the same press already made a task (an upsample pressed twice):
    // that task is the answer. Known shortcoming: a proxy account in remix mode also answers
    // 21 for variations and pans and waits for a modal with the prompt, which this adapter
    // sends only for inpaint; such a task sits in MODAL until the proxy fails it after its
    // timeout, so the proxy's accounts must keep remix mode off.
    const { taskId } = await this.client.action({ ...pressFor(job, action), state: job.id });
    return { taskId };
  }

  private async inpaint(job: UpstreamJob): Promise<{ taskId: string }> {
    const modal = await this.client.action({ ...pressFor(job, "inpaint"), state: job.id });
    // A proxy that starts an inpaint without a window (not code 21) needs no modal.
    if (modal.code !== 21) return { taskId: modal.taskId };

    try {
      await this.confirmInpaint(job, modal.taskId);
    } catch (error) {
      // The task exists and waits in MODAL: hand back its id so that a poll sends the modal
      // again, rather than let a new attempt press the button a second time.
      if (!isTransientUpstreamError(error)) throw error;
    }
    return { taskId: modal.taskId };
  }

  private async confirmInpaint(job: UpstreamJob, taskId: string): Promise<void> {
    if (job.mask === null) {
      throw new PermanentUpstreamError("The inpaint job's mask is missing");
    }
    await this.client.modal({
      taskId,
      prompt: inpaintPrompt(job),
      // The prefix is what the proxy's own web page sends; the proxy strips it either way.
      maskBase64: `data:image/png;base64,${job.mask.toString("base64")}`,
    });
  }
}

/**
 * Whether the task is an inpaint still waiting for its modal. The proxy blanks the prompt of
 * a task in MODAL and sets it when the modal comes, so a task in MODAL with a prompt has had
 * its modal and is only slow to move on: sending another would start a second inpaint.
 */
function awaitsModal(job: UpstreamJob, task: MjTask): boolean {
  return job.action === "inpaint" && task.status === "MODAL" && !task.prompt;
}

/** The repaint's prompt: the job's own, else the one its parent was made from. */
function inpaintPrompt(job: UpstreamJob): string {
  const own = readInput(inpaintInput, job).prompt;
  if (own !== undefined) return own;

  const stored = storedTask.safeParse(parentOf(job).upstream);
  if (stored.success && stored.data.prompt !== "") return stored.data.prompt;
  throw new PermanentUpstreamError("The inpaint needs a prompt: its parent job has none");
}

function productOf(job: UpstreamJob): MidjourneyProduct {
  const kind = resultKindOf(job.model, job.action);
  if (kind === "grid" || kind === "edited_grid") return "grid";
  if (kind === "image") return kind;
  throw notThisModel(job, UPSTREAM);
}

import {
  PermanentUpstreamError,
  type UpstreamAdapter,
  type UpstreamJob,
  type UpstreamState,
} from "../adapter.js";
import { notThisModel, parentOf, readInput } from "../job-input.js";
import { unreachable } from "../unreachable.js";
import type { StemsBody } from "./bodies.js";
import type { SunoClient } from "./client.js";
import { stemsInput } from "./inputs.js";
import { parentTrack } from "./parent-track.js";
import { type SongAction, songPlan } from "./song-plans.js";
import { songState } from "./song-record.js";
import { stemsState } from "./stems-record.js";

const UPSTREAM = "The Suno upstream";

/** What a Suno job runs upstream: a song task, or a vocal separation. */
type SunoTask = { kind: "song"; action: SongAction } | { kind: "stems" };

/**
 * Suno through sunoapi.org. Generation, extend, cover and add_vocals start song tasks (two
 * tracks each, read from the song record); stems starts a vocal separation of one track of
 * the parent's task, read from its own record. `callBackUrl` is required by the upstream but
 * never waited for: polling alone finishes every job.
 */
export class SunoAdapter implements UpstreamAdapter {
  constructor(
    private readonly client: SunoClient,
    private readonly callBackUrl: string,
  ) {}

  async submit(job: UpstreamJob): Promise<{ taskId: string }> {
    const task = taskOf(job);
    if (task.kind === "stems") {
      return { taskId: await this.client.startStems(this.stemsBody(job)) };
    }
    const { call } = songPlan(job, task.action, this.callBackUrl);
    return { taskId: await this.client.startSong(call) };
  }

  async poll(job: UpstreamJob, taskId: string): Promise<UpstreamState> {
    const task = taskOf(job);
    if (task.kind === "stems") {
      const source = parentTrack(job, readInput(stemsInput, job));
      return stemsState(await this.client.stemsRecord(taskId), taskId, source);
    }
    // The plan is worked out again for its settings, which the song stores on success.
    const { settings } = songPlan(job, task.action, this.callBackUrl);
    return songState(await this.client.songRecord(taskId), taskId, settings);
  }

  /** Separates the chosen track of the parent's own task into vocals and instrumental. */
  private stemsBody(job: UpstreamJob): StemsBody {
    const { upstreamTaskId } = parentOf(job);
    if (upstreamTaskId === "") {
      throw new PermanentUpstreamError("The parent job has no Suno task to separate");
    }
    const track = parentTrack(job, readInput(stemsInput, job));
    const { callBackUrl } = this;
    return { taskId: upstreamTaskId, audioId: track.id, type: "separate_vocal", callBackUrl };
  }
}

function taskOf(job: UpstreamJob): SunoTask {
  switch (job.action) {
    case "generate":
    case "extend":
    case "cover":
    case "add_vocals":
      return { kind: "song", action: job.action };
    case "stems":
      return { kind: "stems" };
    case "upsample":
    case "variation":
    case "inpaint":
    case "outpaint":
    case "pan":
      throw notThisModel(job, UPSTREAM);
    default:
      return unreachable(job.action);
  }
}

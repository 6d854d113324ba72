import { decideOutcome } from "../lifecycle.js";
import type { Logger } from "../logger.js";
import { durationOfOwnAudio } from "../media/urls.js";
import type { Notifier } from "../notifier.js";
import type { Knobs } from "../scenario.js";
import type { StatsRecorder } from "../stats.js";
import { fail, ok, rateLimited } from "./envelope.js";
import type { TaskRateLimiter } from "./rate-limit.js";
import type {
  AddVocalsInput,
  ExtendInput,
  GenerateInput,
  StemsInput,
  UploadCoverInput,
} from "./schemas.js";
import { songCallback } from "./song-callback.js";
import { songChangeSteps, songRecord, songStatus, trackAudioUrl } from "./song-view.js";
import { stemsCallback, stemsChangeSteps, stemsRecord } from "./stems-view.js";
import type { SunoStore } from "./store.js";
import { checkLengths, checkSongText } from "./text.js";
import { makeTracks, ownDuration, type SongText, songTextOf } from "./tracks.js";
import {
  type SongKind,
  type SongTask,
  type StemsTask,
  SunoCode,
  type SunoEnvelope,
} from "./types.js";

export interface SunoServiceDeps {
  store: SunoStore;
  stats: StatsRecorder;
  notifier: Notifier;
  logger: Logger;
  newTaskId: () => string;
  newAudioId: () => string;
  random: () => number;
  now: () => number;
  /** Present when sunoapi's 20-per-10-s limit is enforced. */
  limiter: TaskRateLimiter | undefined;
}

/** Per-request facts a submission needs besides its body. */
export interface SunoCall {
  knobs: Knobs;
  mediaBase: string;
  /** The bearer key, which the rate limit is counted per. */
  apiKey: string;
}

/** What a song submission decided; the service adds ids, clock and outcome. */
interface SongSpec {
  kind: SongKind;
  model: string;
  param: unknown;
  parentMusicId: string;
  text: SongText;
  callBackUrl: string;
  durationOf: (audioId: string) => number;
}

/** The submit and poll side of sunoapi.org. */
export class SunoService {
  constructor(private readonly deps: SunoServiceDeps) {}

  generate(input: GenerateInput, call: SunoCall): SunoEnvelope {
    const problem = checkSongText(input, input.model);
    if (problem) return problem;

    return this.createSong(call, {
      kind: "generate",
      model: input.model,
      param: input,
      parentMusicId: "",
      text: songTextOf(input),
      callBackUrl: input.callBackUrl,
      durationOf: ownDuration,
    });
  }

  extend(input: ExtendInput, call: SunoCall): SunoEnvelope {
    const source = this.deps.store.track(input.audioId);
    if (!source) return fail(SunoCode.invalid, "audioId does not exist");
    if (songStatus(source.task, this.deps.now()) !== "SUCCESS") {
      return fail(SunoCode.invalid, "The source audio is not ready");
    }
    const problem = checkExtend(input, source.task.model, source.track.duration);
    if (problem) return problem;

    const start = input.continueAt ?? source.track.duration;
    const { track } = source;
    return this.createSong(call, {
      kind: "extend",
      model: input.model,
      param: input,
      parentMusicId: input.audioId,
      text: input.defaultParamFlag
        ? { title: input.title ?? "", tags: input.style ?? "", lyrics: input.prompt ?? "" }
        : { title: track.title, tags: track.tags, lyrics: track.prompt },
      callBackUrl: input.callBackUrl,
      // The extended song is the source up to continueAt, then a new part.
      durationOf: (audioId) => start + ownDuration(audioId),
    });
  }

  cover(input: UploadCoverInput, call: SunoCall): SunoEnvelope {
    const problem = checkSongText(input, input.model);
    if (problem) return problem;

    return this.createSong(call, {
      kind: "cover",
      model: input.model,
      param: input,
      parentMusicId: "",
      text: songTextOf(input),
      callBackUrl: input.callBackUrl,
      durationOf: sourceLength(input.uploadUrl),
    });
  }

  addVocals(input: AddVocalsInput, call: SunoCall): SunoEnvelope {
    return this.createSong(call, {
      kind: "add-vocals",
      model: input.model,
      param: input,
      parentMusicId: "",
      text: { title: input.title, tags: input.style, lyrics: input.prompt },
      callBackUrl: input.callBackUrl,
      durationOf: sourceLength(input.uploadUrl),
    });
  }

  stems(input: StemsInput, call: SunoCall): SunoEnvelope {
    const song = this.deps.store.songs.get(input.taskId);
    if (!song) return fail(SunoCode.invalid, "taskId does not exist");
    const track = song.tracks.find((candidate) => candidate.id === input.audioId);
    if (!track) return fail(SunoCode.invalid, "audioId is not a track of this task");
    if (songStatus(song, this.deps.now()) !== "SUCCESS") {
      return fail(SunoCode.invalid, "The source audio is not ready");
    }
    const refusal = this.refusalFor(call);
    if (refusal) return refusal;

    const task: StemsTask = {
      taskId: this.deps.newTaskId(),
      musicId: song.taskId,
      audioId: track.id,
      type: input.type,
      originUrl: trackAudioUrl(song, track),
      duration: track.duration,
      startedAt: this.deps.now(),
      stepMs: call.knobs.latencyMs,
      // Stems have no prompt, so the banned knob does not apply to them.
      outcome: decideOutcome(call.knobs, this.deps.random),
      callBackUrl: input.callBackUrl,
      mediaBase: call.mediaBase,
    };
    this.deps.store.stems.set(task.taskId, task);
    this.recordSubmission("stems", task.taskId, task.outcome, task.stepMs);
    this.deps.notifier.schedule({
      url: task.callBackUrl,
      // A task carries its own clock: startedAt and stepMs.
      clock: task,
      steps: stemsChangeSteps(task),
      payloadAt: (time) => stemsCallback(task, time),
      fields: { protocol: "suno", taskId: task.taskId },
    });
    return ok({ taskId: task.taskId });
  }

  songRecord(taskId: string): SunoEnvelope {
    const task = this.deps.store.songs.get(taskId);
    if (!task) return fail(SunoCode.invalid, "Task not found");
    return ok(songRecord(task, this.deps.now()));
  }

  stemsRecord(taskId: string): SunoEnvelope {
    const task = this.deps.store.stems.get(taskId);
    if (!task) return fail(SunoCode.invalid, "Task not found");
    return ok(stemsRecord(task, this.deps.now()));
  }

  private createSong(call: SunoCall, spec: SongSpec): SunoEnvelope {
    const refusal = this.refusalFor(call);
    if (refusal) return refusal;

    const now = this.deps.now();
    const task: SongTask = {
      taskId: this.deps.newTaskId(),
      kind: spec.kind,
      model: spec.model,
      param: JSON.stringify(spec.param),
      parentMusicId: spec.parentMusicId,
      tracks: makeTracks(spec.text, spec.model, now, this.deps.newAudioId, spec.durationOf),
      startedAt: now,
      stepMs: call.knobs.latencyMs,
      outcome: call.knobs.banned ? "banned" : decideOutcome(call.knobs, this.deps.random),
      callBackUrl: spec.callBackUrl,
      mediaBase: call.mediaBase,
    };
    this.deps.store.addSong(task);
    this.recordSubmission(task.kind, task.taskId, task.outcome, task.stepMs);
    this.deps.notifier.schedule({
      url: task.callBackUrl,
      // A task carries its own clock: startedAt and stepMs.
      clock: task,
      steps: songChangeSteps(task.outcome),
      payloadAt: (time) => songCallback(task, time),
      fields: { protocol: "suno", taskId: task.taskId },
    });
    return ok({ taskId: task.taskId });
  }

  /**
   * Refusals the knobs ask for, then the real rate limit. The limit is checked last because
   * taking from it counts the task.
   */
  private refusalFor(call: SunoCall): SunoEnvelope | undefined {
    if (call.knobs.rateLimit !== undefined) return rateLimited(call.knobs.rateLimit);
    if (call.knobs.reject) return fail(SunoCode.serverError, "Server error");
    if (this.deps.limiter && !this.deps.limiter.tryTake(call.apiKey)) return rateLimited(430);
    return undefined;
  }

  private recordSubmission(
    kind: SongKind | "stems",
    taskId: string,
    outcome: string,
    stepMs: number,
  ) {
    this.deps.stats.submitted("suno", kind);
    this.deps.logger.info("task submitted", { protocol: "suno", kind, taskId, outcome, stepMs });
  }
}

/** Extend's own rules: the source's model, and with custom parameters all four of them. */
function checkExtend(
  input: ExtendInput,
  sourceModel: string,
  sourceDuration: number,
): SunoEnvelope | undefined {
  if (input.model !== sourceModel) {
    return fail(SunoCode.invalid, `model must match the source track's model (${sourceModel})`);
  }
  if (input.defaultParamFlag) {
    const missing = (["prompt", "style", "title", "continueAt"] as const).find(
      (field) => input[field] === undefined || input[field] === "",
    );
    if (missing)
      return fail(SunoCode.invalid, `${missing} is required when defaultParamFlag is true`);
  }
  const { continueAt } = input;
  if (continueAt !== undefined && !(continueAt > 0 && continueAt < sourceDuration)) {
    return fail(
      SunoCode.invalid,
      `continueAt must be greater than 0 and less than the source duration (${sourceDuration} s)`,
    );
  }
  return checkLengths(input, input.model);
}

/** A cover or added vocals keeps the length of our own source audio. */
function sourceLength(uploadUrl: string): (audioId: string) => number {
  const length = durationOfOwnAudio(uploadUrl);
  return (audioId) => length ?? ownDuration(audioId);
}

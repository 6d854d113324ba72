import { assertNever } from "../assert-never.js";
import { stepsElapsed } from "../lifecycle.js";
import { audioUrl, imageUrl } from "../media/urls.js";
import type { SongKind, SongOutcome, SongStatus, SongTask, Track } from "./types.js";

/** Steps: PENDING, TEXT_SUCCESS, FIRST_SUCCESS, then SUCCESS. */
const RUNNING: readonly SongStatus[] = ["PENDING", "TEXT_SUCCESS", "FIRST_SUCCESS"];
const SUCCESS_STEP = 3;
/** A failing task fails where the first track would have appeared. */
const FAILURE_STEP = 2;
/** A hanging task stays with its lyrics written and no audio. */
const HANG_STEP = 1;

const COVER_SIZE = { width: 256, height: 256 };

/** `sunoData[]` entries of record-info. */
export interface SunoDataItem {
  id: string;
  audioUrl: string;
  streamAudioUrl: string;
  imageUrl: string;
  prompt: string;
  modelName: string;
  title: string;
  tags: string;
  createTime: string;
  duration: number | null;
}

export function songStatus(task: SongTask, now: number): SongStatus {
  const steps = stepsElapsed(task, now);
  switch (task.outcome) {
    case "succeed":
      return steps >= SUCCESS_STEP ? "SUCCESS" : runningStatus(steps);
    case "fail":
      return steps >= FAILURE_STEP ? "GENERATE_AUDIO_FAILED" : runningStatus(steps);
    case "hang":
      return runningStatus(Math.min(steps, HANG_STEP));
    case "banned":
      return "SENSITIVE_WORD_ERROR";
    default:
      return assertNever(task.outcome);
  }
}

/** Lifecycle steps at which the status changes, for the callbacks. */
export function songChangeSteps(outcome: SongOutcome): number[] {
  switch (outcome) {
    case "succeed":
      return [1, 2, SUCCESS_STEP];
    case "fail":
      return [1, FAILURE_STEP];
    case "hang":
      return [HANG_STEP];
    case "banned":
      return [0];
    default:
      return assertNever(outcome);
  }
}

/** `data` of GET /api/v1/generate/record-info. */
export function songRecord(task: SongTask, now: number) {
  const status = songStatus(task, now);
  const failure = failureOf(status);
  return {
    taskId: task.taskId,
    parentMusicId: task.parentMusicId,
    param: task.param,
    response: { taskId: task.taskId, sunoData: sunoData(task, status) },
    status,
    type: operationOf(task.kind).toUpperCase(),
    operationType: operationOf(task.kind),
    errorCode: failure?.code ?? null,
    errorMessage: failure?.message ?? null,
  };
}

/** The tracks as far as `status` has produced them; none before the lyrics or after a failure. */
export function sunoData(task: SongTask, status: SongStatus): SunoDataItem[] {
  const streamReady = status === "FIRST_SUCCESS" || status === "SUCCESS";
  const textReady = streamReady || status === "TEXT_SUCCESS";
  if (!textReady) return [];
  return task.tracks.map((track) => trackItem(task, track, streamReady, status === "SUCCESS"));
}

/** Why a task failed, as record-info and the error callback report it. */
export function failureOf(status: SongStatus): { code: number; message: string } | undefined {
  switch (status) {
    case "PENDING":
    case "TEXT_SUCCESS":
    case "FIRST_SUCCESS":
    case "SUCCESS":
      return undefined;
    case "GENERATE_AUDIO_FAILED":
    case "CREATE_TASK_FAILED":
    case "CALLBACK_EXCEPTION":
      return { code: 501, message: "Audio generation failed" };
    case "SENSITIVE_WORD_ERROR":
      return { code: 400, message: "The prompt contains sensitive words" };
    default:
      return assertNever(status);
  }
}

/** The URL a finished track's audio is served at. */
export function trackAudioUrl(task: SongTask, track: Track): string {
  return audioUrl(task.mediaBase, track.id, track.duration);
}

function trackItem(
  task: SongTask,
  track: Track,
  streamReady: boolean,
  done: boolean,
): SunoDataItem {
  const audio = trackAudioUrl(task, track);
  return {
    id: track.id,
    audioUrl: done ? audio : "",
    streamAudioUrl: streamReady ? `${audio}?stream=1` : "",
    imageUrl: streamReady ? imageUrl(task.mediaBase, track.id, COVER_SIZE) : "",
    prompt: track.prompt,
    modelName: track.modelName,
    title: track.title,
    tags: track.tags,
    createTime: track.createTime,
    duration: done ? track.duration : null,
  };
}

function runningStatus(steps: number): SongStatus {
  return RUNNING[Math.max(0, Math.min(steps, RUNNING.length - 1))] ?? "PENDING";
}

/** `operationType` values; those of add-vocals are not documented and are a guess. */
function operationOf(kind: SongKind): string {
  switch (kind) {
    case "generate":
      return "generate";
    case "extend":
      return "extend";
    case "cover":
      return "upload_cover";
    case "add-vocals":
      return "add_vocals";
    default:
      return assertNever(kind);
  }
}

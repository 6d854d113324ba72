import { assertNever } from "../assert-never.js";
import { stepsElapsed, stepTime } from "../lifecycle.js";
import { audioUrl } from "../media/urls.js";
import { formatCreateTime } from "./tracks.js";
import type { StemsStatus, StemsTask, StemsType } from "./types.js";

/** Steps: PENDING twice, then the end; stems take less time than songs. */
const FINAL_STEP = 2;

/** Stems of split_stem; separate_vocal makes only the first two. */
const STEMS = [
  "vocal",
  "instrumental",
  "backingVocals",
  "drums",
  "bass",
  "guitar",
  "keyboard",
  "percussion",
  "strings",
  "synth",
  "fx",
  "brass",
  "woodwinds",
] as const;
type Stem = (typeof STEMS)[number];

export function stemsStatus(task: StemsTask, now: number): StemsStatus {
  const ended = stepsElapsed(task, now) >= FINAL_STEP;
  switch (task.outcome) {
    case "succeed":
      return ended ? "SUCCESS" : "PENDING";
    case "fail":
      return ended ? "GENERATE_AUDIO_FAILED" : "PENDING";
    case "hang":
      return "PENDING";
    default:
      return assertNever(task.outcome);
  }
}

/** Steps at which the status changes: only the end, which a hang never reaches. */
export function stemsChangeSteps(task: StemsTask): number[] {
  return task.outcome === "hang" ? [] : [FINAL_STEP];
}

/** `data` of GET /api/v1/vocal-removal/record-info. */
export function stemsRecord(task: StemsTask, now: number) {
  const status = stemsStatus(task, now);
  const failed = status !== "SUCCESS" && status !== "PENDING";
  return {
    taskId: task.taskId,
    musicId: task.musicId,
    callbackUrl: task.callBackUrl,
    audioId: task.audioId,
    completeTime: status === "PENDING" ? null : stepTime(task, FINAL_STEP),
    response: stemUrls(task, status === "SUCCESS"),
    successFlag: status,
    createTime: formatCreateTime(task.startedAt),
    errorCode: failed ? 501 : null,
    errorMessage: failed ? "Vocal separation failed" : null,
  };
}

/** The callback body at `time`; snake_case keys and no callbackType, as documented. */
export function stemsCallback(task: StemsTask, time: number) {
  if (stemsStatus(task, time) !== "SUCCESS") {
    return {
      code: 500,
      msg: "Vocal separation failed",
      data: { task_id: task.taskId, vocal_removal_info: null },
    };
  }
  const urls = stemUrls(task, true);
  const info = Object.fromEntries(
    Object.entries(urls)
      .filter(([, url]) => url !== null)
      .map(([key, url]) => [snakeCase(key), url]),
  );
  return {
    code: 200,
    msg: "vocal Removal generated successfully.",
    data: { task_id: task.taskId, vocal_removal_info: info },
  };
}

/** originUrl, then `${stem}Url` per stem; null for stems the type does not make or yet. */
function stemUrls(task: StemsTask, done: boolean): Record<string, string | null> {
  const made = stemsOf(task.type);
  const urls: Record<string, string | null> = { originUrl: task.originUrl };
  for (const stem of STEMS) {
    const ready = done && made.includes(stem);
    urls[`${stem}Url`] = ready
      ? audioUrl(task.mediaBase, `${task.taskId}-${stem}`, task.duration)
      : null;
  }
  return urls;
}

function stemsOf(type: StemsType): readonly Stem[] {
  switch (type) {
    case "separate_vocal":
      return ["vocal", "instrumental"];
    case "split_stem":
      return STEMS.filter((stem) => stem !== "instrumental");
    default:
      return assertNever(type);
  }
}

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

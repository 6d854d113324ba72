import { assertNever } from "../assert-never.js";
import { type Clock, stepsElapsed, stepTime } from "../lifecycle.js";
import { gridSizeOf } from "../media/size.js";
import { gridUrl, imageUrl, quarterSeed } from "../media/urls.js";
import { buttonsOf } from "./buttons.js";
import type { MjAction, MjButton, MjStatus, MjTask } from "./types.js";

/**
 * Lifecycle steps: NOT_START, SUBMITTED, IN_PROGRESS at 25, 50 and 75 %, then the end.
 * Step n is reached n step-latencies after the start.
 */
export const MJ_FINAL_STEP = 5;
const FIRST_RUNNING_STEP = 2;

/** The task JSON of fetch, list-by-condition and notifyHook posts. */
export interface MjTaskView {
  id: string;
  action: MjAction;
  status: MjStatus;
  prompt: string;
  promptEn: string;
  description: string;
  state: string | null;
  submitTime: number;
  startTime: number | null;
  finishTime: number | null;
  imageUrl: string | null;
  imageUrls: string[] | null;
  progress: string;
  failReason: string | null;
  buttons: MjButton[];
  properties: Record<string, unknown>;
}

interface Phase {
  status: MjStatus;
  /** Percent done. */
  progress: number;
}

/** The task as it stands at epoch ms `now`. */
export function viewTask(task: MjTask, now: number): MjTaskView {
  const phase = phaseOf(task, now);
  const clock = clockOf(task);
  const done = phase.status === "SUCCESS";
  const ended = done || phase.status === "FAILURE";
  const started = ended || phase.status === "IN_PROGRESS";
  const images = done ? imagesOf(task) : { imageUrl: null, imageUrls: null };

  return {
    id: task.id,
    action: task.action,
    status: phase.status,
    prompt: task.prompt,
    promptEn: task.prompt,
    description: task.description,
    state: task.state,
    submitTime: task.submitTime,
    startTime: clock && started ? stepTime(clock, FIRST_RUNNING_STEP) : null,
    finishTime: clock && ended ? stepTime(clock, MJ_FINAL_STEP) : null,
    ...images,
    progress: `${phase.progress}%`,
    failReason: phase.status === "FAILURE" ? "Simulated generation failure" : null,
    buttons: done ? buttonsOf(task).map((spec) => spec.button) : [],
    properties: { finalPrompt: task.prompt, ...(done ? { messageHash: task.hash } : {}) },
  };
}

function phaseOf(task: MjTask, now: number): Phase {
  const clock = clockOf(task);
  if (!clock) return { status: "MODAL", progress: 0 };

  const steps = stepsElapsed(clock, now);
  if (steps < MJ_FINAL_STEP) return runningPhase(steps);

  switch (task.outcome) {
    case "succeed":
      return { status: "SUCCESS", progress: 100 };
    case "fail":
      return { status: "FAILURE", progress: runningPhase(MJ_FINAL_STEP - 1).progress };
    case "hang":
      // Stuck at its last progress step, as a proxy that lost its Discord message would be.
      return runningPhase(MJ_FINAL_STEP - 1);
    default:
      return assertNever(task.outcome);
  }
}

/** The task's clock, or null while an inpaint waits for its modal. */
export function clockOf(task: MjTask): Clock | null {
  return task.startedAt === null ? null : { startedAt: task.startedAt, stepMs: task.stepMs };
}

function runningPhase(steps: number): Phase {
  if (steps <= 0) return { status: "NOT_START", progress: 0 };
  if (steps < FIRST_RUNNING_STEP) return { status: "SUBMITTED", progress: 0 };
  return { status: "IN_PROGRESS", progress: (steps - FIRST_RUNNING_STEP + 1) * 25 };
}

function imagesOf(task: MjTask): { imageUrl: string; imageUrls: string[] } {
  if (task.layout === "single") {
    const url = imageUrl(task.mediaBase, task.pictureSeed, task.tileSize);
    return { imageUrl: url, imageUrls: [url] };
  }
  const quarters = [1, 2, 3, 4].map((quarter) =>
    imageUrl(task.mediaBase, quarterSeed(task.pictureSeed, quarter), task.tileSize),
  );
  const grid = gridUrl(task.mediaBase, task.pictureSeed, gridSizeOf(task.tileSize));
  return { imageUrl: grid, imageUrls: quarters };
}

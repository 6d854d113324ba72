import { assertNever } from "../assert-never.js";
import { decideOutcome, stepsUpTo } from "../lifecycle.js";
import type { Logger } from "../logger.js";
import { quarterSeed } from "../media/urls.js";
import type { Notifier } from "../notifier.js";
import type { Knobs } from "../scenario.js";
import type { StatsRecorder } from "../stats.js";
import * as answers from "./answers.js";
import { tileSizeForPrompt } from "./aspect.js";
import { findPress } from "./buttons.js";
import type { ActionInput, ImagineInput, ModalInput } from "./schemas.js";
import type { MjAnswer, MjTask, Press } from "./types.js";
import { clockOf, MJ_FINAL_STEP, viewTask } from "./view.js";

export interface MjServiceDeps {
  tasks: Map<string, MjTask>;
  stats: StatsRecorder;
  notifier: Notifier;
  logger: Logger;
  newId: () => string;
  newHash: () => string;
  random: () => number;
  now: () => number;
}

/** What a task takes from what asked for it: an imagine, or a button pressed on a parent. */
type Derived = Pick<MjTask, "kind" | "action" | "description" | "layout" | "pictureSeed">;

/** What a submission decides about a new task; the rest comes from the clock and the knobs. */
type TaskFields = Derived &
  Pick<MjTask, "id" | "prompt" | "tileSize" | "parentId" | "notifyHook" | "state">;

/** The submit side of midjourney-proxy: imagine, button presses and the inpaint modal. */
export class MjService {
  constructor(private readonly deps: MjServiceDeps) {}

  imagine(input: ImagineInput, knobs: Knobs, mediaBase: string): MjAnswer {
    const refusal = refusalFor(knobs, input.prompt);
    if (refusal) return refusal;

    const id = this.deps.newId();
    const task = this.newTask(knobs, mediaBase, {
      id,
      kind: "imagine",
      action: "IMAGINE",
      description: `/imagine ${input.prompt}`,
      layout: "grid",
      pictureSeed: id,
      prompt: input.prompt,
      tileSize: tileSizeForPrompt(input.prompt),
      parentId: null,
      notifyHook: input.notifyHook,
      state: input.state,
    });
    return this.start(task, knobs);
  }

  action(input: ActionInput, knobs: Knobs, mediaBase: string): MjAnswer {
    const parent = this.deps.tasks.get(input.taskId);
    if (!parent) return answers.parentNotFound();
    if (viewTask(parent, this.deps.now()).status !== "SUCCESS") {
      return answers.invalid("Parent task status error: it has not succeeded");
    }
    const press = findPress(parent, input.customId);
    if (!press) return answers.invalid("customId is not one of the parent task's buttons");

    const refusal = refusalFor(knobs, parent.prompt);
    if (refusal) return refusal;

    const id = this.deps.newId();
    const task = this.newTask(knobs, mediaBase, {
      id,
      ...derive(parent, press, id),
      // An inpaint's prompt comes with its modal.
      prompt: press.kind === "inpaint" ? "" : parent.prompt,
      tileSize: parent.tileSize,
      parentId: parent.id,
      notifyHook: input.notifyHook,
      state: input.state,
    });
    if (press.kind !== "inpaint") return this.start(task, knobs);

    // Inpaint waits for its modal: no lifecycle and no notifications until confirmed.
    task.startedAt = null;
    this.deps.tasks.set(task.id, task);
    this.recordSubmission(task);
    return answers.needsModal(task.id);
  }

  modal(input: ModalInput, knobs: Knobs): MjAnswer {
    const task = this.deps.tasks.get(input.taskId);
    if (!task) return answers.parentNotFound();
    if (task.startedAt !== null) return answers.invalid("Task is not waiting for a modal");

    const refusal = refusalFor(knobs, input.prompt);
    if (refusal) return refusal;

    // The modal's knobs decide the inpaint's fate: its prompt is the first that can carry them.
    Object.assign(task, {
      prompt: input.prompt,
      startedAt: this.deps.now(),
      stepMs: knobs.latencyMs,
      outcome: decideOutcome(knobs, this.deps.random),
    });
    this.deps.stats.submitted("mj", "modal");
    this.deps.logger.info("inpaint confirmed", {
      protocol: "mj",
      taskId: task.id,
      outcome: task.outcome,
      stepMs: task.stepMs,
    });
    this.scheduleNotifications(task);
    return answers.submitted(task.id);
  }

  private newTask(knobs: Knobs, mediaBase: string, fields: TaskFields): MjTask {
    const now = this.deps.now();
    return {
      ...fields,
      submitTime: now,
      startedAt: now,
      stepMs: knobs.latencyMs,
      outcome: decideOutcome(knobs, this.deps.random),
      hash: this.deps.newHash(),
      mediaBase,
    };
  }

  private start(task: MjTask, knobs: Knobs): MjAnswer {
    this.deps.tasks.set(task.id, task);
    this.recordSubmission(task);
    this.scheduleNotifications(task);
    return knobs.queued ? answers.queued(task.id) : answers.submitted(task.id);
  }

  private recordSubmission(task: MjTask): void {
    this.deps.stats.submitted("mj", task.kind);
    this.deps.logger.info("task submitted", {
      protocol: "mj",
      kind: task.kind,
      taskId: task.id,
      parentId: task.parentId,
      outcome: task.outcome,
      stepMs: task.stepMs,
    });
  }

  private scheduleNotifications(task: MjTask): void {
    const clock = clockOf(task);
    if (!task.notifyHook || !clock) return;

    const lastStep = task.outcome === "hang" ? MJ_FINAL_STEP - 1 : MJ_FINAL_STEP;
    this.deps.notifier.schedule({
      url: task.notifyHook,
      clock,
      steps: stepsUpTo(lastStep),
      payloadAt: (time) => viewTask(task, time),
      fields: { protocol: "mj", taskId: task.id },
    });
  }
}

/** Refusals the knobs ask for, checked after the request proved valid. */
function refusalFor(knobs: Knobs, prompt: string): MjAnswer | undefined {
  if (knobs.rateLimit !== undefined) return answers.queueFull();
  if (knobs.reject) return answers.failure();
  if (knobs.banned) return answers.banned(prompt);
  return undefined;
}

function derive(parent: MjTask, press: Press, id: string): Derived {
  const grid = { layout: "grid", pictureSeed: id } as const;
  switch (press.kind) {
    case "upsample":
      return {
        kind: "upsample",
        action: "UPSCALE",
        description: `/up ${parent.id} U${press.quarter}`,
        layout: "single",
        pictureSeed: quarterSeed(parent.pictureSeed, press.quarter),
      };
    case "variation":
      return {
        kind: "variation",
        action: "VARIATION",
        description: `/up ${parent.id} V${press.quarter}`,
        ...grid,
      };
    case "reroll":
      return { kind: "reroll", action: "REROLL", description: `/up ${parent.id} R`, ...grid };
    case "inpaint":
      return { kind: "inpaint", action: "INPAINT", description: `/inpaint ${parent.id}`, ...grid };
    case "outpaint":
      return {
        kind: "outpaint",
        action: "ACTION",
        description: `/zoom ${parent.id} ${press.zoom === 50 ? "2x" : "1.5x"}`,
        ...grid,
      };
    case "pan":
      return {
        kind: "pan",
        action: "PAN",
        description: `/pan ${parent.id} ${press.direction}`,
        ...grid,
      };
    default:
      return assertNever(press);
  }
}

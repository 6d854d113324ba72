import type { Outcome } from "../lifecycle.js";
import type { Size } from "../media/size.js";

/** Kinds of Midjourney task: imagine, and the follow-ups a button press creates. */
export const MJ_TASK_KINDS = [
  "imagine",
  "upsample",
  "variation",
  "reroll",
  "inpaint",
  "outpaint",
  "pan",
] as const;
export type MjTaskKind = (typeof MJ_TASK_KINDS)[number];

/** Kinds counted in the statistics: every task kind, plus confirmations of an inpaint modal. */
export const MJ_SUBMISSION_KINDS = [...MJ_TASK_KINDS, "modal"] as const;
export type MjSubmissionKind = (typeof MJ_SUBMISSION_KINDS)[number];

export type MjStatus =
  | "NOT_START"
  | "SUBMITTED"
  | "MODAL"
  | "IN_PROGRESS"
  | "FAILURE"
  | "SUCCESS"
  | "CANCEL";

/** `action` as midjourney-proxy reports it; it files zoom (outpaint) under plain ACTION. */
export type MjAction =
  | "IMAGINE"
  | "UPSCALE"
  | "VARIATION"
  | "REROLL"
  | "INPAINT"
  | "PAN"
  | "ACTION";

/** Answer codes of the submit endpoints. */
export const MjCode = {
  submitted: 1,
  /** Inpaint waits for its modal; the proxy reuses the "already exists" code for it. */
  needsModal: 21,
  queued: 22,
  queueFull: 23,
  banned: 24,
  notFound: 3,
  invalid: 4,
  failure: 9,
} as const;
export type MjCodeValue = (typeof MjCode)[keyof typeof MjCode];

export interface MjButton {
  customId: string;
  emoji: string;
  label: string;
  /** Discord component type and style, which the proxy passes through. */
  type: 2;
  style: 2;
}

export type Quarter = 1 | 2 | 3 | 4;
export type PanDirection = "left" | "right" | "up" | "down";

/** What pressing a button asks for. */
export type Press =
  | { kind: "upsample"; quarter: Quarter }
  | { kind: "variation"; quarter: Quarter }
  | { kind: "reroll" }
  | { kind: "inpaint" }
  | { kind: "outpaint"; zoom: 50 | 75 }
  | { kind: "pan"; direction: PanDirection };

/** A task as stored: what was asked, and what its state is computed from. */
export interface MjTask {
  id: string;
  kind: MjTaskKind;
  action: MjAction;
  prompt: string;
  description: string;
  state: string | null;
  submitTime: number;
  /** When the lifecycle started; null while an inpaint waits for its modal. */
  startedAt: number | null;
  stepMs: number;
  outcome: Outcome;
  /** Upstream message hash that this task's buttons carry. */
  hash: string;
  /** A grid shows four pictures `${pictureSeed}-1..4`; a single picture shows `pictureSeed`. */
  layout: "grid" | "single";
  pictureSeed: string;
  /** Size of one picture (a grid quarter, or the single picture). */
  tileSize: Size;
  parentId: string | null;
  notifyHook: string | null;
  /** Origin for media URLs, fixed at submission. */
  mediaBase: string;
}

/** A submit endpoint's answer: the body, and the HTTP status it travels with. */
export interface MjAnswer {
  httpStatus: number;
  body: {
    code: MjCodeValue;
    description: string;
    result: string | null;
    properties: Record<string, unknown>;
  };
}

import type { z } from "zod";
import type { ModelId } from "./models.js";
import {
  inpaintRequest,
  midjourneyGenerateRequest,
  outpaintRequest,
  panRequest,
  upsampleRequest,
  variationRequest,
} from "./requests/midjourney.js";
import {
  addVocalsRequest,
  coverRequest,
  extendRequest,
  stemsRequest,
  sunoGenerateRequest,
} from "./requests/suno.js";
import type { ResultKind } from "./result.js";

/** The follow-up actions on Midjourney results. */
export type MidjourneyAction = "upsample" | "variation" | "inpaint" | "outpaint" | "pan";

/** The follow-up actions on Suno results. */
export type SunoAction = "extend" | "cover" | "add_vocals" | "stems";

/** Any follow-up action: a new job derived from a completed parent job. */
export type FollowUpAction = MidjourneyAction | SunoAction;

/** A job's `action`: "generate" for generations, else the follow-up's name. */
export type JobAction = "generate" | FollowUpAction;

/** The actions of one model, generation included. */
export type ActionOf<M extends ModelId> =
  | "generate"
  | (M extends "midjourney" ? MidjourneyAction : SunoAction);

/** The four submission endpoints. */
export const endpoints = {
  imagesGenerate: "/v2/images/generate",
  midjourneyAction: "/v2/images/midjourney/action",
  musicGenerate: "/v2/music/generate",
  sunoAction: "/v2/music/suno/action",
} as const;

/** A submission endpoint's path. */
export type Endpoint = (typeof endpoints)[keyof typeof endpoints];

interface EntryFields<M extends ModelId, A extends JobAction> {
  readonly model: M;
  readonly action: A;
  readonly endpoint: Endpoint;
  readonly produces: ResultKind;
  /** Credits charged when the job is accepted; refunded in full if it fails. */
  readonly cost: number;
  /** The request body; unknown fields are rejected. */
  readonly requestSchema: z.ZodType;
}

/** A generation: it needs no parent. */
export interface GenerationEntry<M extends ModelId = ModelId> extends EntryFields<M, "generate"> {
  readonly actsOn: null;
}

/** A follow-up action: the kinds of completed parent job it accepts. */
export interface FollowUpEntry<A extends FollowUpAction = FollowUpAction>
  extends EntryFields<A extends MidjourneyAction ? "midjourney" : "suno", A> {
  readonly actsOn: readonly ResultKind[];
}

/** One row of the catalogue. */
export type CatalogueEntry = GenerationEntry | FollowUpEntry;

/** The generations, by model. Every cost in the service is written in this file, once. */
export const generations = {
  midjourney: {
    model: "midjourney",
    action: "generate",
    endpoint: endpoints.imagesGenerate,
    actsOn: null,
    produces: "grid",
    cost: 16,
    requestSchema: midjourneyGenerateRequest,
  },
  suno: {
    model: "suno",
    action: "generate",
    endpoint: endpoints.musicGenerate,
    actsOn: null,
    produces: "song",
    cost: 11,
    requestSchema: sunoGenerateRequest,
  },
} as const satisfies { readonly [M in ModelId]: GenerationEntry<M> };

/**
 * The follow-up actions, by name. Upsample and variation act on the grid of a generation or a
 * variation, the other Midjourney actions on an upsampled image, and nothing on the grids those
 * make; Suno actions act on any song, never on stems. So no entry lists "edited_grid" or
 * "stems" in `actsOn`.
 */
export const followUps = {
  upsample: {
    model: "midjourney",
    action: "upsample",
    endpoint: endpoints.midjourneyAction,
    actsOn: ["grid"],
    produces: "image",
    cost: 4,
    requestSchema: upsampleRequest,
  },
  variation: {
    model: "midjourney",
    action: "variation",
    endpoint: endpoints.midjourneyAction,
    actsOn: ["grid"],
    produces: "grid",
    cost: 16,
    requestSchema: variationRequest,
  },
  inpaint: {
    model: "midjourney",
    action: "inpaint",
    endpoint: endpoints.midjourneyAction,
    actsOn: ["image"],
    produces: "edited_grid",
    cost: 16,
    requestSchema: inpaintRequest,
  },
  outpaint: {
    model: "midjourney",
    action: "outpaint",
    endpoint: endpoints.midjourneyAction,
    actsOn: ["image"],
    produces: "edited_grid",
    cost: 16,
    requestSchema: outpaintRequest,
  },
  pan: {
    model: "midjourney",
    action: "pan",
    endpoint: endpoints.midjourneyAction,
    actsOn: ["image"],
    produces: "edited_grid",
    cost: 16,
    requestSchema: panRequest,
  },
  extend: {
    model: "suno",
    action: "extend",
    endpoint: endpoints.sunoAction,
    actsOn: ["song"],
    produces: "song",
    cost: 11,
    requestSchema: extendRequest,
  },
  cover: {
    model: "suno",
    action: "cover",
    endpoint: endpoints.sunoAction,
    actsOn: ["song"],
    produces: "song",
    cost: 11,
    requestSchema: coverRequest,
  },
  add_vocals: {
    model: "suno",
    action: "add_vocals",
    endpoint: endpoints.sunoAction,
    actsOn: ["song"],
    produces: "song",
    cost: 11,
    requestSchema: addVocalsRequest,
  },
  stems: {
    model: "suno",
    action: "stems",
    endpoint: endpoints.sunoAction,
    actsOn: ["song"],
    produces: "stems",
    cost: 11,
    requestSchema: stemsRequest,
  },
} as const satisfies { readonly [A in FollowUpAction]: FollowUpEntry<A> };

/** Every generation and follow-up, generations first. */
export const catalogueEntries: readonly CatalogueEntry[] = [
  ...Object.values(generations),
  ...Object.values(followUps),
];

/**
 * The entry for a job's model and action, or undefined for a pair the catalogue does not have
 * (such as a Midjourney `extend`). Takes plain strings because jobs store them so.
 */
export function getCatalogueEntry(model: string, action: string): CatalogueEntry | undefined {
  return catalogueEntries.find((entry) => entry.model === model && entry.action === action);
}

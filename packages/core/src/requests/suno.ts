import { z } from "zod";
import { parentJobId } from "./parent.js";
import { webhookEventsNeedUrl, webhookFields } from "./webhook.js";

/** The Suno versions API.md offers; they all cost the same. */
export const sunoModelVersions = ["V4", "V4_5", "V4_5ALL", "V4_5PLUS", "V5"] as const;

/** Lyrics in custom mode, else a description; the tighter cap of the latter is a refinement. */
const musicPrompt = z.string().min(1).max(5000);

/** Without custom mode the prompt is a description of the song, which API.md caps lower. */
const maxDescriptionLength = 500;

const title = z.string().max(80);
const style = z.string().max(1000);
const negativeTags = z.string().max(500);
const unitWeight = z.number().min(0).max(1);

/**
 * `sunoParams` of a generation. Parsing always yields it (empty when absent), so the
 * `model_version` default is decided here and nowhere else.
 */
const sunoParams = z
  .strictObject({
    custom_mode: z.boolean().optional(),
    instrumental: z.boolean().optional(),
    model_version: z.enum(sunoModelVersions).default("V4_5PLUS"),
    title: title.optional(),
    style: style.optional(),
    negative_tags: negativeTags.optional(),
    vocal_gender: z.enum(["m", "f"]).optional(),
    style_weight: unitWeight.optional(),
    weirdness_constraint: unitWeight.optional(),
  })
  .prefault({});

/** A description (no custom mode) fits {@link maxDescriptionLength}; lyrics get all 5000. */
const promptFitsMode = z.superRefine<{ prompt: string; sunoParams: { custom_mode?: boolean } }>(
  (body, ctx) => {
    if (body.sunoParams.custom_mode !== true && body.prompt.length > maxDescriptionLength) {
      ctx.addIssue({
        code: "custom",
        path: ["prompt"],
        message: `must be at most ${maxDescriptionLength} characters without custom_mode`,
      });
    }
  },
);

/** `POST /v2/music/generate`: a Suno song of 2 tracks. */
export const sunoGenerateRequest = z
  .strictObject({
    prompt: musicPrompt,
    model: z.literal("suno"),
    sunoParams,
    ...webhookFields,
  })
  .check(promptFitsMode, webhookEventsNeedUrl);

/** How a Suno action names the parent's track: `index` (1 or 2) or one of its track ids. */
const trackChoice = {
  index: z.literal([1, 2]).optional(),
  trackId: z.string().min(1).max(200).optional(),
};

/** Exactly one of `index` and `trackId`; the issue sits on `index` either way. */
const exactlyOneTrack = z.superRefine<{ index?: 1 | 2 | undefined; trackId?: string | undefined }>(
  (body, ctx) => {
    if ((body.index === undefined) === (body.trackId === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["index"],
        message: "send exactly one of index or trackId",
      });
    }
  },
);

/** The fields every Suno action shares: the parent, its track and the webhook. */
const sunoActionFields = { parentJobId, ...trackChoice, ...webhookFields };

/** The optional words and styling a new song made from a track may override. */
const songOverrides = {
  title: title.optional(),
  style: style.optional(),
  negative_tags: negativeTags.optional(),
};

/** `extend`: continues a track from `continueAt` seconds (default: its end). */
export const extendRequest = z
  .strictObject({
    action: z.literal("extend"),
    ...sunoActionFields,
    continueAt: z.number().positive().optional(),
    prompt: musicPrompt.optional(),
    ...songOverrides,
  })
  .check(exactlyOneTrack, webhookEventsNeedUrl);

/** `cover`: a new rendition of a track; `audio_weight` near 1 keeps the melody close. */
export const coverRequest = z
  .strictObject({
    action: z.literal("cover"),
    ...sunoActionFields,
    prompt: musicPrompt.optional(),
    audio_weight: unitWeight.optional(),
    ...songOverrides,
  })
  .check(exactlyOneTrack, webhookEventsNeedUrl);

/** `add_vocals`: sings the given lyrics over a track, usually an instrumental one. */
export const addVocalsRequest = z
  .strictObject({
    action: z.literal("add_vocals"),
    ...sunoActionFields,
    prompt: musicPrompt,
    ...songOverrides,
  })
  .check(exactlyOneTrack, webhookEventsNeedUrl);

/** `stems`: splits a track into vocals and instrumental. */
export const stemsRequest = z
  .strictObject({ action: z.literal("stems"), ...sunoActionFields })
  .check(exactlyOneTrack, webhookEventsNeedUrl);

/** `POST /v2/music/suno/action`: any Suno follow-up, chosen by `action`. */
export const sunoActionRequest = z.discriminatedUnion("action", [
  extendRequest,
  coverRequest,
  addVocalsRequest,
  stemsRequest,
]);

/** A parsed `POST /v2/music/generate` body for Suno. */
export type SunoGenerateRequest = z.infer<typeof sunoGenerateRequest>;

/** A parsed `POST /v2/music/suno/action` body. */
export type SunoActionRequest = z.infer<typeof sunoActionRequest>;

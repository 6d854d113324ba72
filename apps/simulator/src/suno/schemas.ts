import { z } from "zod";
import { httpUrl } from "../validation.js";

/** Models sunoapi.org accepted at one time or another; spelled with underscores. */
export const SONG_MODELS = ["V3_5", "V4", "V4_5", "V4_5PLUS", "V4_5ALL", "V5", "V5_5"] as const;
export type SongModel = (typeof SONG_MODELS)[number];

const model = z.enum(SONG_MODELS);

/** Required by the upstream even though polling works without it. */
const callBackUrl = z.url({
  protocol: /^https?$/,
  error: (issue) =>
    issue.input === undefined ? "Please enter callBackUrl." : "must be an http(s) URL",
});

const weight = z.number().min(0).max(1).optional();

/** Optional tuning every song endpoint takes; accepted and otherwise ignored. */
const tuning = {
  negativeTags: z.string().optional(),
  vocalGender: z.enum(["m", "f"]).optional(),
  styleWeight: weight,
  weirdnessConstraint: weight,
  audioWeight: weight,
  personaId: z.string().optional(),
  personaModel: z.enum(["style_persona", "voice_persona"]).optional(),
};

/** Fields whose presence and length depend on customMode and instrumental. */
const songText = {
  customMode: z.boolean(),
  instrumental: z.boolean(),
  prompt: z.string().optional(),
  style: z.string().optional(),
  title: z.string().optional(),
};

export const generateBody = z.object({ ...songText, model, callBackUrl, ...tuning });
export type GenerateInput = z.output<typeof generateBody>;

export const extendBody = z.object({
  defaultParamFlag: z.boolean(),
  audioId: z.string().min(1),
  model,
  callBackUrl,
  prompt: z.string().optional(),
  style: z.string().optional(),
  title: z.string().optional(),
  /** Seconds into the source track where the continuation starts. */
  continueAt: z.number().optional(),
  ...tuning,
});
export type ExtendInput = z.output<typeof extendBody>;

export const uploadCoverBody = z.object({
  ...songText,
  uploadUrl: httpUrl(),
  model,
  callBackUrl,
  ...tuning,
});
export type UploadCoverInput = z.output<typeof uploadCoverBody>;

export const addVocalsBody = z.object({
  // First, so the required negativeTags below replaces the optional one.
  ...tuning,
  uploadUrl: httpUrl(),
  prompt: z.string().min(1),
  title: z.string().min(1),
  style: z.string().min(1),
  negativeTags: z.string(),
  callBackUrl,
  model: z.enum(["V4_5PLUS", "V5"]).default("V4_5PLUS"),
});
export type AddVocalsInput = z.output<typeof addVocalsBody>;

export const stemsBody = z.object({
  taskId: z.string().min(1),
  audioId: z.string().min(1),
  type: z.enum(["separate_vocal", "split_stem"]).default("separate_vocal"),
  callBackUrl,
});
export type StemsInput = z.output<typeof stemsBody>;

export const recordQuery = z.object({ taskId: z.string().min(1, "taskId is required") });

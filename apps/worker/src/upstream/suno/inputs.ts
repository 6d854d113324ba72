import { sunoModelVersions } from "@reprise/core";
import { z } from "zod";

/**
 * The fields of each Suno job's input that the adapter reads, as API.md defines them.
 * Lenient on purpose: the API already refused anything else, and the input also holds fields
 * (webhooks, the parent's id) that the upstream never sees.
 */

const optionalText = z.string().optional();

export const generateInput = z.object({
  prompt: z.string().min(1),
  sunoParams: z
    .object({
      custom_mode: z.boolean().optional(),
      instrumental: z.boolean().optional(),
      model_version: z.enum(sunoModelVersions).optional(),
      title: optionalText,
      style: optionalText,
      negative_tags: optionalText,
      vocal_gender: z.enum(["m", "f"]).optional(),
      style_weight: z.number().optional(),
      weirdness_constraint: z.number().optional(),
    })
    .optional(),
});

/** A parsed generation input. */
export type GenerateInput = z.infer<typeof generateInput>;

/** How every Suno follow-up names its parent's track: exactly one of the two. */
const trackChoice = {
  index: z.literal([1, 2]).optional(),
  trackId: z.string().min(1).optional(),
};

/** The words and styling a new song made from a track may override. */
const songOverrides = { title: optionalText, style: optionalText, negative_tags: optionalText };

export const extendInput = z.object({
  ...trackChoice,
  continueAt: z.number().positive().optional(),
  prompt: optionalText,
  ...songOverrides,
});

export const coverInput = z.object({
  ...trackChoice,
  prompt: optionalText,
  audio_weight: z.number().optional(),
  ...songOverrides,
});

export const addVocalsInput = z.object({
  ...trackChoice,
  prompt: z.string().min(1),
  ...songOverrides,
});

export const stemsInput = z.object(trackChoice);

/** A parsed track choice; every follow-up input above holds one. */
export type TrackChoice = z.infer<typeof stemsInput>;

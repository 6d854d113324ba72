import { z } from "zod";

/**
 * The fields of each Midjourney job's input that the adapter reads, as API.md defines them.
 * Lenient on purpose: the API already refused anything else, and the input also holds fields
 * (webhooks, the parent's id) that the upstream never sees.
 */

/** Which image of a grid, as on the U1–U4 and V1–V4 buttons. */
const gridIndex = z.int().min(1).max(4);

export const generateInput = z.object({
  prompt: z.string().min(1),
  midjourneyParams: z.object({ aspect_ratio: z.string().optional() }).optional(),
});

/** Upsample and variation. */
export const gridIndexInput = z.object({ index: gridIndex });

/** The prompt is optional: without one, the repaint reuses the parent's. */
export const inpaintInput = z.object({ prompt: z.string().min(1).optional() });

export const outpaintInput = z.object({ zoomRatio: z.literal([1.5, 2]) });

export const panInput = z.object({ direction: z.enum(["up", "down", "left", "right"]) });

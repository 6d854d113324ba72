import { z } from "zod";
import { inpaintMask } from "./mask.js";
import { parentJobId } from "./parent.js";
import { webhookEventsNeedUrl, webhookFields } from "./webhook.js";

const imagePrompt = z.string().min(1).max(2000);

/** Both sides are positive whole numbers: "16:9", "1:1". */
const aspectRatio = z
  .string()
  .regex(/^[1-9]\d*:[1-9]\d*$/, "must be W:H with positive whole numbers, such as 16:9");

/** Which image of the grid, as on Midjourney's U1–U4 and V1–V4 buttons. */
const gridIndex = z.int().min(1).max(4);

/** `POST /v2/images/generate`: a Midjourney 4-image grid. */
export const midjourneyGenerateRequest = z
  .strictObject({
    prompt: imagePrompt,
    model: z.literal("midjourney"),
    midjourneyParams: z.strictObject({ aspect_ratio: aspectRatio }).optional(),
    ...webhookFields,
  })
  .check(webhookEventsNeedUrl);

/** `upsample`: one image of a grid, on its own. */
export const upsampleRequest = z
  .strictObject({
    parentJobId,
    action: z.literal("upsample"),
    index: gridIndex,
    ...webhookFields,
  })
  .check(webhookEventsNeedUrl);

/** `variation`: a new grid of variations of one image of a grid. */
export const variationRequest = z
  .strictObject({
    parentJobId,
    action: z.literal("variation"),
    index: gridIndex,
    ...webhookFields,
  })
  .check(webhookEventsNeedUrl);

/** `inpaint` (Vary Region): repaints the mask's white area of an upsampled image. */
export const inpaintRequest = z
  .strictObject({
    parentJobId,
    action: z.literal("inpaint"),
    mask: inpaintMask,
    prompt: imagePrompt.optional(),
    ...webhookFields,
  })
  .check(webhookEventsNeedUrl);

/** `outpaint` (Zoom Out): widens an upsampled image by 1.5 or 2 times. */
export const outpaintRequest = z
  .strictObject({
    parentJobId,
    action: z.literal("outpaint"),
    zoomRatio: z.literal([1.5, 2]),
    ...webhookFields,
  })
  .check(webhookEventsNeedUrl);

/** `pan`: extends an upsampled image's canvas in one direction. */
export const panRequest = z
  .strictObject({
    parentJobId,
    action: z.literal("pan"),
    direction: z.enum(["up", "down", "left", "right"]),
    ...webhookFields,
  })
  .check(webhookEventsNeedUrl);

/** `POST /v2/images/midjourney/action`: any Midjourney follow-up, chosen by `action`. */
export const midjourneyActionRequest = z.discriminatedUnion("action", [
  upsampleRequest,
  variationRequest,
  inpaintRequest,
  outpaintRequest,
  panRequest,
]);

/** A parsed `POST /v2/images/generate` body for Midjourney. */
export type MidjourneyGenerateRequest = z.infer<typeof midjourneyGenerateRequest>;

/** A parsed `POST /v2/images/midjourney/action` body. */
export type MidjourneyActionRequest = z.infer<typeof midjourneyActionRequest>;

import { z } from "zod";
import { mjButton } from "./stored-task.js";

/** Where a midjourney-proxy task stands. */
export const mjTaskStatuses = [
  "NOT_START",
  "SUBMITTED",
  "MODAL",
  "IN_PROGRESS",
  "FAILURE",
  "SUCCESS",
  "CANCEL",
] as const;

/** The fields of `GET /mj/task/{id}/fetch` that the adapter reads. */
export const mjTask = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  status: z.enum(mjTaskStatuses),
  prompt: z.string().nullish(),
  /** "0%" to "100%". */
  progress: z.string().nullish(),
  /** The grid of a grid task, the picture of an upsample. */
  imageUrl: z.string().nullish(),
  /** The four pictures of a grid (newer proxies only); the one picture of an upsample. */
  imageUrls: z.array(z.string()).nullish(),
  failReason: z.string().nullish(),
  buttons: z.array(mjButton).nullish(),
});

/** A parsed task. */
export type MjTask = z.infer<typeof mjTask>;

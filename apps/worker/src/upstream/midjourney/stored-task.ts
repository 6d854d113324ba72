import { z } from "zod";

/** One button under a finished task; `customId` is what pressing it sends. */
export const mjButton = z.object({
  customId: z.string().min(1),
  emoji: z.string().nullish(),
  label: z.string().nullish(),
});

/** A parsed button. */
export type MjButton = z.infer<typeof mjButton>;

/**
 * What a finished Midjourney job keeps as its `upstream`, for its follow-ups: the task id,
 * the task's buttons (each custom id carries the upstream's message hash, so a follow-up can
 * only press the buttons of its own parent) and the task's prompt, which an inpaint sent
 * without a prompt of its own reuses. The images themselves are in the job's result.
 */
export const storedTask = z.object({
  taskId: z.string().min(1),
  buttons: z.array(mjButton),
  prompt: z.string(),
});

/** A parsed stored task. */
export type StoredTask = z.infer<typeof storedTask>;

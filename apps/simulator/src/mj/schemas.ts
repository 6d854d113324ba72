import { z } from "zod";
import { httpUrl } from "../validation.js";

/** Callers often send "" for "no hook"; the proxy treats it as absent. */
const notifyHook = z
  .union([z.literal(""), httpUrl()])
  .optional()
  .transform((hook) => hook || null);

const state = z
  .string()
  .optional()
  .transform((value) => value ?? null);

export const imagineBody = z.object({
  prompt: z.string().trim().min(1, "prompt must not be empty"),
  base64Array: z.array(z.string()).optional(),
  notifyHook,
  state,
  botType: z.string().optional(),
});
export type ImagineInput = z.output<typeof imagineBody>;

export const actionBody = z.object({
  taskId: z.string().min(1),
  customId: z.string().min(1),
  notifyHook,
  state,
});
export type ActionInput = z.output<typeof actionBody>;

export const modalBody = z.object({
  taskId: z.string().min(1),
  prompt: z.string().trim().min(1, "prompt must not be empty"),
  maskBase64: z.string().min(1, "maskBase64 must not be empty"),
});
export type ModalInput = z.output<typeof modalBody>;

export const listBody = z.object({ ids: z.array(z.string()).max(1000) });

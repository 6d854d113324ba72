import { jobStatuses } from "@reprise/core";
import { z } from "zod";

/** A position in the list: the last job of the previous page. */
const cursorSchema = z.strictObject({ createdAt: z.iso.datetime(), id: z.uuid() });
export type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decodeCursor(text: string): Cursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * `GET /v2/jobs` query. `search` (a job id) and `include_models` are Apiframe's too, accepted
 * so its clients work unchanged.
 */
export const listJobsQuery = z.strictObject({
  status: z.enum(jobStatuses).optional(),
  model: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .transform((text, ctx) => {
      const cursor = decodeCursor(text);
      if (!cursor) ctx.addIssue({ code: "custom", message: "is not a cursor from this API" });
      return cursor ?? z.NEVER;
    })
    .optional(),
  scope: z.enum(["user", "team"]).default("user"),
  search: z.uuid().optional(),
  include_models: z.enum(["true", "false"]).default("false"),
});

export type ListJobsQuery = z.infer<typeof listJobsQuery>;

import { z } from "zod";

/** An http(s) URL, as the callers' hooks and upload URLs must be. */
export const httpUrl = () => z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

/** The first problem of a failed parse, in one line for an answer's message. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid request";
  return issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message;
}

/** Whether an error is express.json() refusing a body that is not JSON. */
export function isBadJson(error: unknown): boolean {
  return typeof error === "object" && error !== null && "type" in error
    ? error.type === "entity.parse.failed"
    : false;
}

import type { ValidationDetails } from "@reprise/core";
import type { z } from "zod";
import { fail } from "./api-error.js";

/**
 * zod issues as API.md's `details`: messages per JSON path of the body. An unknown field is
 * reported at its own path, not at the object holding it.
 */
function validationDetails(error: z.ZodError): ValidationDetails {
  // A Map, because a client's field may be named `__proto__`.
  const details = new Map<string, string[]>();
  const add = (path: PropertyKey[], message: string) => {
    const at = path.length > 0 ? path.join(".") : "body";
    details.set(at, [...(details.get(at) ?? []), message]);
  };
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add([...issue.path, key], "is not a known field");
    } else {
      add(issue.path, issue.message);
    }
  }
  return Object.fromEntries(details);
}

/** Half of a surrogate pair, with no other half next to it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Postgres refuses NUL in text and in jsonb, and a lone surrogate in jsonb. */
function isStorable(text: string): boolean {
  return !text.includes("\u0000") && !LONE_SURROGATE.test(text);
}

/** The JSON paths of the strings in `value` that Postgres would refuse to store. */
function unstorableTextPaths(value: unknown, path: string[] = []): string[] {
  if (typeof value === "string") return isStorable(value) ? [] : [path.join(".") || "body"];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => unstorableTextPaths(item, [...path, key]));
}

/**
 * Parses `body` with `schema`, or answers 400 `validation_error` with every problem. Text
 * the database cannot hold is refused here too, so it fails as a 400 and not as a 500 when
 * the job is recorded or the list is queried.
 */
export function parseOrFail<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) fail("validation_error", { details: validationDetails(parsed.error) });

  const unstorable = unstorableTextPaths(parsed.data);
  if (unstorable.length > 0) {
    const problem = ["must not contain NUL characters or unpaired surrogates"];
    fail("validation_error", {
      details: Object.fromEntries(unstorable.map((path) => [path, problem])),
    });
  }
  return parsed.data;
}

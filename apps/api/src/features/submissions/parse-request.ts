import {
  type ActionRequest,
  type Endpoint,
  endpoints,
  type MidjourneyGenerateRequest,
  type ModelId,
  midjourneyActionRequest,
  midjourneyGenerateRequest,
  type SunoGenerateRequest,
  sunoActionRequest,
  sunoGenerateRequest,
} from "@reprise/core";
import { parseOrFail } from "../../http/parse-or-fail.js";

/** A submission body that passed its schema, tagged by what it asks for. */
export type Submission =
  | { kind: "generate"; model: ModelId; body: MidjourneyGenerateRequest | SunoGenerateRequest }
  | { kind: "action"; model: ModelId; body: ActionRequest };

/** Checks a submission body against the schema of the endpoint it was sent to. */
export function parseSubmission(endpoint: Endpoint, body: unknown): Submission {
  switch (endpoint) {
    case endpoints.imagesGenerate:
      return {
        kind: "generate",
        model: "midjourney",
        body: parseOrFail(midjourneyGenerateRequest, body),
      };
    case endpoints.musicGenerate:
      return { kind: "generate", model: "suno", body: parseOrFail(sunoGenerateRequest, body) };
    case endpoints.midjourneyAction:
      return {
        kind: "action",
        model: "midjourney",
        body: parseOrFail(midjourneyActionRequest, body),
      };
    case endpoints.sunoAction:
      return { kind: "action", model: "suno", body: parseOrFail(sunoActionRequest, body) };
    default:
      return endpoint satisfies never;
  }
}

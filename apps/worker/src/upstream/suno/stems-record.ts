import type { SongTrack, StemsResult } from "@reprise/core";
import { z } from "zod";
import { PermanentUpstreamError, type UpstreamState } from "../adapter.js";
import { unreachable } from "../unreachable.js";

/** Where a vocal-separation task stands; the last three are failures. */
export const stemsFlags = [
  "PENDING",
  "SUCCESS",
  "CREATE_TASK_FAILED",
  "GENERATE_AUDIO_FAILED",
  "CALLBACK_EXCEPTION",
] as const;

/** The fields of `GET /api/v1/vocal-removal/record-info`'s `data` that the adapter reads. */
export const stemsRecord = z.object({
  successFlag: z.enum(stemsFlags),
  response: z
    .object({ vocalUrl: z.string().nullish(), instrumentalUrl: z.string().nullish() })
    .nullish(),
  errorMessage: z.string().nullish(),
});

/** A parsed stems record. */
export type StemsRecord = z.infer<typeof stemsRecord>;

/**
 * A stems task as the worker sees it. The upstream gives only the two URLs; the stems keep
 * the source track's length, so its duration is theirs.
 */
export function stemsState(record: StemsRecord, taskId: string, source: SongTrack): UpstreamState {
  const failed = (sentence: string): UpstreamState => ({
    kind: "failed",
    reason: record.errorMessage ? `${sentence} (${record.errorMessage})` : sentence,
  });

  switch (record.successFlag) {
    case "PENDING":
      return { kind: "running", progress: 10 };
    case "SUCCESS":
      return { kind: "succeeded", result: stemsOf(record, source), upstream: { taskId } };
    case "CREATE_TASK_FAILED":
      return failed("the separation task could not be created");
    case "GENERATE_AUDIO_FAILED":
      return failed("the track could not be separated");
    case "CALLBACK_EXCEPTION":
      return failed("the separation ended in an error while delivering its result");
    default:
      return unreachable(record.successFlag);
  }
}

function stemsOf(record: StemsRecord, source: SongTrack): StemsResult {
  const vocals = record.response?.vocalUrl;
  const instrumental = record.response?.instrumentalUrl;
  if (!vocals || !instrumental) {
    throw new PermanentUpstreamError("The Suno upstream finished the stems without their audio");
  }

  const stem = { imageUrl: null, tags: null, duration: source.duration };
  return {
    tracks: [
      { id: "vocals", audioUrl: vocals, title: "Vocals", ...stem },
      { id: "instrumental", audioUrl: instrumental, title: "Instrumental", ...stem },
    ],
  };
}

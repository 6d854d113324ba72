import type { SongResult, SongTrack } from "@reprise/core";
import { z } from "zod";
import { PermanentUpstreamError, type UpstreamState } from "../adapter.js";
import { unreachable } from "../unreachable.js";
import type { SongSettings, StoredSong } from "./song-settings.js";

/** Where a song task stands; the last four are failures. */
export const songStatuses = [
  "PENDING",
  "TEXT_SUCCESS",
  "FIRST_SUCCESS",
  "SUCCESS",
  "CREATE_TASK_FAILED",
  "GENERATE_AUDIO_FAILED",
  "CALLBACK_EXCEPTION",
  "SENSITIVE_WORD_ERROR",
] as const;

/** One `sunoData[]` entry; most fields stay empty until the task succeeds. */
const sunoTrack = z.object({
  /** The audioId every follow-up names. */
  id: z.string().min(1),
  audioUrl: z.string().nullish(),
  imageUrl: z.string().nullish(),
  /** The lyrics; empty for instrumentals. */
  prompt: z.string().nullish(),
  title: z.string().nullish(),
  tags: z.string().nullish(),
  duration: z.number().nullish(),
});

/** The fields of `GET /api/v1/generate/record-info`'s `data` that the adapter reads. */
export const songRecord = z.object({
  status: z.enum(songStatuses),
  response: z.object({ sunoData: z.array(sunoTrack).nullish() }).nullish(),
  errorMessage: z.string().nullish(),
});

/** A parsed song record. */
export type SongRecord = z.infer<typeof songRecord>;

/**
 * A song task as the worker sees it. `settings` are the ones the task was started with; on
 * success they are stored with the tracks' lyrics for the song's own follow-ups.
 */
export function songState(
  record: SongRecord,
  taskId: string,
  settings: SongSettings,
): UpstreamState {
  const failed = (sentence: string): UpstreamState => ({
    kind: "failed",
    reason: record.errorMessage ? `${sentence} (${record.errorMessage})` : sentence,
  });

  switch (record.status) {
    // The steps are lyrics, then the first track, then both: progress rises with them.
    case "PENDING":
      return running(10);
    case "TEXT_SUCCESS":
      return running(40);
    case "FIRST_SUCCESS":
      return running(70);
    case "SUCCESS":
      return succeeded(record, taskId, settings);
    case "CREATE_TASK_FAILED":
      return failed("the task could not be created");
    case "GENERATE_AUDIO_FAILED":
      return failed("the audio could not be generated");
    case "CALLBACK_EXCEPTION":
      return failed("the task ended in an error while delivering its result");
    case "SENSITIVE_WORD_ERROR":
      return failed("the prompt was refused by the upstream's content filter");
    default:
      return unreachable(record.status);
  }
}

function running(progress: number): UpstreamState {
  return { kind: "running", progress };
}

function succeeded(record: SongRecord, taskId: string, settings: SongSettings): UpstreamState {
  const items = record.response?.sunoData ?? [];
  if (items.length !== 2) {
    throw new PermanentUpstreamError(
      `The Suno upstream finished the song with ${items.length} tracks instead of 2`,
    );
  }

  const result: SongResult = { tracks: items.map(trackOf) };
  const upstream: StoredSong = {
    taskId,
    ...settings,
    tracks: items.map((item) => ({ id: item.id, lyrics: item.prompt ?? "" })),
  };
  return { kind: "succeeded", result, upstream };
}

/** The upstream sends "" for what it lacks; the result schema wants null, or a real URL. */
function trackOf(item: z.infer<typeof sunoTrack>): SongTrack {
  if (!item.audioUrl || !item.duration) {
    throw new PermanentUpstreamError("The Suno upstream finished a track without its audio");
  }
  return {
    id: item.id,
    audioUrl: item.audioUrl,
    imageUrl: item.imageUrl || null,
    title: item.title || null,
    tags: item.tags || null,
    duration: item.duration,
  };
}

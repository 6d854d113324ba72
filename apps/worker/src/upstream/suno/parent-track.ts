import { type SongTrack, songResult } from "@reprise/core";
import { PermanentUpstreamError, type UpstreamJob } from "../adapter.js";
import { parentOf } from "../job-input.js";
import type { TrackChoice } from "./inputs.js";

/**
 * The parent's track a follow-up acts on, by `index` (1 or 2) or `trackId`. A track's `id` is
 * the upstream's audioId, and its `audioUrl` the file that cover and add_vocals upload. The
 * API checked both before it charged, so a miss here means the parent changed since.
 */
export function parentTrack(job: UpstreamJob, choice: TrackChoice): SongTrack {
  const song = songResult.safeParse(parentOf(job).result);
  if (!song.success) throw new PermanentUpstreamError("The parent job has no tracks");

  const { tracks } = song.data;
  const track =
    choice.index !== undefined
      ? tracks[choice.index - 1]
      : tracks.find((candidate) => candidate.id === choice.trackId);
  if (track !== undefined) return track;
  throw new PermanentUpstreamError("The parent job has no such track");
}

import { hashString } from "../hash.js";
import type { SongTextFields } from "./text.js";
import type { Track } from "./types.js";

/** What both tracks of a song task share. */
export interface SongText {
  title: string;
  tags: string;
  lyrics: string;
}

const MARKERS = /\[sim:[^\]]*\]/g;

/**
 * The shared text of a song request. Custom mode uses the fields as given; simple mode
 * turns the idea into a title and a verse, as the upstream writes lyrics itself.
 */
export function songTextOf(fields: SongTextFields): SongText {
  if (fields.customMode) {
    return {
      title: fields.title ?? "",
      tags: fields.style ?? "",
      lyrics: fields.instrumental ? "" : (fields.prompt ?? ""),
    };
  }

  const idea = (fields.prompt ?? "").replace(MARKERS, "").trim();
  return {
    title: titleFromIdea(idea),
    tags: "simulated, pop",
    lyrics: fields.instrumental ? "" : `[Verse]\n${idea}\n\n[Chorus]\n${idea}`,
  };
}

/** A track's own length in seconds: 3 to 8, in hundredths, fixed by its id. */
export function ownDuration(audioId: string): number {
  return 3 + (hashString(audioId) % 500) / 100;
}

/** Seconds rounded to the hundredths a media URL can carry. */
export function roundDuration(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}

/** Backend model names as record-info reports them, e.g. V4_5PLUS → chirp-v4-5plus. */
export function modelNameOf(model: string): string {
  return `chirp-${model.toLowerCase().replaceAll("_", "-")}`;
}

/** "YYYY-MM-DD HH:mm:ss" in UTC, the documented createTime format. */
export function formatCreateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace("T", " ");
}

/** Two tracks of the same text, each with its own id and duration. */
export function makeTracks(
  text: SongText,
  model: string,
  createdAt: number,
  newAudioId: () => string,
  durationOf: (audioId: string) => number,
): Track[] {
  return [0, 1].map(() => {
    const id = newAudioId();
    return {
      id,
      title: text.title,
      tags: text.tags,
      prompt: text.lyrics,
      modelName: modelNameOf(model),
      duration: roundDuration(durationOf(id)),
      createTime: formatCreateTime(createdAt),
    };
  });
}

function titleFromIdea(idea: string): string {
  const words = idea.split(/\s+/).filter(Boolean).slice(0, 5);
  if (words.length === 0) return "Untitled";
  return words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join(" ");
}

import { z } from "zod";
import { getCatalogueEntry } from "./actions.js";
import { unreachable } from "./unreachable.js";

/**
 * What a completed job holds, which decides what can act on it next: a 4-image `grid` (a
 * generation or a variation), an `edited_grid` (the 4-image grid of an inpaint, outpaint or
 * pan), one upsampled `image`, a 2-track `song` (Suno generation, extend, cover, add_vocals)
 * or `stems` (vocals and instrumental). An edited grid has a grid's shape, but API.md lets
 * upsample act only on a generation's or a variation's grid, and Apiframe variation too, so no
 * action acts on it.
 */
export type ResultKind = "grid" | "edited_grid" | "image" | "song" | "stems";

/** Results point at our CDN; anything but http(s) would be a bug or an injection. */
const mediaUrl = z.url({ protocol: /^https?$/ });

/** A Midjourney grid: the 4 images and the 2×2 composite of them. */
export const gridResult = z.strictObject({
  images: z.array(mediaUrl).length(4),
  gridUrl: mediaUrl,
});

/** An upsample: exactly one image and, unlike a grid, no `gridUrl`. */
export const imageResult = z.strictObject({ images: z.array(mediaUrl).length(1) });

/**
 * What every Suno track carries besides its id. Apiframe allows a null `duration`, but here it
 * is required: extend checks `continueAt` against it, so a track without one is unusable.
 */
const trackFields = {
  audioUrl: mediaUrl,
  imageUrl: mediaUrl.nullable(),
  title: z.string().nullable(),
  tags: z.string().nullable(),
  duration: z.number().positive(),
};

/** One track of a song; `id` is the upstream's, which `trackId` refers to. */
export const songTrack = z.strictObject({ id: z.string().min(1), ...trackFields });

/** A Suno song: always 2 tracks. */
export const songResult = z.strictObject({ tracks: z.array(songTrack).length(2) });

/** Stems of one track: vocals first, then instrumental, with those fixed ids. */
export const stemsResult = z.strictObject({
  tracks: z.tuple([
    z.strictObject({ id: z.literal("vocals"), ...trackFields }),
    z.strictObject({ id: z.literal("instrumental"), ...trackFields }),
  ]),
});

/** A parsed grid result. */
export type GridResult = z.infer<typeof gridResult>;
/** A parsed upsample result. */
export type ImageResult = z.infer<typeof imageResult>;
/** One parsed track of a song. */
export type SongTrack = z.infer<typeof songTrack>;
/** A parsed song result. */
export type SongResult = z.infer<typeof songResult>;
/** A parsed stems result. */
export type StemsResult = z.infer<typeof stemsResult>;

/** The schema a completed job's `result` must match, by kind. */
export function resultSchemaOf(kind: ResultKind) {
  switch (kind) {
    case "grid":
    case "edited_grid":
      return gridResult;
    case "image":
      return imageResult;
    case "song":
      return songResult;
    case "stems":
      return stemsResult;
    default:
      return unreachable(kind);
  }
}

/**
 * What a job of this model and action produces, or undefined for a pair the catalogue does
 * not have (such as a Midjourney `extend`). Takes plain strings because jobs store them so.
 */
export function resultKindOf(model: string, action: string): ResultKind | undefined {
  return getCatalogueEntry(model, action)?.produces;
}

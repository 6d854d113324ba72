import type { Size } from "./size.js";

/**
 * Media URLs carry everything needed to render the file (seed, size, duration), so media
 * needs no stored state and stays valid across a reset. A seed is a task or audio id, with a
 * suffix such as `-2` (grid quarter) or `-vocals` (stem).
 */

export const SEED_PATTERN = /^[A-Za-z0-9-]{1,128}$/;

/** One picture: a grid quarter, an upsample, or a track's cover art. */
export function imageUrl(base: string, seed: string, size: Size): string {
  return `${base}/media/image/${seed}/${size.width}x${size.height}.png`;
}

/** Four pictures in a 2×2 grid; quarter n is the picture of seed `${seed}-${n}`. */
export function gridUrl(base: string, seed: string, size: Size): string {
  return `${base}/media/grid/${seed}/${size.width}x${size.height}.png`;
}

/** Seed of quarter `quarter` (1 to 4, reading order) of the grid of `seed`. */
export function quarterSeed(seed: string, quarter: number): string {
  return `${seed}-${quarter}`;
}

/** A WAV of `durationSeconds`, which is rounded to hundredths to fit the URL. */
export function audioUrl(base: string, seed: string, durationSeconds: number): string {
  return `${base}/media/audio/${seed}/${Math.round(durationSeconds * 100)}.wav`;
}

/**
 * The duration of audio this simulator serves at `url`, or undefined for foreign audio.
 * Lets a cover or add-vocals of one of our tracks keep the source's length.
 */
export function durationOfOwnAudio(url: string): number | undefined {
  const match = /\/media\/audio\/[A-Za-z0-9-]+\/(\d+)\.wav(?:\?.*)?$/.exec(url);
  return match?.[1] === undefined ? undefined : Number(match[1]) / 100;
}

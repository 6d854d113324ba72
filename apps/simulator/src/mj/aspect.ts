import { type Size, tileSizeFor } from "../media/size.js";

const ASPECT = /--(?:ar|aspect)\s+(\d{1,3}):(\d{1,3})\b/i;

/** Size of one picture for the ` --ar W:H` in a prompt; square without one, as Midjourney. */
export function tileSizeForPrompt(prompt: string): Size {
  const match = ASPECT.exec(prompt);
  const width = Number(match?.[1] ?? 1);
  const height = Number(match?.[2] ?? 1);
  return width > 0 && height > 0 ? tileSizeFor(width, height) : tileSizeFor(1, 1);
}

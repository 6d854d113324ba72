import { z } from "zod";

/** The one prefix API.md allows in front of the mask's base64. */
const dataUrlPrefix = "data:image/png;base64,";

/** API.md's "≤ 8 MB decoded", read as 8 MiB. */
const maxMaskBytes = 8 * 1024 * 1024;

/** The longest base64 text that can decode to {@link maxMaskBytes} (4 characters per 3 bytes). */
const maxMaskBase64Length = Math.ceil(maxMaskBytes / 3) * 4;

/** Every PNG file starts with these 8 bytes. */
const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Standard base64 with padding; the length is checked to be a multiple of 4 separately. */
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The inpaint mask: a base64 PNG (white = repaint), optionally as a `data:image/png;base64,`
 * URL, at most 8 MiB decoded. It parses to the bare base64, without the prefix and without the
 * line breaks that tools such as `base64` wrap it in. Only the first 12 characters are ever
 * decoded (to check the PNG signature); the size comes from the length, so a large mask costs
 * no copy to validate.
 */
export const inpaintMask = z
  .string()
  .overwrite(bareBase64)
  .superRefine((base64, ctx) => {
    const problem = maskProblem(base64);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  });

function bareBase64(mask: string): string {
  const base64 = mask.startsWith(dataUrlPrefix) ? mask.slice(dataUrlPrefix.length) : mask;
  return /\s/.test(base64) ? base64.replace(/\s+/g, "") : base64;
}

function maskProblem(base64: string): string | undefined {
  if (base64.length === 0) return "must not be empty";

  // The size check comes before the pattern so an oversized body is refused without a scan.
  if (base64.length > maxMaskBase64Length) return "must be at most 8 MB once decoded";
  if (base64.length % 4 !== 0 || !base64Pattern.test(base64)) return "must be base64";
  if (decodedLength(base64) > maxMaskBytes) return "must be at most 8 MB once decoded";

  if (!startsWithPngSignature(base64)) return "must be a PNG image";
  return undefined;
}

function decodedLength(base64: string): number {
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

function startsWithPngSignature(base64: string): boolean {
  // 12 base64 characters decode to 9 bytes, enough for the 8-byte signature.
  const head = Buffer.from(base64.slice(0, 12), "base64");
  return pngSignature.every((byte, position) => head[position] === byte);
}

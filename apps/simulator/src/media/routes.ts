import { type Request, type Response, Router } from "express";
import { renderGrid, renderPicture } from "./png.js";
import { MAX_IMAGE_SIDE, type Size } from "./size.js";
import { SEED_PATTERN } from "./urls.js";
import { renderWav } from "./wav.js";

/** Ten minutes, in hundredths of a second: longer than any simulated track. */
const MAX_AUDIO_CENTISECONDS = 60_000;

/**
 * Serves the media the task JSON points at, rendered on each request from the URL alone.
 * Nothing is stored: the same URL always gives the same bytes, so it may be cached forever.
 */
export function mediaRouter(): Router {
  const router = Router();

  router.get("/image/:seed/:size.png", (req, res) => {
    const size = readSize(req);
    if (!size) return notFound(res);
    sendFile(res, "image/png", renderPicture(String(req.params.seed), size));
  });

  router.get("/grid/:seed/:size.png", (req, res) => {
    const size = readSize(req);
    if (!size || size.width % 2 !== 0 || size.height % 2 !== 0) return notFound(res);
    sendFile(res, "image/png", renderGrid(String(req.params.seed), size));
  });

  router.get("/audio/:seed/:centiseconds.wav", (req, res) => {
    const centiseconds = Number(req.params.centiseconds);
    const valid = Number.isInteger(centiseconds) && centiseconds > 0;
    if (!validSeed(req) || !valid || centiseconds > MAX_AUDIO_CENTISECONDS) return notFound(res);
    sendFile(res, "audio/wav", renderWav(String(req.params.seed), centiseconds / 100));
  });

  return router;
}

function readSize(req: Request): Size | undefined {
  const match = /^(\d{1,4})x(\d{1,4})$/.exec(String(req.params.size));
  if (!validSeed(req) || !match) return undefined;

  const size = { width: Number(match[1]), height: Number(match[2]) };
  const inBounds = (side: number) => side >= 16 && side <= MAX_IMAGE_SIDE;
  return inBounds(size.width) && inBounds(size.height) ? size : undefined;
}

function validSeed(req: Request): boolean {
  return SEED_PATTERN.test(String(req.params.seed));
}

function sendFile(res: Response, contentType: string, file: Buffer): void {
  res.set("Content-Type", contentType);
  res.set("Cache-Control", "public, max-age=31536000, immutable");
  res.send(file);
}

function notFound(res: Response): void {
  res.status(404).json({ error: "no such media" });
}

// Shared test data: callers, parent jobs of every kind, valid request bodies and a PNG mask.
import type { z } from "zod";
import type { Caller, JobStatus, ParentJob } from "../src/index.js";

/** The first 8 bytes of every PNG file. */
const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A base64 "PNG" of `bytes` bytes: the signature, then zeros. Only the signature is checked. */
export function pngBase64(bytes = 64): string {
  const file = Buffer.alloc(bytes);
  pngSignature.copy(file);
  return file.toString("base64");
}

export const ownerUserId = "11111111-1111-4111-8111-111111111111";
export const ownTeamId = "22222222-2222-4222-8222-222222222222";
export const otherTeamId = "33333333-3333-4333-8333-333333333333";
export const parentJobId = "44444444-4444-4444-8444-444444444444";

/** Who asks, relative to the parent job's owner (a MEMBER of `ownTeamId`). */
export const callers = {
  "the job's owner": { userId: ownerUserId, teamId: ownTeamId, role: "MEMBER" },
  "a teammate who is a MEMBER": { userId: "teammate-member", teamId: ownTeamId, role: "MEMBER" },
  "a teammate who is an ADMIN": { userId: "teammate-admin", teamId: ownTeamId, role: "ADMIN" },
  "a teammate who is the OWNER": { userId: "teammate-owner", teamId: ownTeamId, role: "OWNER" },
  "another team's ADMIN": { userId: "other-admin", teamId: otherTeamId, role: "ADMIN" },
  "another team's OWNER": { userId: "other-owner", teamId: otherTeamId, role: "OWNER" },
} as const satisfies Record<string, Caller>;

export type CallerName = keyof typeof callers;

const image = (name: string) => `https://cdn.example.com/images/${name}.png`;

export const gridOutput = {
  images: [image("1"), image("2"), image("3"), image("4")],
  gridUrl: image("grid"),
};

export const imageOutput = { images: [image("1")] };

const track = (id: string, duration: number) => ({
  id,
  audioUrl: `https://cdn.example.com/audio/${id}.mp3`,
  imageUrl: `https://cdn.example.com/audio/${id}.jpeg`,
  title: "Neon Skyline",
  tags: "synthwave",
  duration,
});

/** The two tracks of every song parent: the first is longer than the second. */
export const firstTrack = track("8b2f64d1-0000-4000-8000-000000000001", 184.2);
export const secondTrack = track("8b2f64d1-0000-4000-8000-000000000002", 120.5);
export const songOutput = { tracks: [firstTrack, secondTrack] };

export const stemsOutput = {
  tracks: [
    { ...track("vocals", 184.2), id: "vocals", imageUrl: null, tags: null },
    { ...track("instrumental", 184.2), id: "instrumental", imageUrl: null, tags: null },
  ],
};

/** Every kind of job that can be named as a parent, by how the tests call it. */
export const parentKinds = {
  "a Midjourney generation": { model: "midjourney", action: "generate", result: gridOutput },
  "a variation": { model: "midjourney", action: "variation", result: gridOutput },
  "an upsample": { model: "midjourney", action: "upsample", result: imageOutput },
  "an inpaint": { model: "midjourney", action: "inpaint", result: gridOutput },
  "an outpaint": { model: "midjourney", action: "outpaint", result: gridOutput },
  "a pan": { model: "midjourney", action: "pan", result: gridOutput },
  "a Suno generation": { model: "suno", action: "generate", result: songOutput },
  "an extend": { model: "suno", action: "extend", result: songOutput },
  "a cover": { model: "suno", action: "cover", result: songOutput },
  "an add_vocals": { model: "suno", action: "add_vocals", result: songOutput },
  "a stems job": { model: "suno", action: "stems", result: stemsOutput },
} as const;

export type ParentKindName = keyof typeof parentKinds;

/** A parent job owned by `ownerUserId`, completed and actionable unless told otherwise. */
export function parentJob(kind: ParentKindName, overrides: Partial<ParentJob> = {}): ParentJob {
  return {
    id: parentJobId,
    userId: ownerUserId,
    teamId: ownTeamId,
    status: "COMPLETED" satisfies JobStatus,
    supportsActions: true,
    ...parentKinds[kind],
    ...overrides,
  };
}

/** A valid body for every follow-up action, naming `parentJobId`. */
export const validActionBodies = {
  upsample: { parentJobId, action: "upsample", index: 2 },
  variation: { parentJobId, action: "variation", index: 3 },
  inpaint: { parentJobId, action: "inpaint", mask: pngBase64() },
  outpaint: { parentJobId, action: "outpaint", zoomRatio: 2 },
  pan: { parentJobId, action: "pan", direction: "left" },
  extend: { parentJobId, action: "extend", index: 1 },
  cover: { parentJobId, action: "cover", index: 2 },
  add_vocals: { parentJobId, action: "add_vocals", index: 1, prompt: "[Verse]\nla la la" },
  stems: { parentJobId, action: "stems", index: 1 },
} as const;

/** A valid body for each generation. */
export const validGenerateBodies = {
  midjourney: { prompt: "a lighthouse at dawn", model: "midjourney" },
  suno: { prompt: "upbeat synthwave with driving bass", model: "suno" },
} as const;

/**
 * What `schema` finds wrong with `body`: the JSON path of each issue, or `unknown key <k>` for
 * a field the schema does not have. Empty when the body is valid.
 */
export function problemsOf(schema: z.ZodType, body: unknown): string[] {
  const parsed = schema.safeParse(body);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) =>
    issue.code === "unrecognized_keys"
      ? `unknown key ${issue.keys.join(",")}`
      : issue.path.join("."),
  );
}

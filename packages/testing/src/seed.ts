import { randomUUID } from "node:crypto";
import type { ResultKind } from "@reprise/core";
import {
  createApiKey,
  createTeam,
  createUser,
  type Job,
  type JobStatus,
  Prisma,
  type PrismaClient,
  type Role,
} from "@reprise/db";

export interface SeededCaller {
  teamId: string;
  userId: string;
  apiKeyId: string;
  /** The raw API key, for the X-API-Key header. */
  key: string;
}

export interface CallerOptions {
  role?: Role;
  /** Join this team instead of creating one. */
  teamId?: string;
  credits?: number;
  maxConcurrentJobs?: number;
}

/** A user with a key, in a new team (with `credits`) or in `teamId`. */
export async function seedCaller(
  prisma: PrismaClient,
  options: CallerOptions = {},
): Promise<SeededCaller> {
  const teamId =
    options.teamId ??
    (
      await createTeam(prisma, {
        name: `team-${randomUUID().slice(0, 8)}`,
        credits: options.credits ?? 1_000,
        maxConcurrentJobs: options.maxConcurrentJobs ?? 1_000,
      })
    ).id;
  const user = await createUser(prisma, {
    teamId,
    email: `${randomUUID()}@reprise.test`,
    role: options.role ?? "OWNER",
  });
  const { key, record } = await createApiKey(prisma, user.id, "test");
  return { teamId, userId: user.id, apiKeyId: record.id, key };
}

const cdn = "https://cdn.reprise.test";

/** A result of each kind, shaped as the worker stores it. */
export function sampleResult(kind: ResultKind, duration = 120) {
  const track = (id: string, title: string) => ({
    id,
    audioUrl: `${cdn}/${id}.wav`,
    imageUrl: `${cdn}/${id}.png`,
    title,
    tags: "lofi",
    duration,
  });
  switch (kind) {
    case "grid":
    case "edited_grid":
      return { images: [1, 2, 3, 4].map((n) => `${cdn}/img-${n}.png`), gridUrl: `${cdn}/grid.png` };
    case "image":
      return { images: [`${cdn}/upsample.png`] };
    case "song":
      return { tracks: [track("track-a", "A"), track("track-b", "B")] };
    case "stems":
      return {
        tracks: [
          { ...track("vocals", "Vocals"), imageUrl: null, tags: null },
          { ...track("instrumental", "Instrumental"), imageUrl: null, tags: null },
        ],
      };
  }
}

export interface JobFixture {
  model: "midjourney" | "suno";
  action: string;
  status?: JobStatus;
  result?: unknown;
  supportsActions?: boolean;
  creditCost?: number;
}

/** Inserts a job directly (not through the API), e.g. a completed parent to act on. */
export async function insertJob(
  prisma: PrismaClient,
  owner: SeededCaller,
  fixture: JobFixture,
): Promise<Job> {
  const status = fixture.status ?? "COMPLETED";
  return prisma.job.create({
    data: {
      id: randomUUID(),
      userId: owner.userId,
      teamId: owner.teamId,
      apiKeyId: owner.apiKeyId,
      model: fixture.model,
      action: fixture.action,
      status,
      progress: status === "COMPLETED" ? 100 : 0,
      input: {},
      result:
        fixture.result === undefined ? Prisma.DbNull : (fixture.result as Prisma.InputJsonValue),
      supportsActions: fixture.supportsActions ?? true,
      creditCost: fixture.creditCost ?? 0,
      completedAt: status === "COMPLETED" || status === "FAILED" ? new Date() : null,
    },
  });
}

import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  createApiKey,
  createTeam,
  createUser,
  deactivateApiKey,
  grantCredits,
  hashApiKey,
  type PrismaClient,
  type Role,
} from "@reprise/db";

/** Each command returns what it made; main.ts prints it as text or JSON. */
export type Output = Record<string, unknown>;

export async function teamCreate(prisma: PrismaClient, name: string, credits: number) {
  const team = await createTeam(prisma, { name, credits });
  return { team: { id: team.id, name: team.name, credits: team.credits } };
}

export async function userCreate(prisma: PrismaClient, teamId: string, email: string, role: Role) {
  const user = await createUser(prisma, { teamId, email, role });
  return { user: { id: user.id, email: user.email, role: user.role, teamId } };
}

export async function keyCreate(prisma: PrismaClient, userId: string, name: string) {
  const { key, record } = await createApiKey(prisma, userId, name);
  return { apiKey: { id: record.id, name: record.name, prefix: record.prefix, key } };
}

export async function keyDeactivate(prisma: PrismaClient, idOrKey: string) {
  const record = await deactivateApiKey(prisma, idOrKey);
  return { apiKey: { id: record.id, prefix: record.prefix, active: record.active } };
}

export async function creditsGrant(prisma: PrismaClient, teamId: string, amount: number) {
  const team = await grantCredits(prisma, teamId, amount);
  return { team: { id: team.id, credits: team.credits } };
}

export const DEMO_EMAIL = "demo@reprise.local";
const DEMO_CREDITS = 10_000;

/**
 * The demo account of the quick start: created once. Its key is kept in `keyFile` (outside git)
 * so every later start prints the same working key; a missing or deactivated one is replaced.
 */
export async function demo(prisma: PrismaClient, keyFile: string) {
  let owner = await prisma.user.findUnique({
    where: { email: DEMO_EMAIL },
    include: { team: true },
  });
  if (!owner) {
    const team = await createTeam(prisma, { name: "Demo", credits: DEMO_CREDITS });
    await createUser(prisma, { teamId: team.id, email: DEMO_EMAIL, role: "OWNER" });
    owner = await prisma.user.findUniqueOrThrow({
      where: { email: DEMO_EMAIL },
      include: { team: true },
    });
  }

  const saved = await readSavedKey(keyFile);
  const stillActive =
    saved &&
    (await prisma.apiKey.findFirst({
      where: { keyHash: hashApiKey(saved), userId: owner.id, active: true },
    }));
  const key = stillActive ? saved : (await createApiKey(prisma, owner.id, "demo")).key;
  if (!stillActive) await saveKey(keyFile, key);

  return {
    team: { id: owner.team.id, name: owner.team.name, credits: owner.team.credits },
    user: { id: owner.id, email: owner.email, role: owner.role },
    apiKey: { key },
  };
}

async function readSavedKey(file: string): Promise<string | null> {
  try {
    return (await readFile(file, "utf8")).trim() || null;
  } catch {
    return null;
  }
}

async function saveKey(file: string, key: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
}

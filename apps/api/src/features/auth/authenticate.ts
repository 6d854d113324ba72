import type { Caller } from "@reprise/core";
import { findKeyHolders, hashApiKey, type KeyHolder, type PrismaClient } from "@reprise/db";
import type DataLoader from "dataloader";
import type { RequestHandler, Response } from "express";
import { fail } from "../../http/api-error.js";
import { inKeyOrder, perTurnLoader } from "../per-turn-loader.js";

/** Who is calling: the caller of the domain rules, plus the key that was used. */
export interface Principal extends Caller {
  apiKeyId: string;
  apiKeyName: string;
  apiKeyPrefix: string;
  email: string;
  teamName: string;
}

/** `X-API-Key: <key>`, or `Authorization: Bearer <key>`. */
function presentedKey(header: (name: string) => string | undefined): string | undefined {
  const apiKey = header("x-api-key")?.trim();
  if (apiKey) return apiKey;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header("authorization") ?? "");
  return match?.[1];
}

/** Finds the holder of each key digest; the lookups of one event-loop turn share a query. */
export type KeyHolderLoader = DataLoader<string, KeyHolder | null>;

export function keyHolderLoader(prisma: PrismaClient): KeyHolderLoader {
  return perTurnLoader(async (keyHashes) =>
    inKeyOrder(keyHashes, await findKeyHolders(prisma, keyHashes), (holder) => holder.keyHash),
  );
}

/**
 * Resolves the API key to its user and team and stores the Principal in `res.locals`.
 * One indexed lookup by the key's digest; nothing is cached, so a deactivation takes effect
 * on the next request.
 */
export function authenticate(keyHolders: KeyHolderLoader): RequestHandler {
  return async (req, res, next) => {
    const key = presentedKey((name) => req.header(name));
    if (!key) fail("unauthenticated", { message: "API key is required" });

    const holder = await keyHolders.load(hashApiKey(key));
    if (!holder) fail("unauthenticated", { message: "Invalid API key" });
    if (!holder.active) fail("forbidden", { message: "API key is inactive" });

    res.locals.principal = {
      userId: holder.userId,
      teamId: holder.teamId,
      role: holder.role,
      email: holder.email,
      teamName: holder.teamName,
      apiKeyId: holder.apiKeyId,
      apiKeyName: holder.apiKeyName,
      apiKeyPrefix: holder.apiKeyPrefix,
    } satisfies Principal;
    next();
  };
}

/** The Principal that {@link authenticate} stored for this request. */
export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

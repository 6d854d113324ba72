import type { Caller } from "@reprise/core";
import { hashApiKey, type PrismaClient, poolOf, type Role } from "@reprise/db";
import type { RequestHandler, Response } from "express";
import { fail } from "../../http/api-error.js";

/** Who is calling: the caller of the domain rules, plus the key that was used. */
export interface Principal extends Caller {
  apiKeyId: string;
  apiKeyName: string;
  apiKeyPrefix: string;
  email: string;
  teamName: string;
}

interface KeyRow {
  api_key_id: string;
  api_key_name: string;
  prefix: string;
  active: boolean;
  user_id: string;
  email: string;
  role: Role;
  team_id: string;
  team_name: string;
}

const KEY_LOOKUP = `
  SELECT k.id AS api_key_id, k.name AS api_key_name, k.prefix, k.active,
         u.id AS user_id, u.email, u.role, t.id AS team_id, t.name AS team_name
  FROM api_keys k JOIN users u ON u.id = k.user_id JOIN teams t ON t.id = u.team_id
  WHERE k.key_hash = $1`;

/** `X-API-Key: <key>`, or `Authorization: Bearer <key>`. */
function presentedKey(header: (name: string) => string | undefined): string | undefined {
  const apiKey = header("x-api-key")?.trim();
  if (apiKey) return apiKey;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header("authorization") ?? "");
  return match?.[1];
}

/**
 * Resolves the API key to its user and team and stores the Principal in `res.locals`.
 * One indexed query by the key's digest; nothing is cached, so a deactivation takes effect
 * on the next request.
 */
export function authenticate(prisma: PrismaClient): RequestHandler {
  return async (req, res, next) => {
    const key = presentedKey((name) => req.header(name));
    if (!key) fail("unauthenticated", { message: "API key is required" });

    const { rows } = await poolOf(prisma).query<KeyRow>(KEY_LOOKUP, [hashApiKey(key)]);
    const row = rows[0];
    if (!row) fail("unauthenticated", { message: "Invalid API key" });
    if (!row.active) fail("forbidden", { message: "API key is inactive" });

    res.locals.principal = {
      userId: row.user_id,
      teamId: row.team_id,
      role: row.role,
      email: row.email,
      teamName: row.team_name,
      apiKeyId: row.api_key_id,
      apiKeyName: row.api_key_name,
      apiKeyPrefix: row.prefix,
    } satisfies Principal;
    next();
  };
}

/** The Principal that {@link authenticate} stored for this request. */
export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

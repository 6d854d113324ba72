import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client.js";

export interface DatabaseOptions {
  url: string;
  /** Postgres schema holding the tables; each test file uses its own. */
  schema?: string;
  /** Connections in the pool. */
  poolSize?: number;
}

/** The database options of an app's environment (`databaseEnv` of @reprise/config). */
export function databaseOptionsFrom(env: {
  DATABASE_URL: string;
  DATABASE_SCHEMA: string;
  DATABASE_POOL_SIZE: number;
}): DatabaseOptions {
  return { url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, poolSize: env.DATABASE_POOL_SIZE };
}

/** The pg pool under each client made by {@link createPrisma}. */
const pools = new WeakMap<PrismaClient, pg.Pool>();

/**
 * A Prisma client on the pg driver adapter (no query engine binary), over a pg pool whose
 * search path is the schema, so raw SQL and Prisma's queries see the same tables. Close it
 * with {@link closePrisma}.
 */
export function createPrisma(options: DatabaseOptions): PrismaClient {
  const schema = options.schema ?? "public";
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    // A database that drops packets must not hold a request for minutes: fail, answer 503.
    connectionTimeoutMillis: 5_000,
    options: `-c search_path=${schema}`,
  });
  const adapter = new PrismaPg(pool, { schema, disposeExternalPool: true });
  const prisma = new PrismaClient({ adapter });
  pools.set(prisma, pool);
  return prisma;
}

/**
 * The pg pool a client runs on, for the statements on every request's path. Prisma's
 * `$queryRaw` costs about five times the CPU of the same query on pg (measured: 232 µs against
 * 41 µs per query), which the submission and run hot paths cannot afford; everything else
 * goes through Prisma.
 */
export function poolOf(prisma: PrismaClient): pg.Pool {
  const pool = pools.get(prisma);
  if (!pool) throw new Error("this Prisma client was not made by createPrisma");
  return pool;
}

const statementNames = new Map<string, string>();

/**
 * Runs one of the package's fixed SQL texts on the client's pool as a named statement, so each
 * pooled connection parses and plans it once rather than on every call (measured on this
 * machine: PostgreSQL spends 350 µs instead of 735 µs on a charge). The name comes from the
 * text, so two texts never share one; a text must be a constant, as every distinct text stays
 * prepared on each connection.
 *
 * Only for statements whose one good plan is known whatever the tables hold: a single row by
 * its key, an insert, a function call. PostgreSQL soon settles a prepared statement on one
 * generic plan, made from the statistics of that moment, and keeps it until the next ANALYZE;
 * anything else goes through {@link runQuery}.
 */
export function runStatement<Row extends pg.QueryResultRow = pg.QueryResultRow>(
  prisma: PrismaClient,
  text: string,
  values: unknown[],
): Promise<pg.QueryResult<Row>> {
  let name = statementNames.get(text);
  if (!name) {
    name = `reprise_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return poolOf(prisma).query<Row>({ name, text, values });
}

/**
 * Runs a SQL text as an unnamed statement, which PostgreSQL plans anew for the values of each
 * call: everything {@link runStatement} is not for. That is the lookups of a batch of keys
 * (`= ANY($1)`), whose rows PostgreSQL cannot count in advance, the recovery loops' scans and
 * the webhook deliveries' statements. As a prepared statement the parent lookup kept the
 * sequential scan it was given while the jobs table was empty, and cost 7.7 ms a call once the
 * table held 100,000 jobs (with autovacuum off nothing replans it), against 0.03 ms for the
 * index scan a fresh plan picks. These run once per batch, per loop or per delivery, so
 * planning each call costs little.
 */
export function runQuery<Row extends pg.QueryResultRow = pg.QueryResultRow>(
  prisma: PrismaClient,
  text: string,
  values: unknown[],
): Promise<pg.QueryResult<Row>> {
  return poolOf(prisma).query<Row>({ text, values });
}

/**
 * Closes a client made by {@link createPrisma} and its pool. `$disconnect()` alone leaves the
 * pool open when Prisma itself never ran a query (the worker only uses the pool).
 */
export async function closePrisma(prisma: PrismaClient): Promise<void> {
  await prisma.$disconnect();
  const pool = poolOf(prisma);
  if (!pool.ended) await pool.end();
}

export type { PrismaClient };

import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.js";

export interface DatabaseOptions {
  url: string;
  /** Postgres schema holding the tables; each test file uses its own. */
  schema?: string;
  /** Connections in the pool. */
  poolSize?: number;
}

/**
 * A Prisma client on the pg driver adapter (no query engine binary). The search path is set
 * too, so raw SQL and Prisma's queries see the same schema.
 */
export function createPrisma(options: DatabaseOptions): PrismaClient {
  const schema = options.schema ?? "public";
  const adapter = new PrismaPg(
    {
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // A database that drops packets must not hold a request for minutes: fail, answer 503.
      connectionTimeoutMillis: 5_000,
      options: `-c search_path=${schema}`,
    },
    { schema },
  );
  return new PrismaClient({ adapter });
}

export type { PrismaClient };

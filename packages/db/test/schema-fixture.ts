import { randomBytes } from "node:crypto";
import pg from "pg";
import { closePrisma, createPrisma, migrate, type PrismaClient } from "../src/index.js";

// packages/db cannot use @reprise/testing (which depends on it), so its tests name and drop
// their schemas here.
export const DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function uniqueSchema(label: string): string {
  return `t_db_${label}_${randomBytes(4).toString("hex")}`;
}

export async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export async function dropSchemas(schemas: string[]): Promise<void> {
  for (const schema of schemas) await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/** A migrated schema of its own and a client on it; `close` drops both. */
export interface MigratedSchema {
  schema: string;
  prisma: PrismaClient;
  close(): Promise<void>;
}

export async function migratedSchema(label: string, poolSize?: number): Promise<MigratedSchema> {
  const schema = uniqueSchema(label);
  await migrate({ url: DATABASE_URL, schema });
  const prisma = createPrisma({ url: DATABASE_URL, schema, poolSize });
  return {
    schema,
    prisma,
    async close() {
      await closePrisma(prisma);
      await dropSchemas([schema]);
    },
  };
}

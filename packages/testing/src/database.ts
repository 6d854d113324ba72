import { randomBytes } from "node:crypto";
import { closePrisma, createPrisma, migrate, type PrismaClient } from "@reprise/db";
import pg from "pg";

/** The server tests use; CI and the local machine run PostgreSQL here with trust auth. */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestSchema {
  url: string;
  schema: string;
  prisma: PrismaClient;
  /** Drops the schema and closes the client. Call it in afterAll. */
  drop(): Promise<void>;
}

/**
 * A freshly migrated Postgres schema of its own for one test file, so files run in parallel
 * without seeing each other's rows.
 */
export async function createTestSchema(label: string): Promise<TestSchema> {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .slice(0, 30);
  const schema = `t_${slug}_${randomBytes(4).toString("hex")}`;
  await migrate({ url: TEST_DATABASE_URL, schema });
  const prisma = createPrisma({ url: TEST_DATABASE_URL, schema, poolSize: 20 });

  return {
    url: TEST_DATABASE_URL,
    schema,
    prisma,
    async drop() {
      await closePrisma(prisma);
      await dropSchema(schema);
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

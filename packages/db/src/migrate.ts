import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** prisma/migrations at the repository root: Prisma's own folder layout. */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));

/**
 * The advisory lock `prisma migrate deploy` takes, so this runner and Prisma's never apply
 * migrations at the same time.
 */
const PRISMA_MIGRATE_LOCK = 72707369;

// Prisma's ledger table, column for column, so `prisma migrate deploy` accepts a database
// this runner migrated (wherever its engine can be downloaded).
const LEDGER_DDL = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Schema names are spliced into SQL, so only plain lowercase identifiers are accepted. */
const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export class MigrationError extends Error {
  override name = "MigrationError";
}

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

interface AppliedMigration {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export interface MigrateOptions {
  url: string;
  schema?: string;
  dir?: string;
}

export interface MigrateOutcome {
  applied: string[];
  alreadyApplied: string[];
}

async function readMigrations(dir: string): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      return { name, sql, checksum };
    }),
  );
}

/** Refuses to go on over a migration that failed halfway or was edited after it was applied. */
function checkApplied(migrations: Migration[], applied: AppliedMigration[]): Set<string> {
  const done = new Set<string>();
  for (const row of applied) {
    if (row.rolled_back_at) continue;
    if (!row.finished_at) {
      throw new MigrationError(`migration ${row.migration_name} started but never finished`);
    }
    const local = migrations.find((migration) => migration.name === row.migration_name);
    if (local && local.checksum !== row.checksum) {
      throw new MigrationError(`migration ${row.migration_name} was changed after it was applied`);
    }
    done.add(row.migration_name);
  }
  return done;
}

async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  // Each migration and its ledger row commit together: a failure leaves no trace to clean up.
  await client.query("BEGIN");
  try {
    const startedAt = new Date();
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations"
         (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, $4, now(), 1)`,
      [randomUUID(), migration.checksum, migration.name, startedAt],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`migration ${migration.name} failed: ${reason}`);
  }
}

/**
 * Applies every migration of `prisma/migrations` that the database has not recorded, in name
 * order, each in its own transaction, under Prisma's advisory lock. Running it again is a no-op.
 */
export async function migrate(options: MigrateOptions): Promise<MigrateOutcome> {
  const schema = options.schema ?? "public";
  if (!SQL_IDENTIFIER.test(schema)) throw new MigrationError(`bad schema name: ${schema}`);
  const migrations = await readMigrations(options.dir ?? MIGRATIONS_DIR);
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();

  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    await client.query(LEDGER_DDL);

    const { rows } = await client.query<AppliedMigration>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    );
    const done = checkApplied(migrations, rows);
    const pending = migrations.filter((migration) => !done.has(migration.name));
    for (const migration of pending) await applyOne(client, migration);

    return {
      applied: pending.map((migration) => migration.name),
      alreadyApplied: [...done].sort(),
    };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]).catch(() => {});
    await client.end();
  }
}

/** Creates the database named in `url` when the server does not have it yet. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";

  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    return true;
  } finally {
    await client.end();
  }
}

import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "@jest/globals";
import { MIGRATIONS_DIR, MigrationError, migrate } from "../src/index.js";
import { DATABASE_URL, dropSchemas, sql, uniqueSchema } from "./schema-fixture.js";

const INIT = "20261203000000_init";
const FOLLOW_UPS = "20261203000100_follow_up_actions";
const SUBMIT_CLAIM = "20261203000200_upstream_submission_claim";
const WEBHOOK_EVENTS = "20261203000300_webhook_events";
const BATCHED_SUBMISSIONS = "20261203000400_batched_submissions";
const TEAM_LOCKS = "20261203000500_team_locks_by_key";
const ALL = [INIT, FOLLOW_UPS, SUBMIT_CLAIM, WEBHOOK_EVENTS, BATCHED_SUBMISSIONS, TEAM_LOCKS];
const created: string[] = [];
const tempDirs: string[] = [];

function schemaFor(label: string) {
  const schema = uniqueSchema(label);
  created.push(schema);
  return schema;
}

async function copyMigrations(only?: string[]) {
  const dir = await mkdtemp(path.join(tmpdir(), "reprise-migrations-"));
  tempDirs.push(dir);
  await cp(MIGRATIONS_DIR, dir, {
    recursive: true,
    filter: (source) => {
      const name = path.relative(MIGRATIONS_DIR, source).split(path.sep)[0];
      return !only || !name || name.endsWith(".toml") || only.includes(name);
    },
  });
  return dir;
}

afterAll(async () => {
  await dropSchemas(created);
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

describe("migrate", () => {
  it("applies every migration to an empty schema, then does nothing the second time", async () => {
    const schema = schemaFor("twice");

    const first = await migrate({ url: DATABASE_URL, schema });
    const second = await migrate({ url: DATABASE_URL, schema });

    expect(first.applied).toEqual(ALL);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(ALL);
  });

  it("records migrations in Prisma's own ledger format", async () => {
    const schema = schemaFor("ledger");
    await migrate({ url: DATABASE_URL, schema });

    const rows = await sql<{ migration_name: string; checksum: string; steps: number }>(
      `SELECT migration_name, checksum, applied_steps_count AS steps
       FROM "${schema}"."_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((row) => row.migration_name)).toEqual(ALL);
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.steps).toBe(1);
    }
  });

  it("applies each migration once when several processes migrate at the same time", async () => {
    const schema = schemaFor("race");

    const outcomes = await Promise.all(
      [1, 2, 3, 4].map(() => migrate({ url: DATABASE_URL, schema })),
    );

    const applied = outcomes.flatMap((outcome) => outcome.applied).sort();
    expect(applied).toEqual(ALL);
  });

  it("refuses to go on when an applied migration was edited", async () => {
    const schema = schemaFor("edited");
    const dir = await copyMigrations();
    await migrate({ url: DATABASE_URL, schema, dir });

    await writeFile(path.join(dir, INIT, "migration.sql"), "SELECT 1;");

    await expect(migrate({ url: DATABASE_URL, schema, dir })).rejects.toThrow(
      /was changed after it was applied/,
    );
  });

  it("rolls a failing migration back and records nothing for it", async () => {
    const schema = schemaFor("broken");
    const dir = await copyMigrations([INIT]);
    const broken = path.join(dir, "20991231000000_broken");
    await cp(path.join(dir, INIT), broken, { recursive: true });
    await writeFile(path.join(broken, "migration.sql"), "CREATE TABLE x (id int); SELECT nope;");

    await expect(migrate({ url: DATABASE_URL, schema, dir })).rejects.toThrow(MigrationError);

    const names = await sql<{ migration_name: string }>(
      `SELECT migration_name FROM "${schema}"."_prisma_migrations"`,
    );
    expect(names.map((row) => row.migration_name)).toEqual([INIT]);
    const tables = await sql(
      "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'x'",
      [schema],
    );
    expect(tables).toHaveLength(0);
  });

  describe("when jobs existed before follow-up actions", () => {
    it("marks them as not supporting follow-ups and new jobs as supporting them", async () => {
      const schema = schemaFor("legacy");
      await migrate({ url: DATABASE_URL, schema, dir: await copyMigrations([INIT]) });
      await sql(
        `SET search_path TO "${schema}";
         INSERT INTO teams (id, name, webhook_secret) VALUES (gen_random_uuid(), 't', 's');
         INSERT INTO users (id, team_id, email) SELECT gen_random_uuid(), id, 'a@b.c' FROM teams;
         INSERT INTO api_keys (id, user_id, prefix, key_hash)
           SELECT gen_random_uuid(), id, 'rpk_', 'h' FROM users;
         INSERT INTO jobs (id, user_id, team_id, api_key_id, model, action, status, input,
                           credit_cost)
           SELECT gen_random_uuid(), u.id, u.team_id, k.id, 'midjourney', 'generate',
                  'COMPLETED', '{}', 16
           FROM users u JOIN api_keys k ON k.user_id = u.id;`,
      );

      await migrate({ url: DATABASE_URL, schema });
      await sql(
        `INSERT INTO "${schema}".jobs (id, user_id, team_id, api_key_id, model, action, input,
                                       credit_cost)
         SELECT gen_random_uuid(), user_id, team_id, api_key_id, 'suno', 'generate', '{}', 11
         FROM "${schema}".jobs`,
      );

      const rows = await sql<{ model: string; supports_actions: boolean }>(
        `SELECT model, supports_actions FROM "${schema}".jobs ORDER BY model`,
      );
      expect(rows).toEqual([
        { model: "midjourney", supports_actions: false },
        { model: "suno", supports_actions: true },
      ]);
    });
  });
});

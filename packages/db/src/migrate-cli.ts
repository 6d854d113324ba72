import { databaseEnv, parseEnv } from "@reprise/config";
import { z } from "zod";
import { ensureDatabase, migrate } from "./migrate.js";

// `pnpm migrate`: creates the database if needed, then applies pending migrations.
const env = parseEnv(z.object(databaseEnv));

try {
  if (await ensureDatabase(env.DATABASE_URL)) console.log("created database");
  const outcome = await migrate({ url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA });
  for (const name of outcome.applied) console.log(`applied ${name}`);
  console.log(
    `database is up to date (${outcome.alreadyApplied.length + outcome.applied.length} migrations)`,
  );
} catch (error) {
  console.error(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

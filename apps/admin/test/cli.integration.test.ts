import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { findUnbalancedTeams } from "@reprise/db";
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from "@reprise/testing";

// The admin CLI as an operator runs it: a real process, its stdout and its exit code.

let db: TestSchema;
const adminDir = path.resolve(import.meta.dirname, "..");
const demoKeyFile = path.join(mkdtempSync(path.join(tmpdir(), "reprise-admin-")), "demo-key");

beforeAll(async () => {
  db = await createTestSchema("admin-cli");
});

afterAll(async () => {
  expect(await findUnbalancedTeams(db.prisma)).toEqual([]);
  await db.drop();
});

function admin(...args: string[]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
    cwd: adminDir,
    encoding: "utf8",
    env: {
      ...process.env,
      NODE_OPTIONS: "",
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: db.schema,
      REPRISE_DEMO_KEY_FILE: demoKeyFile,
    },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const json = (run: { stdout: string }) => JSON.parse(run.stdout);

describe("pnpm admin", () => {
  it("creates a team, a user and a key, grants credits and deactivates the key", () => {
    const team = json(admin("--json", "team", "create", "--name", "Acme", "--credits", "100"));
    const user = json(
      admin(
        "--json",
        "user",
        "create",
        "--team",
        team.team.id,
        "--email",
        "o@acme.test",
        "--role",
        "OWNER",
      ),
    );
    const key = json(admin("--json", "key", "create", "--user", user.user.id, "--name", "ci"));
    const granted = json(
      admin("--json", "credits", "grant", "--team", team.team.id, "--amount", "50"),
    );
    const deactivated = json(admin("--json", "key", "deactivate", "--key", key.apiKey.key));

    expect(team.team).toMatchObject({ name: "Acme", credits: 100 });
    expect(user.user).toMatchObject({ email: "o@acme.test", role: "OWNER" });
    expect(key.apiKey.key).toMatch(/^rpk_[0-9A-Za-z]{40}$/);
    expect(granted.team.credits).toBe(150);
    expect(deactivated.apiKey).toMatchObject({ id: key.apiKey.id, active: false });
  });

  it("creates the demo account once and prints the same working key every time", () => {
    const first = json(admin("--json", "demo"));
    const second = json(admin("--json", "demo"));

    expect(first.apiKey.key).toMatch(/^rpk_/);
    expect(second).toEqual(first);
  });

  it.each([
    [["team", "create", "--name", "X", "--credits", "-5"], /at least 0/],
    [["team", "create", "--name", "X", "--credits", "lots"], /whole number/],
    [
      [
        "user",
        "create",
        "--team",
        "00000000-0000-0000-0000-000000000000",
        "--email",
        "a@b.c",
        "--role",
        "ADMIN",
      ],
      /no such team/,
    ],
    [["user", "create", "--team", "x", "--email", "a@b.c", "--role", "BOSS"], /BOSS/],
    [["key", "deactivate", "--key", "rpk_unknown"], /no such API key/],
  ])("answers %j with one line on stderr and a non-zero exit", (args, message) => {
    const run = admin(...args);

    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
  });
});

import { fileURLToPath } from "node:url";
import { databaseEnv, parseEnv } from "@reprise/config";
import { closePrisma, createPrisma, databaseOptionsFrom, type PrismaClient } from "@reprise/db";
import { Command, InvalidArgumentError, Option } from "commander";
import { z } from "zod";
import * as commands from "./commands.js";

/** Where `demo` keeps its key between runs; outside git. Tests point it elsewhere. */
const DEMO_KEY_FILE =
  process.env.REPRISE_DEMO_KEY_FILE ??
  fileURLToPath(new URL("../../../.reprise/demo-key", import.meta.url));

function wholeNumber(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError("must be a whole number");
  return Number(value);
}

function print(output: commands.Output, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(output, null, 2));
    return;
  }
  for (const [kind, fields] of Object.entries(output)) {
    const pairs = Object.entries(fields as Record<string, unknown>).map(([k, v]) => `${k}=${v}`);
    console.log(`${kind}: ${pairs.join(" ")}`);
  }
}

/** Opens the database, runs one command, prints its output, and always closes. */
function action<A extends unknown[]>(run: (prisma: PrismaClient, ...args: A) => Promise<object>) {
  return async (...args: A) => {
    const env = parseEnv(z.object(databaseEnv));
    // One command at a time needs no more than two connections.
    const prisma = createPrisma({ ...databaseOptionsFrom(env), poolSize: 2 });
    try {
      print((await run(prisma, ...args)) as commands.Output, program.opts().json === true);
    } finally {
      await closePrisma(prisma);
    }
  };
}

const program = new Command("admin")
  .description("Operator commands for Reprise: teams, users, API keys and credits.")
  .option("--json", "print JSON instead of text")
  .showHelpAfterError();

const team = program.command("team").description("teams");
team
  .command("create")
  .requiredOption("--name <name>", "team name")
  .requiredOption("--credits <credits>", "starting credits", wholeNumber)
  .action(
    action((prisma, o: { name: string; credits: number }) =>
      commands.teamCreate(prisma, o.name, o.credits),
    ),
  );

program
  .command("user")
  .description("users")
  .command("create")
  .requiredOption("--team <teamId>", "team id")
  .requiredOption("--email <email>", "email address")
  .addOption(
    new Option("--role <role>", "role in the team")
      .choices(["OWNER", "ADMIN", "MEMBER"])
      .makeOptionMandatory(),
  )
  .action(
    action((prisma, o: { team: string; email: string; role: "OWNER" | "ADMIN" | "MEMBER" }) =>
      commands.userCreate(prisma, o.team, o.email, o.role),
    ),
  );

const key = program.command("key").description("API keys");
key
  .command("create")
  .description("create a key; it is printed once and never again")
  .requiredOption("--user <userId>", "user id")
  .option("--name <name>", "a label for the key", "default")
  .action(
    action((prisma, o: { user: string; name: string }) =>
      commands.keyCreate(prisma, o.user, o.name),
    ),
  );
key
  .command("deactivate")
  .requiredOption("--key <key>", "the key's id, or the key itself")
  .action(action((prisma, o: { key: string }) => commands.keyDeactivate(prisma, o.key)));

program
  .command("credits")
  .description("credits")
  .command("grant")
  .requiredOption("--team <teamId>", "team id")
  .requiredOption("--amount <amount>", "credits to add", wholeNumber)
  .action(
    action((prisma, o: { team: string; amount: number }) =>
      commands.creditsGrant(prisma, o.team, o.amount),
    ),
  );

program
  .command("demo")
  .description("create the demo team, owner and key once, and print the key")
  .action(action((prisma) => commands.demo(prisma, DEMO_KEY_FILE)));

try {
  await program.parseAsync();
} catch (error) {
  console.error(`error: ${describe(error)}`);
  process.exitCode = 1;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Prisma's known request errors carry a code; these two are the ones an operator can cause.
  const code = (error as { code?: string }).code;
  if (code === "P2002") return "already exists (a unique field is taken)";
  if (code === "P2003" || code === "P2025") return "no such team, user or key";
  return error.message.split("\n")[0] ?? error.message;
}

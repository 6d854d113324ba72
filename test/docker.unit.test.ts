import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "@jest/globals";
import { parse } from "yaml";

// No Docker engine runs on this project's machines, so the images cannot be built here. These
// checks catch what can be caught without one: every path the Dockerfile copies exists, and
// every command the compose file runs is a script some package really has.

const root = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

function scriptsOf(packageDir: string): Record<string, string> {
  return JSON.parse(read(path.join(packageDir, "package.json"))).scripts ?? {};
}

function workspaceDirOf(name: string): string {
  for (const group of ["apps", "packages"]) {
    const dir = path.join(group, name.replace("@reprise/", ""));
    if (existsSync(path.join(root, dir, "package.json"))) return dir;
  }
  throw new Error(`no workspace named ${name}`);
}

/** Checks that `pnpm …` names a script that exists. */
function expectRunnable(command: string[]) {
  expect(command[0]).toBe("pnpm");
  const filter = command.indexOf("--filter");
  const dir = filter === -1 ? "." : workspaceDirOf(command[filter + 1] ?? "");
  const script = filter === -1 ? command[1] : command[filter + 2];
  expect(scriptsOf(dir)).toHaveProperty([script ?? ""]);
}

describe("docker/Dockerfile", () => {
  const lines = read("docker/Dockerfile").split("\n");

  it("copies only paths that exist", () => {
    const sources = lines
      .filter((line) => line.startsWith("COPY "))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources)
      expect([source, existsSync(path.join(root, source))]).toEqual([source, true]);
  });

  it("copies the package.json of every workspace", () => {
    const workspaces = ["apps", "packages"].flatMap((group) =>
      readdirSync(path.join(root, group)).map((dir) => `${group}/${dir}`),
    );
    for (const dir of workspaces) expect(lines).toContain(`COPY ${dir}/package.json ${dir}/`);
  });

  it("starts with a script that exists", () => {
    const cmd = lines.find((line) => line.startsWith("CMD "));
    expectRunnable(JSON.parse(cmd?.slice(4) ?? "[]"));
  });
});

describe("docker/compose.yaml", () => {
  const compose = parse(read("docker/compose.yaml"));

  it("runs only commands that exist", () => {
    const services = Object.values(compose.services) as { command?: string[]; image?: string }[];
    const ours = services.filter((service) => !service.image);
    expect(ours.length).toBeGreaterThanOrEqual(4);
    for (const service of ours) expectRunnable(service.command ?? []);
  });

  it("keeps Redis from evicting queue keys", () => {
    expect(compose.services.redis.command.join(" ")).toContain("--maxmemory-policy noeviction");
  });
});

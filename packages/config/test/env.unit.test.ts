import { describe, expect, it } from "@jest/globals";
import { z } from "zod";
import { commonEnv, databaseEnv, EnvError, envBoolean, envInt, parseEnv } from "../src/index.js";

const schema = z.object({
  ...commonEnv,
  ...databaseEnv,
  FEATURE: envBoolean(false),
  WORKERS: envInt(4, 1, 64),
});

describe("parseEnv", () => {
  it("fills every default so the local start needs no variables", () => {
    const env = parseEnv(schema, {});
    expect(env).toEqual({
      NODE_ENV: "development",
      LOG_LEVEL: "info",
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/reprise",
      DATABASE_SCHEMA: "public",
      DATABASE_POOL_SIZE: 10,
      FEATURE: false,
      WORKERS: 4,
    });
  });

  it("reads false as false and yes as true", () => {
    expect(parseEnv(schema, { FEATURE: "false" }).FEATURE).toBe(false);
    expect(parseEnv(schema, { FEATURE: "YES".toLowerCase() }).FEATURE).toBe(true);
  });

  it("names every bad variable in one error", () => {
    const read = () => parseEnv(schema, { FEATURE: "maybe", WORKERS: "0", DATABASE_SCHEMA: "A;" });
    expect(read).toThrow(EnvError);
    expect(read).toThrow(/FEATURE: .*WORKERS: .*|WORKERS: .*FEATURE: /);
    expect(read).toThrow(/DATABASE_SCHEMA/);
  });
});

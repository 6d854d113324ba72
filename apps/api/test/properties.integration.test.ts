import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { findUnbalancedTeams, type PrismaClient } from "@reprise/db";
import { insertJob, type SeededCaller, sampleResult, seedCaller } from "@reprise/testing";
import fc from "fast-check";
import request, { type Response } from "supertest";
import { expectRefusal } from "./credit-checks.js";
import { get, startTestApi, type TestApi } from "./harness.js";
import { publicWebhookUrl, whitePng } from "./samples.js";

// RELIABILITY.md row 12: bad input never costs anything. Whatever the body or query, the API
// answers 2xx or 4xx, never 5xx; a 4xx writes no ledger row and a 2xx exactly one.

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi("properties");
});

afterAll(async () => {
  expect(await findUnbalancedTeams(api.prisma)).toEqual([]);
  await api.close();
});

/** Per endpoint: enough for a run to stay bounded, well under a minute for the file. */
const numRuns = 150;
const propertyTimeoutMs = 60_000;

/** Text Postgres and JSON handle badly: NUL, lone surrogates, and the usual suspects. */
const awkwardText = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udc00y",
  "𝄞",
  "'; DROP TABLE jobs; --",
  "__proto__",
  "https://127.0.0.1/hook",
  "data:image/png;base64,",
);

/** Strings of any kind, with NUL or half of a surrogate pair in many of them. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.constantFrom("a", "é", "\u0000", "\ud83d", "\ude00", "\n"),
      minLength: 1,
    }),
  },
  awkwardText,
);

/** Any value a JSON body can hold, with awkward strings and numbers weighted in. */
const anyValue = fc.oneof(
  fc.jsonValue({ stringUnit: "binary", maxDepth: 3 }),
  text,
  fc.constantFrom(0, -1, 1, 1.5, 2, 3, 4, 5, 119.9, 1e308, -0, 2 ** 53, true, false, null),
  fc.double(),
  fc.array(text, { maxLength: 3 }),
);

interface Submitter {
  path: string;
  /** The caller who submits to `path`, in a team of its own. */
  caller: SeededCaller;
  /** Bodies `path` accepts from this caller, to mutate. */
  validBodies: Record<string, unknown>[];
}

/** Reads the job list, and sends the bodies no endpoint should get past. */
let caller: SeededCaller;
let submitters: Submitter[];

/** A caller with a team of its own, enough credits for every accepted body, and parents. */
async function seedSubmitter() {
  const submitter = await seedCaller(api.prisma, { credits: 100_000, maxConcurrentJobs: 10_000 });
  const parent = (model: "midjourney" | "suno", action: string, kind: "grid" | "image" | "song") =>
    insertJob(api.prisma, submitter, { model, action, result: sampleResult(kind) });
  const grid = await parent("midjourney", "generate", "grid");
  const image = await parent("midjourney", "upsample", "image");
  const song = await parent("suno", "generate", "song");
  return { submitter, grid: grid.id, image: image.id, song: song.id };
}

function validBodiesFor(path: string, parents: { grid: string; image: string; song: string }) {
  const webhook = { webhookUrl: publicWebhookUrl, webhookEvents: ["completed", "failed"] };
  switch (path) {
    case "/v2/images/generate":
      return [
        { prompt: "a lighthouse at dusk", model: "midjourney" },
        {
          prompt: "a fox in snow",
          model: "midjourney",
          midjourneyParams: { aspect_ratio: "16:9" },
          ...webhook,
        },
      ];
    case "/v2/music/generate":
      return [
        { prompt: "a calm piano piece", model: "suno" },
        {
          prompt: "verse one, chorus",
          model: "suno",
          sunoParams: {
            custom_mode: true,
            instrumental: false,
            model_version: "V5",
            title: "Harbour",
            style: "folk",
            negative_tags: "metal",
            vocal_gender: "f",
            style_weight: 0.5,
            weirdness_constraint: 0.2,
          },
          ...webhook,
        },
      ];
    case "/v2/images/midjourney/action":
      return [
        { parentJobId: parents.grid, action: "upsample", index: 1 },
        { parentJobId: parents.grid, action: "variation", index: 4, ...webhook },
        { parentJobId: parents.image, action: "inpaint", mask: whitePng, prompt: "a door" },
        { parentJobId: parents.image, action: "outpaint", zoomRatio: 2 },
        { parentJobId: parents.image, action: "pan", direction: "left" },
      ];
    default:
      return [
        { parentJobId: parents.song, action: "extend", index: 1, continueAt: 60, title: "Two" },
        { parentJobId: parents.song, action: "cover", trackId: "track-b", audio_weight: 0.3 },
        { parentJobId: parents.song, action: "add_vocals", index: 2, prompt: "la la" },
        { parentJobId: parents.song, action: "stems", index: 1, ...webhook },
      ];
  }
}

const submissionPaths = [
  "/v2/images/generate",
  "/v2/music/generate",
  "/v2/images/midjourney/action",
  "/v2/music/suno/action",
];

beforeAll(async () => {
  caller = await seedCaller(api.prisma);
  for (const action of ["generate", "upsample", "variation"]) {
    await insertJob(api.prisma, caller, { model: "midjourney", action, status: "QUEUED" });
  }
  submitters = [];
  for (const path of submissionPaths) {
    const { submitter, ...parents } = await seedSubmitter();
    submitters.push({ path, caller: submitter, validBodies: validBodiesFor(path, parents) });
  }
});

function submitterFor(path: string): Submitter {
  const found = submitters.find((submitter) => submitter.path === path);
  if (!found) throw new Error(`no submitter for ${path}`);
  return found;
}

function ledgerRows(prisma: PrismaClient, teamId: string) {
  return prisma.creditLedgerEntry.count({ where: { teamId } });
}

/**
 * Sends one request and checks the property: 2xx or 4xx only; a 4xx adds no ledger row to
 * the team, a 2xx adds exactly its one charge.
 */
async function expectCostsNothingUnlessAccepted(
  teamId: string,
  send: () => Promise<Response>,
): Promise<void> {
  const before = await ledgerRows(api.prisma, teamId);
  const response = await send();
  const added = (await ledgerRows(api.prisma, teamId)) - before;

  expect(response.status).toBeGreaterThanOrEqual(200);
  expect(response.status).toBeLessThan(500);
  const answer = { status: response.status, code: response.body?.code, added };
  if (response.status < 300) expect(answer).toEqual({ status: 202, code: undefined, added: 1 });
  else expect(answer).toEqual({ status: expect.any(Number), code: expect.any(String), added: 0 });
}

/** A raw JSON body to `/v2/images/generate`, as sent with this Content-Encoding. */
function postBytes(submitter: SeededCaller, contentEncoding: string, body: Buffer) {
  return request(api.app)
    .post("/v2/images/generate")
    .set("X-API-Key", submitter.key)
    .set("Content-Type", "application/json")
    .set("Content-Encoding", contentEncoding)
    .serialize((data) => data)
    .send(body);
}

function postJsonText(submitter: SeededCaller, path: string, body: string) {
  return request(api.app)
    .post(path)
    .set("X-API-Key", submitter.key)
    .set("Content-Type", "application/json")
    .send(body);
}

/** `value` as JSON text; values JSON has no text for (undefined) become `null`. */
function jsonText(value: unknown): string {
  return JSON.stringify(value) ?? "null";
}

type Path = (string | number)[];

/** Every path into `value` that leads to a field or an array element. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => [
      [...prefix, index],
      ...pathsOf(item, [...prefix, index]),
    ]);
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [
      [...prefix, key],
      ...pathsOf(item, [...prefix, key]),
    ]);
  }
  return [];
}

/** Marks a mutation that drops the field rather than replacing it. */
const removed = Symbol("removed");

/** A copy of `body` with the value at `path` replaced, or removed when `value` is `removed`. */
function withValueAt(body: unknown, path: Path, value: unknown): unknown {
  const copy = copyOf(body);
  let holder = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) holder = holder[step] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (value === removed) delete holder[last];
  // defineProperty, so a key such as "__proto__" becomes a field rather than the prototype.
  else Object.defineProperty(holder, last, { value, enumerable: true, writable: true });
  return copy;
}

/**
 * A deep copy made in this realm (structuredClone's objects come from Node's own, which
 * fast-check cannot print in a counterexample).
 */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOf);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyOf(item)]));
}

/** What a client gets wrong: a field replaced, a field dropped, a field added. */
function mutationsOf(body: Record<string, unknown>) {
  const paths = pathsOf(body);
  const objectPaths: Path[] = [[], ...paths.filter((path) => isObjectAt(body, path))];
  const extraKey = fc.oneof(
    fc.string(),
    fc.constantFrom("__proto__", "constructor", "mask", "index", "trackId", "model", "id"),
  );
  const textPaths = paths.filter((path) => typeof atPath(body, path) === "string");
  const mutation = fc.oneof(
    fc.tuple(fc.constantFrom(...textPaths), text),
    fc.tuple(fc.constantFrom(...paths), anyValue),
    fc.tuple(fc.constantFrom(...paths), fc.constant(removed)),
    fc
      .tuple(fc.constantFrom(...objectPaths), extraKey, anyValue)
      .map(([path, key, value]): [Path, unknown] => [[...path, key], value]),
  );
  return fc
    .array(mutation, { minLength: 1, maxLength: 3 })
    .map((steps) =>
      steps.reduce<unknown>((mutated, [path, value]) => safelyAt(mutated, path, value), body),
    );
}

function atPath(body: unknown, path: Path): unknown {
  return path.reduce<unknown>((value, step) => (value as never)?.[step], body);
}

function isObjectAt(body: unknown, path: Path): boolean {
  const found = atPath(body, path);
  return typeof found === "object" && found !== null && !Array.isArray(found);
}

/** Applies a mutation, unless an earlier one removed its path or made it a scalar. */
function safelyAt(body: unknown, path: Path, value: unknown): unknown {
  const holder = atPath(body, path.slice(0, -1));
  const holds = typeof holder === "object" && holder !== null;
  return holds ? withValueAt(body, path, value) : body;
}

/** Every byte percent-encoded, so any text (lone surrogates too) makes a valid URL. */
function percentEncode(value: string): string {
  return [...Buffer.from(value)].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("");
}

describe.each(submissionPaths)("POST %s", (path) => {
  it(
    "answers any JSON body with 2xx or 4xx, and a 4xx costs nothing",
    async () => {
      const { caller: owner } = submitterFor(path);
      const bodies = fc.oneof(
        fc.jsonValue({ stringUnit: "binary" }),
        fc.anything({ stringUnit: "binary" }),
        fc.dictionary(text, anyValue),
      );

      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          await expectCostsNothingUnlessAccepted(owner.teamId, () =>
            postJsonText(owner, path, jsonText(body)),
          );
        }),
        { numRuns },
      );
    },
    propertyTimeoutMs,
  );

  it(
    "answers a valid body with a field replaced, dropped or added with 2xx or 4xx",
    async () => {
      const { caller: owner, validBodies } = submitterFor(path);
      const bodies = fc.constantFrom(...validBodies).chain(mutationsOf);

      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          await expectCostsNothingUnlessAccepted(owner.teamId, () =>
            postJsonText(owner, path, jsonText(body)),
          );
        }),
        { numRuns },
      );
    },
    propertyTimeoutMs,
  );

  it(
    "answers any text sent as JSON with 2xx or 4xx",
    async () => {
      const { caller: owner } = submitterFor(path);

      await fc.assert(
        fc.asyncProperty(text, async (body) => {
          await expectCostsNothingUnlessAccepted(owner.teamId, () =>
            postJsonText(owner, path, body),
          );
        }),
        { numRuns: numRuns / 3 },
      );
    },
    propertyTimeoutMs,
  );
});

describe("invalid JSON", () => {
  it.each([
    '{"prompt":',
    "{'prompt': 'single quotes'}",
    '{"prompt":"a","model":"midjourney"}}',
    "nul",
    "[1, 2",
    '"just a string"',
    "42",
  ])("answers %p with 400 validation_error and charges nothing", async (body) => {
    const before = await ledgerRows(api.prisma, caller.teamId);

    const response = await postJsonText(caller, "/v2/images/generate", body);

    expectRefusal(response, 400, "validation_error");
    expect(response.body.details).toEqual({ body: [expect.any(String)] });
    expect(await ledgerRows(api.prisma, caller.teamId)).toBe(before);
  });
});

describe("a compressed body", () => {
  const gzipped = gzipSync(JSON.stringify({ prompt: "a lighthouse", model: "midjourney" }));

  it(
    "answers any bytes under any Content-Encoding with 2xx or 4xx, and a 4xx costs nothing",
    async () => {
      const encoding = fc.constantFrom("gzip", "deflate", "br", "identity", "compress", "GZIP");
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 200 }),
        fc.nat(gzipped.length).map((end) => new Uint8Array(gzipped.subarray(0, end))),
      );

      await fc.assert(
        fc.asyncProperty(encoding, bytes, async (contentEncoding, body) => {
          await expectCostsNothingUnlessAccepted(caller.teamId, () =>
            postBytes(caller, contentEncoding, Buffer.from(body)),
          );
        }),
        { numRuns },
      );
    },
    propertyTimeoutMs,
  );

  it("is accepted when it inflates to a valid body", async () => {
    const response = await postBytes(caller, "gzip", gzipped);

    expect(response.status).toBe(202);
  });

  // Regression: body-parser reports a body that does not inflate as a bare 400 with no
  // `type`, which the error handler did not know and answered with a 500.
  it.each(["gzip", "deflate", "br"])(
    "regression: refuses %s data that does not inflate with 400, not 500",
    async (contentEncoding) => {
      const before = await ledgerRows(api.prisma, caller.teamId);

      const response = await postBytes(caller, contentEncoding, Buffer.from("not compressed"));

      expectRefusal(response, 400, "validation_error");
      expect(await ledgerRows(api.prisma, caller.teamId)).toBe(before);
    },
  );
});

describe("a body over the size limit", () => {
  it.each(submissionPaths.filter((path) => path !== "/v2/images/midjourney/action"))(
    "is refused on %s with 413 payload_too_large before any credit moves",
    async (path) => {
      const before = await ledgerRows(api.prisma, caller.teamId);
      const body = { prompt: "a".repeat(300_000), model: "midjourney" };

      const response = await postJsonText(caller, path, JSON.stringify(body));

      expect(response.status).toBe(413);
      expect(response.body).toEqual({
        error: "The request body is too large",
        code: "payload_too_large",
      });
      expect(await ledgerRows(api.prisma, caller.teamId)).toBe(before);
    },
  );

  it("is allowed up to the larger action limit on the Midjourney action endpoint", async () => {
    const { caller: owner, validBodies } = submitterFor("/v2/images/midjourney/action");
    const inpaint = validBodies.find((body) => body.action === "inpaint")!;
    const mask = Buffer.alloc(225_000);
    Buffer.from(whitePng, "base64").copy(mask);

    const response = await postJsonText(
      owner,
      "/v2/images/midjourney/action",
      JSON.stringify({ ...inpaint, mask: mask.toString("base64") }),
    );

    expect(response.status).toBe(202);
  });
});

describe("GET /v2/jobs", () => {
  it(
    "answers any query string with 2xx or 4xx and charges nothing",
    async () => {
      const first = await get(api, caller, "/v2/jobs?limit=1");
      const existingCursor = first.body.nextCursor ?? "";
      const validParams = fc.record(
        {
          status: fc.constantFrom("QUEUED", "PROCESSING", "COMPLETED", "FAILED"),
          model: fc.constantFrom("midjourney", "suno"),
          limit: fc.integer({ min: 1, max: 100 }).map(String),
          cursor: fc.constant(existingCursor),
          scope: fc.constantFrom("user", "team"),
          search: fc.uuid(),
          include_models: fc.constantFrom("true", "false"),
        },
        { requiredKeys: [] },
      );
      const knownKey = fc.constantFrom(
        "status",
        "model",
        "limit",
        "cursor",
        "scope",
        "search",
        "include_models",
      );
      // Mostly one parameter gone wrong among valid ones, as only those reach the database.
      const oneWrong = fc
        .tuple(validParams, knownKey, text)
        .map(([valid, key, value]) => Object.entries({ ...valid, [key]: value }));
      const extraPairs = fc
        .tuple(validParams, fc.array(fc.tuple(text, text), { maxLength: 2 }))
        .map(([valid, extra]) => [...Object.entries(valid), ...extra]);
      const params = fc.oneof({ weight: 3, arbitrary: oneWrong }, extraPairs);
      const fragment = fc.constantFrom("%", "%zz", "%E0%A4", "&&", "==", "a[b]=c", "+", "limit");
      const query = fc
        .tuple(params, fc.array(fragment, { maxLength: 2 }))
        .map(([pairs, fragments]) =>
          [...pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`), ...fragments].join(
            "&",
          ),
        );

      await fc.assert(
        fc.asyncProperty(query, async (queryString) => {
          const before = await ledgerRows(api.prisma, caller.teamId);
          const response = await get(api, caller, `/v2/jobs?${queryString}`);

          expect([200, 400]).toContain(response.status);
          expect(await ledgerRows(api.prisma, caller.teamId)).toBe(before);
        }),
        { numRuns },
      );
    },
    propertyTimeoutMs,
  );
});

describe("GET /v2/jobs/:id", () => {
  it(
    "answers any path segment with 2xx or 4xx",
    async () => {
      const piece = fc.oneof(
        fc.constantFrom("%", "%zz", "%E0%A4%A", "%00", "%2F", "%C0%AF", "..", "%ED%A0%80"),
        fc.uuid(),
        fc.stringMatching(/^[A-Za-z0-9._~-]{0,12}$/),
      );
      const segment = fc
        .array(piece, { minLength: 1, maxLength: 4 })
        .map((parts) => parts.join(""));

      await fc.assert(
        fc.asyncProperty(segment, async (id) => {
          const response = await get(api, caller, `/v2/jobs/${id}`);

          expect([200, 400, 404]).toContain(response.status);
        }),
        { numRuns },
      );
    },
    propertyTimeoutMs,
  );
});

// Found by the properties above: Postgres refuses NUL in text and jsonb, and a lone surrogate
// in jsonb, so such text passed validation and then failed the charge's insert with a 500.
describe("regression: text the database cannot store was a 500", () => {
  const nul = { what: "a NUL", text: "a\u0000b" };
  const highHalf = { what: "a lone high surrogate", text: "x\ud800y" };
  const lowHalf = { what: "a lone low surrogate", text: "\udc00" };
  // `body` picks the valid body of the endpoint that has the field.
  const cases = [
    { path: "/v2/images/generate", body: 0, field: "prompt", ...nul },
    { path: "/v2/images/generate", body: 0, field: "prompt", ...highHalf },
    { path: "/v2/music/generate", body: 1, field: "sunoParams.title", ...lowHalf },
    { path: "/v2/images/midjourney/action", body: 2, field: "prompt", ...nul },
    { path: "/v2/music/suno/action", body: 2, field: "prompt", ...highHalf },
    { path: "/v2/music/suno/action", body: 1, field: "trackId", ...nul },
  ];

  it.each(cases)(
    "refuses $what in $field on $path with 400 validation_error and charges nothing",
    async ({ path, body: index, field, text: awkward }) => {
      const { caller: owner, validBodies } = submitterFor(path);
      const body = withValueAt(validBodies[index], field.split("."), awkward);
      const before = await ledgerRows(api.prisma, owner.teamId);

      const response = await postJsonText(owner, path, jsonText(body));

      expectRefusal(response, 400, "validation_error");
      expect(Object.keys(response.body.details)).toEqual([field]);
      expect(await ledgerRows(api.prisma, owner.teamId)).toBe(before);
    },
  );

  it("refuses a NUL in the model filter of GET /v2/jobs with 400 validation_error", async () => {
    const response = await get(api, caller, "/v2/jobs?model=mid%00journey");

    expectRefusal(response, 400, "validation_error");
    expect(response.body.details).toHaveProperty("model");
  });
});

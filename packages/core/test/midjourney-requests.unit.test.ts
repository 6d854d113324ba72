import { describe, expect, it } from "@jest/globals";
import {
  inpaintRequest,
  midjourneyActionRequest,
  midjourneyGenerateRequest,
  outpaintRequest,
  panRequest,
  upsampleRequest,
  variationRequest,
} from "../src/index.js";
import { parentJobId, pngBase64, problemsOf, validActionBodies } from "./fixtures.js";

// Each case: what is sent, and the paths the schema must complain about ([] = accepted).
type Case = [description: string, body: object, problems: string[]];

describe("POST /v2/images/generate with model midjourney", () => {
  const base = { prompt: "a lighthouse at dawn", model: "midjourney" };

  it.each<Case>([
    ["accepts a prompt alone", base, []],
    ["accepts an aspect ratio", { ...base, midjourneyParams: { aspect_ratio: "16:9" } }, []],
    ["accepts a 2000-character prompt", { ...base, prompt: "a".repeat(2000) }, []],
    ["rejects an empty prompt", { ...base, prompt: "" }, ["prompt"]],
    ["rejects a 2001-character prompt", { ...base, prompt: "a".repeat(2001) }, ["prompt"]],
    ["rejects a missing prompt", { model: "midjourney" }, ["prompt"]],
    ["rejects another model", { ...base, model: "flux-2-pro" }, ["model"]],
    [
      "rejects an aspect ratio that is not W:H",
      { ...base, midjourneyParams: { aspect_ratio: "16x9" } },
      ["midjourneyParams.aspect_ratio"],
    ],
    [
      "rejects a zero side",
      { ...base, midjourneyParams: { aspect_ratio: "0:1" } },
      ["midjourneyParams.aspect_ratio"],
    ],
    [
      "rejects a fractional side",
      { ...base, midjourneyParams: { aspect_ratio: "1.5:1" } },
      ["midjourneyParams.aspect_ratio"],
    ],
    [
      "rejects midjourneyParams without aspect_ratio",
      { ...base, midjourneyParams: {} },
      ["midjourneyParams.aspect_ratio"],
    ],
    [
      "rejects an unknown Midjourney parameter",
      { ...base, midjourneyParams: { aspect_ratio: "1:1", stylize: 100 } },
      ["unknown key stylize"],
    ],
    ["rejects an unknown field", { ...base, mode: "fast" }, ["unknown key mode"]],
  ])("%s", (_, body, problems) => {
    expect(problemsOf(midjourneyGenerateRequest, body)).toEqual(problems);
  });
});

describe.each([
  ["upsample", upsampleRequest],
  ["variation", variationRequest],
] as const)("%s", (action, schema) => {
  const base = { parentJobId, action };

  it.each<Case>([
    ["accepts index 1", { ...base, index: 1 }, []],
    ["accepts index 4", { ...base, index: 4 }, []],
    ["rejects index 0", { ...base, index: 0 }, ["index"]],
    ["rejects index 5", { ...base, index: 5 }, ["index"]],
    ["rejects a fractional index", { ...base, index: 2.5 }, ["index"]],
    ["rejects an index sent as text", { ...base, index: "2" }, ["index"]],
    ["rejects a missing index", base, ["index"]],
    [
      "rejects a parentJobId that is not a UUID",
      { ...base, parentJobId: "job-1", index: 1 },
      ["parentJobId"],
    ],
    ["rejects a missing parentJobId", { action, index: 1 }, ["parentJobId"]],
    ["rejects an unknown field", { ...base, index: 1, strong: true }, ["unknown key strong"]],
  ])("%s", (_, body, problems) => {
    expect(problemsOf(schema, body)).toEqual(problems);
  });
});

describe("inpaint", () => {
  const base = { parentJobId, action: "inpaint" };
  const mask = pngBase64();
  const eightMiB = 8 * 1024 * 1024;
  const jpegBase64 = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0]).toString("base64");
  /** `mask` in lines of 76 characters ending in CRLF, as MIME tools and `base64` wrap it. */
  const wrapped = (mask.match(/.{1,76}/g) ?? []).join("\r\n");

  it.each<Case>([
    ["accepts a base64 PNG mask", { ...base, mask }, []],
    ["accepts a PNG data URL", { ...base, mask: `data:image/png;base64,${mask}` }, []],
    ["accepts a mask wrapped in lines, as base64 prints it", { ...base, mask: wrapped }, []],
    ["accepts a mask of exactly 8 MB", { ...base, mask: pngBase64(eightMiB) }, []],
    ["accepts a 2000-character prompt", { ...base, mask, prompt: "p".repeat(2000) }, []],
    ["rejects a mask over 8 MB", { ...base, mask: pngBase64(eightMiB + 1) }, ["mask"]],
    ["rejects a mask far over 8 MB", { ...base, mask: "A".repeat(3 * eightMiB) }, ["mask"]],
    ["rejects an empty mask", { ...base, mask: "" }, ["mask"]],
    [
      "rejects a data URL with nothing in it",
      { ...base, mask: "data:image/png;base64," },
      ["mask"],
    ],
    ["rejects a mask that is not base64", { ...base, mask: "not base64!" }, ["mask"]],
    ["rejects base64 of a bad length", { ...base, mask: mask.slice(0, -1) }, ["mask"]],
    ["rejects padding in the middle", { ...base, mask: `AA==${mask}` }, ["mask"]],
    ["rejects a JPEG", { ...base, mask: jpegBase64 }, ["mask"]],
    ["rejects a JPEG data URL", { ...base, mask: `data:image/jpeg;base64,${mask}` }, ["mask"]],
    ["rejects a missing mask", base, ["mask"]],
    ["rejects an empty prompt", { ...base, mask, prompt: "" }, ["prompt"]],
    ["rejects a 2001-character prompt", { ...base, mask, prompt: "p".repeat(2001) }, ["prompt"]],
    ["rejects an unknown field", { ...base, mask, strength: 1 }, ["unknown key strength"]],
  ])("%s", (_, body, problems) => {
    expect(problemsOf(inpaintRequest, body)).toEqual(problems);
  });

  it("reads the mask as bare base64: no data-URL prefix, no line breaks", () => {
    const read = (value: string) => inpaintRequest.parse({ ...base, mask: value }).mask;
    expect(read(`data:image/png;base64,${mask}`)).toBe(mask);
    expect(read(wrapped)).toBe(mask);
    expect(read(`data:image/png;base64,${wrapped}`)).toBe(mask);
  });

  it("says why a mask is refused", () => {
    const messages = (value: string) =>
      inpaintRequest.safeParse({ ...base, mask: value }).error?.issues.map((i) => i.message);
    expect(messages(jpegBase64)).toEqual(["must be a PNG image"]);
    expect(messages(pngBase64(eightMiB + 1))).toEqual(["must be at most 8 MB once decoded"]);
    expect(messages("not base64!")).toEqual(["must be base64"]);
  });
});

describe("outpaint", () => {
  const base = { parentJobId, action: "outpaint" };

  it.each<Case>([
    ["accepts a zoomRatio of 1.5", { ...base, zoomRatio: 1.5 }, []],
    ["accepts a zoomRatio of 2", { ...base, zoomRatio: 2 }, []],
    ["rejects a zoomRatio of 1", { ...base, zoomRatio: 1 }, ["zoomRatio"]],
    ["rejects a zoomRatio of 1.75", { ...base, zoomRatio: 1.75 }, ["zoomRatio"]],
    ["rejects a zoomRatio sent as text", { ...base, zoomRatio: "2" }, ["zoomRatio"]],
    ["rejects a missing zoomRatio", base, ["zoomRatio"]],
    ["rejects a prompt", { ...base, zoomRatio: 2, prompt: "sea" }, ["unknown key prompt"]],
  ])("%s", (_, body, problems) => {
    expect(problemsOf(outpaintRequest, body)).toEqual(problems);
  });
});

describe("pan", () => {
  const base = { parentJobId, action: "pan" };

  it.each(["up", "down", "left", "right"])("accepts the direction %s", (direction) => {
    expect(problemsOf(panRequest, { ...base, direction })).toEqual([]);
  });

  it.each<Case>([
    ["rejects a diagonal", { ...base, direction: "up-left" }, ["direction"]],
    ["rejects a missing direction", base, ["direction"]],
    ["rejects a prompt", { ...base, direction: "up", prompt: "sky" }, ["unknown key prompt"]],
  ])("%s", (_, body, problems) => {
    expect(problemsOf(panRequest, body)).toEqual(problems);
  });
});

describe("POST /v2/images/midjourney/action", () => {
  it.each(["upsample", "variation", "inpaint", "outpaint", "pan"] as const)(
    "accepts a valid %s body",
    (action) => {
      expect(problemsOf(midjourneyActionRequest, validActionBodies[action])).toEqual([]);
    },
  );

  it.each(["extend", "generate", "zoom"])("rejects the action %s", (action) => {
    expect(problemsOf(midjourneyActionRequest, { parentJobId, action, index: 1 })).toEqual([
      "action",
    ]);
  });

  it("rejects a field that belongs to another action", () => {
    const body = { ...validActionBodies.upsample, zoomRatio: 2 };
    expect(problemsOf(midjourneyActionRequest, body)).toEqual(["unknown key zoomRatio"]);
  });
});

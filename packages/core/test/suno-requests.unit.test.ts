import { describe, expect, it } from "@jest/globals";
import {
  addVocalsRequest,
  coverRequest,
  extendRequest,
  stemsRequest,
  sunoActionRequest,
  sunoGenerateRequest,
  sunoModelVersions,
} from "../src/index.js";
import { parentJobId, problemsOf, validActionBodies } from "./fixtures.js";

// Each case: what is sent, and the paths the schema must complain about ([] = accepted).
type Case = [description: string, body: object, problems: string[]];

describe("POST /v2/music/generate with model suno", () => {
  const base = { prompt: "upbeat synthwave", model: "suno" };
  const params = (sunoParams: object) => ({ ...base, sunoParams });
  const custom = (prompt: string) => ({ ...base, prompt, sunoParams: { custom_mode: true } });

  it.each<Case>([
    ["accepts a description alone", base, []],
    ["accepts a 500-character description", { ...base, prompt: "d".repeat(500) }, []],
    ["rejects a 501-character description", { ...base, prompt: "d".repeat(501) }, ["prompt"]],
    [
      "rejects a 501-character description when custom_mode is false",
      { ...base, prompt: "d".repeat(501), sunoParams: { custom_mode: false } },
      ["prompt"],
    ],
    ["accepts 5000 characters of lyrics in custom mode", custom("l".repeat(5000)), []],
    ["rejects 5001 characters of lyrics in custom mode", custom("l".repeat(5001)), ["prompt"]],
    ["rejects an empty prompt", { ...base, prompt: "" }, ["prompt"]],
    ["rejects another model", { ...base, model: "udio" }, ["model"]],
    [
      "accepts every parameter",
      params({
        custom_mode: false,
        instrumental: true,
        model_version: "V5",
        title: "t".repeat(80),
        style: "s".repeat(1000),
        negative_tags: "n".repeat(500),
        vocal_gender: "f",
        style_weight: 0,
        weirdness_constraint: 1,
      }),
      [],
    ],
    [
      "rejects an unknown model_version",
      params({ model_version: "V5_5" }),
      ["sunoParams.model_version"],
    ],
    ["rejects an 81-character title", params({ title: "t".repeat(81) }), ["sunoParams.title"]],
    ["rejects a 1001-character style", params({ style: "s".repeat(1001) }), ["sunoParams.style"]],
    [
      "rejects 501 characters of negative_tags",
      params({ negative_tags: "n".repeat(501) }),
      ["sunoParams.negative_tags"],
    ],
    [
      "rejects a vocal_gender other than m or f",
      params({ vocal_gender: "x" }),
      ["sunoParams.vocal_gender"],
    ],
    ["rejects a style_weight above 1", params({ style_weight: 1.1 }), ["sunoParams.style_weight"]],
    [
      "rejects a weirdness_constraint below 0",
      params({ weirdness_constraint: -0.1 }),
      ["sunoParams.weirdness_constraint"],
    ],
    [
      "rejects custom_mode sent as text",
      params({ custom_mode: "true" }),
      ["sunoParams.custom_mode"],
    ],
    [
      "rejects an unknown Suno parameter",
      params({ auto_lyrics: true }),
      ["unknown key auto_lyrics"],
    ],
    ["rejects an unknown field", { ...base, lyrics: "la" }, ["unknown key lyrics"]],
  ])("%s", (_, body, problems) => {
    expect(problemsOf(sunoGenerateRequest, body)).toEqual(problems);
  });

  it("says why a long description is refused", () => {
    const issues = sunoGenerateRequest.safeParse({ ...base, prompt: "d".repeat(501) }).error
      ?.issues;
    expect(issues?.map((issue) => issue.message)).toEqual([
      "must be at most 500 characters without custom_mode",
    ]);
  });

  it("defaults model_version to V4_5PLUS, with or without sunoParams", () => {
    expect(sunoGenerateRequest.parse(base).sunoParams.model_version).toBe("V4_5PLUS");
    expect(sunoGenerateRequest.parse(params({ style: "x" })).sunoParams.model_version).toBe(
      "V4_5PLUS",
    );
  });

  it("offers exactly API.md's model versions", () => {
    expect(sunoModelVersions).toEqual(["V4", "V4_5", "V4_5ALL", "V4_5PLUS", "V5"]);
  });
});

describe.each([
  ["extend", extendRequest],
  ["cover", coverRequest],
  ["add_vocals", addVocalsRequest],
  ["stems", stemsRequest],
] as const)("%s", (action, schema) => {
  const base = { ...validActionBodies[action], index: undefined };

  describe("choosing the track", () => {
    it.each<Case>([
      ["accepts index 1", { ...base, index: 1 }, []],
      ["accepts index 2", { ...base, index: 2 }, []],
      ["accepts a trackId", { ...base, trackId: "8b2f64d1" }, []],
      ["accepts a 200-character trackId", { ...base, trackId: "t".repeat(200) }, []],
      ["rejects index 3", { ...base, index: 3 }, ["index"]],
      ["rejects index 0", { ...base, index: 0 }, ["index"]],
      ["rejects an empty trackId", { ...base, trackId: "" }, ["trackId"]],
      ["rejects a 201-character trackId", { ...base, trackId: "t".repeat(201) }, ["trackId"]],
      ["rejects both index and trackId", { ...base, index: 1, trackId: "8b2f64d1" }, ["index"]],
      ["rejects neither index nor trackId", base, ["index"]],
    ])("%s", (_, body, problems) => {
      expect(problemsOf(schema, body)).toEqual(problems);
    });

    it("says to send exactly one of the two", () => {
      const issues = schema.safeParse(base).error?.issues;
      expect(issues?.map((issue) => issue.message)).toEqual([
        "send exactly one of index or trackId",
      ]);
    });
  });

  it.each<Case>([
    [
      "rejects a parentJobId that is not a UUID",
      { ...base, index: 1, parentJobId: "1" },
      ["parentJobId"],
    ],
    ["rejects an unknown field", { ...base, index: 1, lyrics: "la" }, ["unknown key lyrics"]],
  ])("%s", (_, body, problems) => {
    expect(problemsOf(schema, body)).toEqual(problems);
  });
});

describe.each([
  ["extend", extendRequest],
  ["cover", coverRequest],
  ["add_vocals", addVocalsRequest],
] as const)("%s", (action, schema) => {
  const base = validActionBodies[action];

  it.each<Case>([
    [
      "accepts title, style and negative_tags",
      { ...base, title: "t".repeat(80), style: "s".repeat(1000), negative_tags: "n".repeat(500) },
      [],
    ],
    ["accepts a 5000-character prompt", { ...base, prompt: "p".repeat(5000) }, []],
    ["rejects a 5001-character prompt", { ...base, prompt: "p".repeat(5001) }, ["prompt"]],
    ["rejects an empty prompt", { ...base, prompt: "" }, ["prompt"]],
    ["rejects an 81-character title", { ...base, title: "t".repeat(81) }, ["title"]],
    ["rejects a 1001-character style", { ...base, style: "s".repeat(1001) }, ["style"]],
    [
      "rejects 501 characters of negative_tags",
      { ...base, negative_tags: "n".repeat(501) },
      ["negative_tags"],
    ],
    [
      "rejects a model_version, which is inherited",
      { ...base, model_version: "V5" },
      ["unknown key model_version"],
    ],
  ])("%s", (_, body, problems) => {
    expect(problemsOf(schema, body)).toEqual(problems);
  });
});

describe("extend", () => {
  const base = validActionBodies.extend;

  it.each<Case>([
    ["accepts no continueAt", base, []],
    ["accepts a fractional continueAt", { ...base, continueAt: 0.5 }, []],
    ["rejects a continueAt of 0", { ...base, continueAt: 0 }, ["continueAt"]],
    ["rejects a negative continueAt", { ...base, continueAt: -1 }, ["continueAt"]],
    ["rejects a continueAt sent as text", { ...base, continueAt: "60" }, ["continueAt"]],
    ["rejects audio_weight", { ...base, audio_weight: 0.5 }, ["unknown key audio_weight"]],
  ])("%s", (_, body, problems) => {
    expect(problemsOf(extendRequest, body)).toEqual(problems);
  });
});

describe("cover", () => {
  const base = validActionBodies.cover;

  it.each<Case>([
    ["accepts an audio_weight of 0", { ...base, audio_weight: 0 }, []],
    ["accepts an audio_weight of 1", { ...base, audio_weight: 1 }, []],
    ["rejects an audio_weight above 1", { ...base, audio_weight: 1.5 }, ["audio_weight"]],
    ["rejects an audio_weight below 0", { ...base, audio_weight: -0.5 }, ["audio_weight"]],
    ["rejects continueAt", { ...base, continueAt: 10 }, ["unknown key continueAt"]],
  ])("%s", (_, body, problems) => {
    expect(problemsOf(coverRequest, body)).toEqual(problems);
  });
});

describe("add_vocals", () => {
  const { prompt: _, ...withoutPrompt } = validActionBodies.add_vocals;

  it("requires the lyrics in prompt", () => {
    expect(problemsOf(addVocalsRequest, withoutPrompt)).toEqual(["prompt"]);
  });
});

describe("stems", () => {
  it.each<Case>([
    ["rejects a prompt", { ...validActionBodies.stems, prompt: "x" }, ["unknown key prompt"]],
    ["rejects a style", { ...validActionBodies.stems, style: "x" }, ["unknown key style"]],
  ])("%s", (_, body, problems) => {
    expect(problemsOf(stemsRequest, body)).toEqual(problems);
  });
});

describe("POST /v2/music/suno/action", () => {
  it.each(["extend", "cover", "add_vocals", "stems"] as const)(
    "accepts a valid %s body",
    (action) => {
      expect(problemsOf(sunoActionRequest, validActionBodies[action])).toEqual([]);
    },
  );

  it.each(["upsample", "generate", "remix"])("rejects the action %s", (action) => {
    expect(problemsOf(sunoActionRequest, { parentJobId, action, index: 1 })).toEqual(["action"]);
  });

  it("rejects a field that belongs to another action", () => {
    const body = { ...validActionBodies.stems, continueAt: 30 };
    expect(problemsOf(sunoActionRequest, body)).toEqual(["unknown key continueAt"]);
  });
});

import { describe, expect, it } from "@jest/globals";
import {
  gridResult,
  imageResult,
  type ResultKind,
  resultKindOf,
  resultSchemaOf,
  songResult,
  stemsResult,
} from "../src/index.js";
import {
  firstTrack,
  gridOutput,
  imageOutput,
  problemsOf,
  songOutput,
  stemsOutput,
} from "./fixtures.js";

type Case = [description: string, result: unknown, problems: string[]];

describe("a grid result", () => {
  it.each<Case>([
    ["accepts 4 images and a gridUrl", gridOutput, []],
    ["rejects 3 images", { ...gridOutput, images: gridOutput.images.slice(1) }, ["images"]],
    ["rejects a missing gridUrl", { images: gridOutput.images }, ["gridUrl"]],
    [
      "rejects a URL that is not http(s)",
      { ...gridOutput, gridUrl: "javascript:alert(1)" },
      ["gridUrl"],
    ],
    ["rejects an unknown field", { ...gridOutput, seed: 1 }, ["unknown key seed"]],
  ])("%s", (_, result, problems) => {
    expect(problemsOf(gridResult, result)).toEqual(problems);
  });
});

describe("an image result", () => {
  it.each<Case>([
    ["accepts one image", imageOutput, []],
    ["rejects two images", { images: gridOutput.images.slice(2) }, ["images"]],
    [
      "rejects a gridUrl, which only grids have",
      { ...imageOutput, gridUrl: gridOutput.gridUrl },
      ["unknown key gridUrl"],
    ],
  ])("%s", (_, result, problems) => {
    expect(problemsOf(imageResult, result)).toEqual(problems);
  });
});

describe("a song result", () => {
  it.each<Case>([
    ["accepts 2 tracks", songOutput, []],
    [
      "accepts null cover art, title and tags",
      {
        tracks: [{ ...firstTrack, imageUrl: null, title: null, tags: null }, firstTrack],
      },
      [],
    ],
    ["rejects 1 track", { tracks: [firstTrack] }, ["tracks"]],
    [
      "rejects a track without a duration",
      { tracks: [{ ...firstTrack, duration: null }, firstTrack] },
      ["tracks.0.duration"],
    ],
    [
      "rejects a track with an empty id",
      { tracks: [{ ...firstTrack, id: "" }, firstTrack] },
      ["tracks.0.id"],
    ],
    [
      "rejects a track without an audioUrl",
      { tracks: [firstTrack, { ...firstTrack, audioUrl: undefined }] },
      ["tracks.1.audioUrl"],
    ],
  ])("%s", (_, result, problems) => {
    expect(problemsOf(songResult, result)).toEqual(problems);
  });
});

describe("a stems result", () => {
  const [vocals, instrumental] = stemsOutput.tracks;

  it.each<Case>([
    ["accepts vocals then instrumental", stemsOutput, []],
    [
      "rejects them in the other order",
      { tracks: [instrumental, vocals] },
      ["tracks.0.id", "tracks.1.id"],
    ],
    ["rejects a song's tracks", songOutput, ["tracks.0.id", "tracks.1.id"]],
    ["rejects a third track", { tracks: [vocals, instrumental, vocals] }, ["tracks"]],
  ])("%s", (_, result, problems) => {
    expect(problemsOf(stemsResult, result)).toEqual(problems);
  });
});

describe("resultKindOf", () => {
  it.each<[string, string, ResultKind | undefined]>([
    ["midjourney", "generate", "grid"],
    ["midjourney", "variation", "grid"],
    ["midjourney", "upsample", "image"],
    ["midjourney", "inpaint", "edited_grid"],
    ["midjourney", "outpaint", "edited_grid"],
    ["midjourney", "pan", "edited_grid"],
    ["suno", "generate", "song"],
    ["suno", "extend", "song"],
    ["suno", "cover", "song"],
    ["suno", "add_vocals", "song"],
    ["suno", "stems", "stems"],
    ["midjourney", "stems", undefined],
    ["udio", "generate", undefined],
  ])("answers that %s %s produces %s", (model, action, kind) => {
    expect(resultKindOf(model, action)).toBe(kind);
  });
});

describe("resultSchemaOf", () => {
  it.each<[ResultKind, unknown]>([
    ["grid", gridResult],
    ["edited_grid", gridResult],
    ["image", imageResult],
    ["song", songResult],
    ["stems", stemsResult],
  ])("gives the %s schema", (kind, schema) => {
    expect(resultSchemaOf(kind)).toBe(schema);
  });
});

import { describe, expect, it } from "@jest/globals";
import {
  catalogueEntries,
  creditTable,
  followUps,
  generations,
  getCatalogueEntry,
  modelsListing,
} from "../src/index.js";
import { validActionBodies, validGenerateBodies } from "./fixtures.js";

// API.md's catalogue, written out literally so a wrong cost or path fails here. The grids of
// inpaint, outpaint and pan are "edited_grid": upsample and variation act only on the grid of a
// generation or a variation.
const apiMd = [
  ["midjourney", "generate", 16, "/v2/images/generate", null, "grid"],
  ["midjourney", "upsample", 4, "/v2/images/midjourney/action", ["grid"], "image"],
  ["midjourney", "variation", 16, "/v2/images/midjourney/action", ["grid"], "grid"],
  ["midjourney", "inpaint", 16, "/v2/images/midjourney/action", ["image"], "edited_grid"],
  ["midjourney", "outpaint", 16, "/v2/images/midjourney/action", ["image"], "edited_grid"],
  ["midjourney", "pan", 16, "/v2/images/midjourney/action", ["image"], "edited_grid"],
  ["suno", "generate", 11, "/v2/music/generate", null, "song"],
  ["suno", "extend", 11, "/v2/music/suno/action", ["song"], "song"],
  ["suno", "cover", 11, "/v2/music/suno/action", ["song"], "song"],
  ["suno", "add_vocals", 11, "/v2/music/suno/action", ["song"], "song"],
  ["suno", "stems", 11, "/v2/music/suno/action", ["song"], "stems"],
] as const;

describe("the catalogue", () => {
  it("holds the two generations and the nine follow-up actions, and nothing else", () => {
    const pairs = catalogueEntries.map((entry) => `${entry.model} ${entry.action}`);
    expect(pairs.sort()).toEqual(apiMd.map(([model, action]) => `${model} ${action}`).sort());
  });

  describe.each(apiMd)("%s %s", (model, action, cost, endpoint, actsOn, produces) => {
    const entry = getCatalogueEntry(model, action);

    it(`costs ${cost} credits`, () => {
      expect(entry?.cost).toBe(cost);
    });

    it(`is submitted to ${endpoint}`, () => {
      expect(entry?.endpoint).toBe(endpoint);
    });

    it(`acts on ${actsOn === null ? "no parent" : actsOn.join(", ")}`, () => {
      expect(entry?.actsOn).toEqual(actsOn);
    });

    it(`produces a ${produces} result`, () => {
      expect(entry?.produces).toBe(produces);
    });

    it("has a request schema that accepts a valid body", () => {
      const body = action === "generate" ? validGenerateBodies[model] : validActionBodies[action];
      expect(entry?.requestSchema.safeParse(body).success).toBe(true);
    });
  });

  describe("when asked for a pair it does not have", () => {
    it.each([
      ["midjourney", "extend"],
      ["suno", "upsample"],
      ["udio", "generate"],
      ["suno", "constructor"],
    ])("answers undefined for %s %s", (model, action) => {
      expect(getCatalogueEntry(model, action)).toBeUndefined();
    });
  });

  it("offers each entry both by model and by action name", () => {
    expect(getCatalogueEntry("midjourney", "generate")).toBe(generations.midjourney);
    expect(getCatalogueEntry("suno", "add_vocals")).toBe(followUps.add_vocals);
  });
});

describe("the credit table", () => {
  it("charges what API.md says for every generation and action", () => {
    expect(creditTable).toEqual({
      midjourney: { generate: 16, upsample: 4, variation: 16, inpaint: 16, outpaint: 16, pan: 16 },
      suno: { generate: 11, extend: 11, cover: 11, add_vocals: 11, stems: 11 },
    });
  });
});

describe("GET /v2/models", () => {
  it("lists the models in Apiframe's shape and every follow-up with its cost", () => {
    expect(modelsListing()).toEqual({
      models: [
        {
          id: "midjourney",
          label: "Midjourney",
          modality: "image",
          costMin: 16,
          costMax: 16,
          pricingMode: "flat",
        },
        {
          id: "suno",
          label: "Suno",
          modality: "music",
          costMin: 11,
          costMax: 11,
          pricingMode: "flat",
        },
      ],
      actions: [
        { action: "upsample", model: "midjourney", actsOn: ["grid"], produces: "image", cost: 4 },
        { action: "variation", model: "midjourney", actsOn: ["grid"], produces: "grid", cost: 16 },
        {
          action: "inpaint",
          model: "midjourney",
          actsOn: ["image"],
          produces: "edited_grid",
          cost: 16,
        },
        {
          action: "outpaint",
          model: "midjourney",
          actsOn: ["image"],
          produces: "edited_grid",
          cost: 16,
        },
        {
          action: "pan",
          model: "midjourney",
          actsOn: ["image"],
          produces: "edited_grid",
          cost: 16,
        },
        { action: "extend", model: "suno", actsOn: ["song"], produces: "song", cost: 11 },
        { action: "cover", model: "suno", actsOn: ["song"], produces: "song", cost: 11 },
        { action: "add_vocals", model: "suno", actsOn: ["song"], produces: "song", cost: 11 },
        { action: "stems", model: "suno", actsOn: ["song"], produces: "stems", cost: 11 },
      ],
    });
  });

  it("hands out a fresh copy, so a caller cannot change the catalogue", () => {
    const listing = modelsListing();
    listing.actions[0]?.actsOn.push("song");
    expect(modelsListing().actions[0]?.actsOn).toEqual(["grid"]);
    expect(followUps.upsample.actsOn).toEqual(["grid"]);
  });
});

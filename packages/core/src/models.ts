/** The upstream models this service runs: each has one generation and its follow-up actions. */
export const modelIds = ["midjourney", "suno"] as const;

/** A model's id, as sent in `model` and stored on every job. */
export type ModelId = (typeof modelIds)[number];

/** What a model makes, in Apiframe's words (Apiframe also has "video"; nothing here makes it). */
export type Modality = "image" | "music";

/**
 * How a model's price is set, in Apiframe's vocabulary. Apiframe also has "per-second" and
 * "per-output"; every model here costs the same for every request, so only "flat" is used.
 */
export type PricingMode = "flat";

/** How `GET /v2/models` presents a model, apart from its costs (those come from the catalogue). */
export interface ModelDescription<M extends ModelId = ModelId> {
  readonly id: M;
  readonly label: string;
  readonly modality: Modality;
  readonly pricingMode: PricingMode;
}

/** Every model, by id. */
export const modelDescriptions: { readonly [M in ModelId]: ModelDescription<M> } = {
  midjourney: { id: "midjourney", label: "Midjourney", modality: "image", pricingMode: "flat" },
  suno: { id: "suno", label: "Suno", modality: "music", pricingMode: "flat" },
};

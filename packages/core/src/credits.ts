import { type ActionOf, catalogueEntries } from "./actions.js";
import type { ModelId } from "./models.js";

/** What each model's generation and follow-ups cost, in credits. */
export type CreditTable = { readonly [M in ModelId]: Readonly<Record<ActionOf<M>, number>> };

/**
 * The credit table, read off the catalogue so each cost is written once (in actions.ts):
 * `creditTable.midjourney.upsample` is 4. A job is charged this when it is accepted and
 * refunded it in full if it fails.
 */
export const creditTable: CreditTable = {
  midjourney: costsOf("midjourney"),
  suno: costsOf("suno"),
};

function costsOf<M extends ModelId>(model: M): Record<ActionOf<M>, number> {
  const costs = catalogueEntries
    .filter((entry) => entry.model === model)
    .map((entry) => [entry.action, entry.cost]);
  // The `satisfies` checks in actions.ts guarantee one entry per action of the model.
  return Object.fromEntries(costs) as Record<ActionOf<M>, number>;
}

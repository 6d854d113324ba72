import { type FollowUpAction, followUps, generations } from "./actions.js";
import { type ModelDescription, type ModelId, modelDescriptions, modelIds } from "./models.js";
import type { ResultKind } from "./result.js";

/** One model in `GET /v2/models`, in Apiframe's shape. */
export interface ModelListing extends ModelDescription {
  readonly costMin: number;
  readonly costMax: number;
}

/** One follow-up action in `GET /v2/models`: an addition to Apiframe's shape. */
export interface ActionListing {
  readonly action: FollowUpAction;
  readonly model: ModelId;
  readonly actsOn: ResultKind[];
  readonly produces: ResultKind;
  readonly cost: number;
}

/** The body of `GET /v2/models`. */
export interface ModelsListing {
  readonly models: ModelListing[];
  readonly actions: ActionListing[];
}

/**
 * The catalogue as `GET /v2/models` shows it. A model's `costMin` and `costMax` are both what
 * its generation costs, as no option changes the price; follow-ups are priced in `actions`,
 * so an Apiframe client reading `models` sees what a generation request will be charged.
 * Built afresh on each call so no caller can alter the catalogue through it.
 */
export function modelsListing(): ModelsListing {
  const models = modelIds.map((id) => {
    const { label, modality, pricingMode } = modelDescriptions[id];
    const { cost } = generations[id];
    return { id, label, modality, costMin: cost, costMax: cost, pricingMode };
  });

  const actions = Object.values(followUps).map((entry) => ({
    action: entry.action,
    model: entry.model,
    actsOn: [...entry.actsOn],
    produces: entry.produces,
    cost: entry.cost,
  }));

  return { models, actions };
}

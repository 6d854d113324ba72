/**
 * The domain of Reprise, with no I/O: the catalogue of generations and follow-up actions
 * (endpoints, request schemas, what each acts on and produces, costs), the credit table, the
 * job state machine, result schemas, who may see a job and whether a parent job may be acted
 * on. Both apps import these rules from here and decide them nowhere else.
 */
export {
  type ActionOf,
  type CatalogueEntry,
  catalogueEntries,
  type Endpoint,
  endpoints,
  type FollowUpAction,
  type FollowUpEntry,
  followUps,
  type GenerationEntry,
  generations,
  getCatalogueEntry,
  type JobAction,
  type MidjourneyAction,
  type SunoAction,
} from "./actions.js";
export { type CreditTable, creditTable } from "./credits.js";
export {
  type ActionRequest,
  checkParentEligibility,
  type Eligibility,
  type ParentJob,
} from "./eligibility.js";
export {
  DomainError,
  type DomainOutcome,
  isDomainError,
  type OutcomeCode,
  outcome,
  outcomeCatalogue,
  type ValidationDetails,
} from "./errors.js";
export {
  assertTransition,
  canTransition,
  InvalidTransitionError,
  isTerminal,
  type JobStatus,
  jobStatuses,
  nextProgress,
  terminalStatuses,
} from "./job-state.js";
export {
  type ActionListing,
  type ModelListing,
  type ModelsListing,
  modelsListing,
} from "./listing.js";
export {
  type Modality,
  type ModelDescription,
  type ModelId,
  modelDescriptions,
  modelIds,
  type PricingMode,
} from "./models.js";
export {
  inpaintRequest,
  type MidjourneyActionRequest,
  type MidjourneyGenerateRequest,
  midjourneyActionRequest,
  midjourneyGenerateRequest,
  outpaintRequest,
  panRequest,
  upsampleRequest,
  variationRequest,
} from "./requests/midjourney.js";
export {
  addVocalsRequest,
  coverRequest,
  extendRequest,
  type SunoActionRequest,
  type SunoGenerateRequest,
  stemsRequest,
  sunoActionRequest,
  sunoGenerateRequest,
  sunoModelVersions,
} from "./requests/suno.js";
export {
  checkWebhookUrl,
  defaultWebhookEvents,
  subscribedWebhookEvents,
  type WebhookEvent,
  type WebhookSettings,
  type WebhookUrlCheck,
  webhookEvents,
} from "./requests/webhook.js";
export {
  type GridResult,
  gridResult,
  type ImageResult,
  imageResult,
  type ResultKind,
  resultKindOf,
  resultSchemaOf,
  type SongResult,
  type SongTrack,
  type StemsResult,
  songResult,
  songTrack,
  stemsResult,
} from "./result.js";
export { type Caller, canSee, type OwnedJob, seesWholeTeam, type TeamRole } from "./visibility.js";

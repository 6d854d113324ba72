export {
  AccountError,
  createApiKey,
  createTeam,
  createUser,
  deactivateApiKey,
  findKeyHolders,
  generateApiKey,
  generateWebhookSecret,
  grantCredits,
  hashApiKey,
  type KeyHolder,
  type NewTeam,
} from "./accounts.js";
export {
  closePrisma,
  createPrisma,
  type DatabaseOptions,
  databaseOptionsFrom,
  type PrismaClient,
} from "./client.js";
export type {
  ApiKey,
  CreditLedgerEntry,
  IdempotencyKey,
  Job,
  JobMask,
  OutboxEntry,
  Team,
  User,
  WebhookDelivery,
  WebhookEvent,
} from "./generated/prisma/client.js";
export { Prisma } from "./generated/prisma/client.js";
export type {
  IdempotencyState,
  JobStatus,
  LedgerKind,
  Role,
  WebhookStatus,
} from "./generated/prisma/enums.js";
export {
  type Claim,
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  requestFingerprint,
} from "./idempotency.js";
export {
  beginRun,
  type CompleteOutcome,
  completeJob,
  type FailOutcome,
  failJob,
  type JobToRun,
  markSubmitted,
  recordProgress,
  releaseSubmission,
} from "./job-transitions.js";
export { findUnbalancedTeams, type TeamLedgerCheck } from "./ledger.js";
export { ensureDatabase, MIGRATIONS_DIR, MigrationError, migrate } from "./migrate.js";
export {
  findOutboxBatch,
  findOverdueJobs,
  findQuietJobs,
  noteOutboxFailure,
  type OutboxBatchEntry,
  purgeExpiredIdempotencyKeys,
  type QuietJob,
} from "./recovery.js";
export {
  acknowledgeEnqueued,
  chargeAndRecord,
  findParentJobs,
  type IdempotencyCompletion,
  type NewJob,
  type NewSubmission,
  type ParentJobRow,
  type RecordOutcome,
} from "./submissions.js";
export {
  type AttemptResult,
  type AttemptStart,
  beginDeliveryAttempt,
  type DeliveryAttempt,
  type DeliveryRecord,
  type EventSettlement,
  type EventToQueue,
  findQuietEvents,
  findStrandedEvents,
  findUnqueuedEvents,
  finishDeliveryAttempt,
  listDeliveries,
  markEventsQueued,
  type Redelivery,
  redeliverLastEvent,
} from "./webhook-events.js";
export { readWebhookSecret, rotateWebhookSecret, type WebhookSecret } from "./webhook-secrets.js";

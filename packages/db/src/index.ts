export {
  AccountError,
  createApiKey,
  createTeam,
  createUser,
  deactivateApiKey,
  generateApiKey,
  generateWebhookSecret,
  grantCredits,
  hashApiKey,
  type NewTeam,
} from "./accounts.js";
export { createPrisma, type DatabaseOptions, type PrismaClient } from "./client.js";
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
  releaseIdempotencyKey,
  requestFingerprint,
} from "./idempotency.js";
export {
  beginRun,
  claimSubmission,
  completeJob,
  type FailOutcome,
  failJob,
  markSubmitted,
  type RunningJob,
  recordProgress,
  releaseSubmission,
} from "./job-transitions.js";
export { findUnbalancedTeams, type TeamLedgerCheck } from "./ledger.js";
export { ensureDatabase, MIGRATIONS_DIR, MigrationError, migrate } from "./migrate.js";
export {
  chargeAndRecord,
  type IdempotencyCompletion,
  type NewJob,
  type RecordOutcome,
} from "./submissions.js";

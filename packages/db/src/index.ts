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
export { Prisma } from "./generated/prisma/client.js";
export type {
  IdempotencyState,
  JobStatus,
  LedgerKind,
  Role,
  WebhookStatus,
} from "./generated/prisma/enums.js";
export type * from "./generated/prisma/models.js";
export { findUnbalancedTeams, type TeamLedgerCheck } from "./ledger.js";
export { ensureDatabase, MIGRATIONS_DIR, MigrationError, migrate } from "./migrate.js";

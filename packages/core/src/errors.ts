/**
 * Every failure the API answers with, by its stable `code`: the HTTP status and the sentence
 * sent as `error` unless a more precise one is given. The codes and statuses are API.md's
 * table; the API maps outcomes to responses from here, so no code is spelled twice.
 * Where Apiframe has a fixed sentence ("Insufficient credits", "API key is required"), it is
 * kept, because Apiframe clients read `error`.
 */
export const outcomeCatalogue = {
  validation_error: { status: 400, message: "Validation error" },
  parent_kind_mismatch: {
    status: 400,
    message: "The parent job is the wrong kind of job for this action",
  },
  invalid_webhook_url: { status: 400, message: "webhookUrl must be a public https:// URL" },
  unauthenticated: { status: 401, message: "API key is required" },
  insufficient_credits: { status: 402, message: "Insufficient credits" },
  forbidden: { status: 403, message: "Forbidden" },
  job_not_found: { status: 404, message: "Job not found" },
  parent_not_completed: { status: 409, message: "The parent job is not completed" },
  parent_not_actionable: {
    status: 409,
    message: "The parent job does not support follow-up actions",
  },
  continue_at_out_of_range: {
    status: 409,
    message: "continueAt must be below the track's duration",
  },
  idempotency_key_reused: {
    status: 409,
    message: "This Idempotency-Key was already used for a different request",
  },
  idempotency_in_progress: {
    status: 409,
    message: "A request with this Idempotency-Key is still being handled",
  },
  rate_limited: { status: 429, message: "Too many requests" },
  concurrency_limited: { status: 429, message: "Too many jobs are running for this team" },
  unavailable: { status: 503, message: "Service temporarily unavailable" },
  // Beyond API.md's table: answers it is silent on, documented in docs/api-decisions.md.
  payload_too_large: { status: 413, message: "The request body is too large" },
  not_found: { status: 404, message: "Not found" },
  internal_error: { status: 500, message: "Internal server error" },
  // Beyond API.md's table, documented in docs/webhooks.md.
  no_webhook_event: { status: 409, message: "The job has no webhook event to send again" },
} as const satisfies Record<string, { status: number; message: string }>;

/** A stable, machine-readable failure code. */
export type OutcomeCode = keyof typeof outcomeCatalogue;

/** Per JSON path of the request, what is wrong with it: the body's `details`. */
export type ValidationDetails = Readonly<Record<string, readonly string[]>>;

/** A failure as the API answers it; `details` only where a field of the request is at fault. */
export interface DomainOutcome<C extends OutcomeCode = OutcomeCode> {
  readonly status: (typeof outcomeCatalogue)[C]["status"];
  readonly code: C;
  readonly message: string;
  readonly details?: ValidationDetails;
}

/** The outcome for `code`, with its status and either its usual sentence or a sharper one. */
export function outcome<C extends OutcomeCode>(
  code: C,
  overrides: { message?: string; details?: ValidationDetails } = {},
): DomainOutcome<C> {
  const { status, message } = outcomeCatalogue[code];
  const built: DomainOutcome<C> = { status, code, message: overrides.message ?? message };
  return overrides.details === undefined ? built : { ...built, details: overrides.details };
}

/**
 * A {@link DomainOutcome} as an exception, for code that finds the failure deep down and lets
 * the API's one error handler answer it.
 */
export class DomainError extends Error {
  override name = "DomainError";
  readonly outcome: DomainOutcome;

  constructor(failure: DomainOutcome) {
    super(failure.message);
    this.outcome = failure;
  }
}

/**
 * Whether `error` is a {@link DomainError}. It checks the name as well as the class, so an
 * error from another copy of this package (two installs, a bundler) still counts.
 */
export function isDomainError(error: unknown): error is DomainError {
  if (error instanceof DomainError) return true;
  return error instanceof Error && error.name === "DomainError" && "outcome" in error;
}

import { DomainError, type OutcomeCode, outcome, type ValidationDetails } from "@reprise/core";

export interface ApiErrorOptions {
  message?: string;
  details?: ValidationDetails;
  /** Fields added to the body, e.g. 402's `creditsRequired` and `creditsAvailable`. */
  extra?: Record<string, unknown>;
  /** Response headers, e.g. 429's `Retry-After`. */
  headers?: Record<string, string>;
}

/** A DomainError with what only HTTP needs: extra body fields and headers. */
export class ApiError extends DomainError {
  override name = "ApiError";
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(code: OutcomeCode, options: ApiErrorOptions = {}) {
    const { extra = {}, headers = {}, ...overrides } = options;
    super(outcome(code, overrides));
    this.extra = extra;
    this.headers = headers;
  }
}

/** Throws the answer for `code`; the error handler turns it into the response. */
export function fail(code: OutcomeCode, options?: ApiErrorOptions): never {
  throw new ApiError(code, options);
}

import { describe, expect, it } from "@jest/globals";
import { DomainError, isDomainError, outcome, outcomeCatalogue } from "../src/index.js";

// API.md's error table, status by code.
const apiMdStatuses = {
  validation_error: 400,
  parent_kind_mismatch: 400,
  invalid_webhook_url: 400,
  unauthenticated: 401,
  insufficient_credits: 402,
  forbidden: 403,
  job_not_found: 404,
  parent_not_completed: 409,
  parent_not_actionable: 409,
  continue_at_out_of_range: 409,
  idempotency_key_reused: 409,
  idempotency_in_progress: 409,
  rate_limited: 429,
  concurrency_limited: 429,
  unavailable: 503,
};

// Answers API.md's table does not list, added for bodies over the limit, unknown routes and bugs,
// and for a webhook redelivery with nothing to send (docs/webhooks.md).
const additions = {
  payload_too_large: 413,
  not_found: 404,
  internal_error: 500,
  no_webhook_event: 409,
};

describe("the outcome catalogue", () => {
  it("has exactly API.md's codes and the documented additions, each with its status", () => {
    const statuses = Object.fromEntries(
      Object.entries(outcomeCatalogue).map(([code, { status }]) => [code, status]),
    );
    expect(statuses).toEqual({ ...apiMdStatuses, ...additions });
  });

  it("keeps Apiframe's sentences where clients know them", () => {
    expect(outcome("insufficient_credits").message).toBe("Insufficient credits");
    expect(outcome("unauthenticated").message).toBe("API key is required");
  });
});

describe("outcome", () => {
  it("builds the code's status and usual sentence", () => {
    expect(outcome("job_not_found")).toEqual({
      status: 404,
      code: "job_not_found",
      message: "Job not found",
    });
  });

  it("takes a sharper sentence and details when given", () => {
    const details = { index: ["must be 1 or 2"] };
    expect(outcome("validation_error", { message: "Bad body", details })).toEqual({
      status: 400,
      code: "validation_error",
      message: "Bad body",
      details,
    });
  });
});

describe("DomainError", () => {
  it("carries its outcome and the outcome's sentence", () => {
    const error = new DomainError(outcome("parent_not_completed"));
    expect(error.name).toBe("DomainError");
    expect(error.message).toBe("The parent job is not completed");
    expect(error.outcome.code).toBe("parent_not_completed");
  });

  describe("isDomainError", () => {
    it("recognises an instance", () => {
      expect(isDomainError(new DomainError(outcome("forbidden")))).toBe(true);
    });

    it("recognises a copy from another module instance by its name and outcome", () => {
      const copy = Object.assign(new Error("x"), { name: "DomainError", outcome: {} });
      expect(isDomainError(copy)).toBe(true);
    });

    it.each([
      ["a plain Error", new Error("boom")],
      ["an Error only named DomainError", Object.assign(new Error("x"), { name: "DomainError" })],
      ["a plain object", { name: "DomainError", outcome: {} }],
      ["null", null],
    ])("rejects %s", (_, value) => {
      expect(isDomainError(value)).toBe(false);
    });
  });
});

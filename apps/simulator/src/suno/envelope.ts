import { assertNever } from "../assert-never.js";
import type { SunoRateLimitCode } from "../scenario.js";
import type { Refusal } from "../stats.js";
import { SunoCode, type SunoCodeValue, type SunoEnvelope } from "./types.js";

/** sunoapi answers everything with HTTP 200 and this envelope; `code` 200 is success. */

export function ok(data: unknown): SunoEnvelope {
  return { code: SunoCode.ok, msg: "success", data };
}

export function fail(code: Exclude<SunoCodeValue, 200>, msg: string): SunoEnvelope {
  return { code, msg, data: null };
}

export function rateLimited(code: SunoRateLimitCode): SunoEnvelope {
  switch (code) {
    case 405:
      return fail(SunoCode.rateLimited, "Rate limit exceeded");
    case 429:
      return fail(SunoCode.noCredit, "Insufficient credits");
    case 430:
      return fail(SunoCode.tooFrequent, "Call frequency too high, try again later");
    default:
      return assertNever(code);
  }
}

/** Why an answer created nothing, or undefined for success. */
export function refusalOf(code: SunoCodeValue): Refusal | undefined {
  switch (code) {
    case SunoCode.ok:
      return undefined;
    case SunoCode.invalid:
    case SunoCode.tooLong:
      return "invalid";
    case SunoCode.unauthorized:
      return "unauthorized";
    case SunoCode.notFound:
      return "not-found";
    case SunoCode.rateLimited:
    case SunoCode.noCredit:
    case SunoCode.tooFrequent:
      return "rate-limited";
    case SunoCode.maintenance:
    case SunoCode.serverError:
      return "rejected";
    default:
      return assertNever(code);
  }
}

import { assertNever } from "../assert-never.js";
import type { Refusal } from "../stats.js";
import { type MjAnswer, MjCode, type MjCodeValue } from "./types.js";

/** The submit answers of midjourney-proxy. All travel as HTTP 200 except "not found". */

export function submitted(taskId: string): MjAnswer {
  return answer(MjCode.submitted, "Submit success", taskId);
}

export function queued(taskId: string): MjAnswer {
  return answer(MjCode.queued, "In queue, there are 1 tasks ahead", taskId, {
    numberOfQueues: 1,
  });
}

export function needsModal(taskId: string): MjAnswer {
  return answer(MjCode.needsModal, "Waiting for window confirm", taskId, {
    finalPrompt: "",
    remix: true,
  });
}

export function queueFull(): MjAnswer {
  return answer(MjCode.queueFull, "The queue is full, please try again later", null);
}

export function banned(prompt: string): MjAnswer {
  return answer(MjCode.banned, "May contains sensitive words", null, {
    promptEn: prompt,
    bannedWord: "sim:banned",
  });
}

export function parentNotFound(): MjAnswer {
  return { ...answer(MjCode.notFound, "Task not found or expired", null), httpStatus: 404 };
}

export function invalid(description: string): MjAnswer {
  return answer(MjCode.invalid, description, null);
}

export function failure(): MjAnswer {
  return answer(MjCode.failure, "Submit failure, please try again later", null);
}

/** Why an answer created nothing, or undefined when it created or confirmed a task. */
export function refusalOf(code: MjCodeValue): Refusal | undefined {
  switch (code) {
    case MjCode.submitted:
    case MjCode.needsModal:
    case MjCode.queued:
      return undefined;
    case MjCode.queueFull:
      return "rate-limited";
    case MjCode.banned:
      return "banned";
    case MjCode.notFound:
      return "not-found";
    case MjCode.invalid:
      return "invalid";
    case MjCode.failure:
      return "rejected";
    default:
      return assertNever(code);
  }
}

function answer(
  code: MjCodeValue,
  description: string,
  result: string | null,
  properties: Record<string, unknown> = {},
): MjAnswer {
  return { httpStatus: 200, body: { code, description, result, properties } };
}

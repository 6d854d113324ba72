import { fail } from "./envelope.js";
import type { SongModel } from "./schemas.js";
import { SunoCode, type SunoEnvelope } from "./types.js";

/** The text fields of a song request whose rules depend on the mode. */
export interface SongTextFields {
  customMode: boolean;
  instrumental: boolean;
  prompt?: string | undefined;
  style?: string | undefined;
  title?: string | undefined;
}

/** In simple mode the prompt is an idea, not lyrics, and is kept short. */
const SIMPLE_PROMPT_MAX = 500;

/** Length limits of custom mode; the older models allow less. */
function limitsFor(model: SongModel): { prompt: number; style: number; title: number } {
  const older = model === "V3_5" || model === "V4";
  return {
    prompt: older ? 3000 : 5000,
    style: older ? 200 : 1000,
    title: older || model === "V4_5ALL" ? 80 : 100,
  };
}

/**
 * sunoapi's rules for the song text: simple mode needs only a prompt; custom mode needs a
 * style and a title, and a prompt (the lyrics) unless instrumental. Missing fields are 400,
 * fields over their limit 413. Returns the refusal, or undefined when the text is fine.
 */
export function checkSongText(fields: SongTextFields, model: SongModel): SunoEnvelope | undefined {
  if (!fields.customMode) {
    if (!fields.prompt) return fail(SunoCode.invalid, "prompt is required in simple mode");
    if (fields.prompt.length > SIMPLE_PROMPT_MAX) return tooLong("prompt", SIMPLE_PROMPT_MAX);
    return undefined;
  }

  if (!fields.style) return fail(SunoCode.invalid, "style is required in custom mode");
  if (!fields.title) return fail(SunoCode.invalid, "title is required in custom mode");
  if (!fields.instrumental && !fields.prompt) {
    return fail(SunoCode.invalid, "prompt (the lyrics) is required for a custom vocal song");
  }
  return checkLengths(fields, model);
}

/** Length checks of custom-mode text, also used by extend with its own parameters. */
export function checkLengths(
  fields: Pick<SongTextFields, "prompt" | "style" | "title">,
  model: SongModel,
): SunoEnvelope | undefined {
  const limits = limitsFor(model);
  if ((fields.prompt ?? "").length > limits.prompt) return tooLong("prompt", limits.prompt);
  if ((fields.style ?? "").length > limits.style) return tooLong("style", limits.style);
  if ((fields.title ?? "").length > limits.title) return tooLong("title", limits.title);
  return undefined;
}

function tooLong(field: string, max: number): SunoEnvelope {
  return fail(SunoCode.tooLong, `${field} is too long: at most ${max} characters`);
}

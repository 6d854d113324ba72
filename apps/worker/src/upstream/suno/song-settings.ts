import { sunoModelVersions } from "@reprise/core";
import { z } from "zod";
import { PermanentUpstreamError, type UpstreamJob } from "../adapter.js";
import { parentOf } from "../job-input.js";
import { type GenerateInput, generateInput } from "./inputs.js";

/** API.md's default `model_version`. */
export const DEFAULT_MODEL = "V4_5PLUS";

const sunoModel = z.enum(sunoModelVersions);

/** A Suno model version, as the upstream spells it. */
export type SunoModel = z.infer<typeof sunoModel>;

/**
 * What a song was made with, which its follow-ups inherit: the model (every follow-up; extend
 * must even match it), custom mode and instrumental (extend and cover), and a prompt for a
 * follow-up that brings none: in simple mode the description the song began from, in custom
 * mode the lyrics last sent.
 */
export interface SongSettings {
  model: SunoModel;
  customMode: boolean;
  instrumental: boolean;
  prompt: string;
}

/**
 * What a finished song job keeps as its `upstream`. Its settings are stored, not looked up
 * again, because only a generation's input names them: an extend of an extend finds them
 * here, one step up, however long the chain. Each track's lyrics are kept too: the upstream
 * wrote them in simple mode, and a follow-up with custom parameters must send lyrics.
 */
export const storedSong = z.object({
  taskId: z.string().min(1),
  model: sunoModel,
  customMode: z.boolean(),
  instrumental: z.boolean(),
  prompt: z.string(),
  tracks: z.array(z.object({ id: z.string(), lyrics: z.string() })),
});

/** A parsed stored song. */
export type StoredSong = z.infer<typeof storedSong>;

/** The song a follow-up acts on: its settings, and the lyrics of each of its tracks. */
export interface ParentSong {
  settings: SongSettings;
  /** Empty when unknown or instrumental. */
  lyricsOf(trackId: string): string;
}

/** The settings a generation asks for, with API.md's defaults. */
export function generationSettings(input: GenerateInput): SongSettings {
  const params = input.sunoParams ?? {};
  return {
    model: params.model_version ?? DEFAULT_MODEL,
    customMode: params.custom_mode ?? false,
    instrumental: params.instrumental ?? false,
    prompt: input.prompt,
  };
}

/**
 * The parent song's settings: those it stored on success, or, for a generation stored
 * without them, those its input asked for. Any other parent cannot tell which model it used,
 * and a guess would make extend fail upstream or change the model of a chain.
 */
export function parentSong(job: UpstreamJob): ParentSong {
  const parent = parentOf(job);
  const stored = storedSong.safeParse(parent.upstream);
  if (stored.success) {
    const { model, customMode, instrumental, prompt, tracks } = stored.data;
    return {
      settings: { model, customMode, instrumental, prompt },
      lyricsOf: (trackId) => tracks.find((track) => track.id === trackId)?.lyrics ?? "",
    };
  }

  const input = generateInput.safeParse(parent.input);
  if (parent.action === "generate" && input.success) {
    return { settings: generationSettings(input.data), lyricsOf: () => "" };
  }
  throw new PermanentUpstreamError("The parent job lacks the Suno settings a follow-up inherits");
}

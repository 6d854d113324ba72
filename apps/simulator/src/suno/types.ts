import type { Outcome } from "../lifecycle.js";

/** Kinds of Suno submission: songs (generate and the follow-ups that make songs) and stems. */
export const SUNO_KINDS = ["generate", "extend", "cover", "add-vocals", "stems"] as const;
export type SunoKind = (typeof SUNO_KINDS)[number];
export type SongKind = Exclude<SunoKind, "stems">;

/** A song task may also be refused late for its words. */
export type SongOutcome = Outcome | "banned";

/** Envelope codes; every answer is HTTP 200 with one of these in `code`. */
export const SunoCode = {
  ok: 200,
  invalid: 400,
  unauthorized: 401,
  notFound: 404,
  rateLimited: 405,
  tooLong: 413,
  noCredit: 429,
  tooFrequent: 430,
  maintenance: 455,
  serverError: 500,
} as const;
export type SunoCodeValue = (typeof SunoCode)[keyof typeof SunoCode];

export interface SunoEnvelope {
  code: SunoCodeValue;
  msg: string;
  data: unknown;
}

export type SongStatus =
  | "PENDING"
  | "TEXT_SUCCESS"
  | "FIRST_SUCCESS"
  | "SUCCESS"
  | "CREATE_TASK_FAILED"
  | "GENERATE_AUDIO_FAILED"
  | "CALLBACK_EXCEPTION"
  | "SENSITIVE_WORD_ERROR";

export type StemsStatus =
  | "PENDING"
  | "SUCCESS"
  | "CREATE_TASK_FAILED"
  | "GENERATE_AUDIO_FAILED"
  | "CALLBACK_EXCEPTION";

/** One of the two tracks a song task yields, fixed at submission. */
export interface Track {
  /** The audioId every follow-up names. */
  id: string;
  title: string;
  tags: string;
  /** Lyrics; empty for instrumentals. */
  prompt: string;
  modelName: string;
  /** Real length of the served WAV, in seconds (hundredths). */
  duration: number;
  createTime: string;
}

export interface SongTask {
  taskId: string;
  kind: SongKind;
  model: string;
  /** The request as received, which record-info echoes as a JSON string. */
  param: string;
  /** The audioId an extend continues; empty otherwise. */
  parentMusicId: string;
  tracks: Track[];
  startedAt: number;
  stepMs: number;
  outcome: SongOutcome;
  callBackUrl: string;
  mediaBase: string;
}

export type StemsType = "separate_vocal" | "split_stem";

export interface StemsTask {
  taskId: string;
  /** The song task holding the separated track. */
  musicId: string;
  audioId: string;
  type: StemsType;
  /** Source audio, and its length, which every stem shares. */
  originUrl: string;
  duration: number;
  startedAt: number;
  stepMs: number;
  outcome: Outcome;
  callBackUrl: string;
  mediaBase: string;
}

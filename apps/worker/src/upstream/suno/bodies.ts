import type { SunoModel } from "./song-settings.js";

/** The request bodies of sunoapi.org that Reprise sends (reference/sunoapi.md §4–9). */

/** The tuning fields every song endpoint takes. */
interface Tuning {
  negativeTags?: string | undefined;
  vocalGender?: "m" | "f" | undefined;
  styleWeight?: number | undefined;
  weirdnessConstraint?: number | undefined;
  audioWeight?: number | undefined;
}

/** The text of a song; which fields are required depends on customMode and instrumental. */
interface SongText {
  customMode: boolean;
  instrumental: boolean;
  prompt?: string | undefined;
  style?: string | undefined;
  title?: string | undefined;
}

/** `POST /api/v1/generate`. */
export interface GenerateBody extends SongText, Tuning {
  model: SunoModel;
  callBackUrl: string;
}

/** `POST /api/v1/generate/extend`; with `defaultParamFlag` false, only the track is sent. */
export interface ExtendBody extends Tuning {
  defaultParamFlag: boolean;
  audioId: string;
  model: SunoModel;
  callBackUrl: string;
  prompt?: string | undefined;
  style?: string | undefined;
  title?: string | undefined;
  continueAt?: number | undefined;
}

/** `POST /api/v1/generate/upload-cover`: a new rendition of the audio at `uploadUrl`. */
export interface CoverBody extends GenerateBody {
  uploadUrl: string;
}

/** `POST /api/v1/generate/add-vocals`: every text field is required. */
export interface AddVocalsBody extends Tuning {
  uploadUrl: string;
  prompt: string;
  title: string;
  style: string;
  negativeTags: string;
  callBackUrl: string;
  model: SunoModel;
}

/** `POST /api/v1/vocal-removal/generate`. */
export interface StemsBody {
  taskId: string;
  audioId: string;
  type: "separate_vocal";
  callBackUrl: string;
}

/** A request that starts a song task (two tracks), by endpoint. */
export type SongCall =
  | { endpoint: "generate"; body: GenerateBody }
  | { endpoint: "extend"; body: ExtendBody }
  | { endpoint: "cover"; body: CoverBody }
  | { endpoint: "add_vocals"; body: AddVocalsBody };

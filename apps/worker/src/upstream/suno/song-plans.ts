import type { SongTrack, SunoAction } from "@reprise/core";
import type { UpstreamJob } from "../adapter.js";
import { readInput } from "../job-input.js";
import { unreachable } from "../unreachable.js";
import type { SongCall } from "./bodies.js";
import { addVocalsInput, coverInput, extendInput, generateInput } from "./inputs.js";
import { parentTrack } from "./parent-track.js";
import {
  DEFAULT_MODEL,
  generationSettings,
  type ParentSong,
  parentSong,
  type SongSettings,
  type SunoModel,
} from "./song-settings.js";

/**
 * A song task to start: the call, and the settings the new song will have. Both come from
 * the job alone, so `poll` can work the settings out again and store them on success.
 */
export interface SongPlan {
  call: SongCall;
  settings: SongSettings;
}

/** The Suno jobs that make a song (two tracks); stems make a separation instead. */
export type SongAction = "generate" | Exclude<SunoAction, "stems">;

/** The only models add-vocals takes; it falls back to its own default for any other. */
const addVocalsModels: readonly SunoModel[] = ["V4_5PLUS", "V5"];

/** The song task a job starts. */
export function songPlan(job: UpstreamJob, action: SongAction, callBackUrl: string): SongPlan {
  switch (action) {
    case "generate":
      return generatePlan(job, callBackUrl);
    case "extend":
      return extendPlan(job, callBackUrl);
    case "cover":
      return coverPlan(job, callBackUrl);
    case "add_vocals":
      return addVocalsPlan(job, callBackUrl);
    default:
      return unreachable(action);
  }
}

function generatePlan(job: UpstreamJob, callBackUrl: string): SongPlan {
  const input = readInput(generateInput, job);
  const params = input.sunoParams ?? {};
  const settings = generationSettings(input);

  const body = {
    customMode: settings.customMode,
    instrumental: settings.instrumental,
    model: settings.model,
    callBackUrl,
    prompt: input.prompt,
    style: params.style,
    title: params.title,
    negativeTags: params.negative_tags,
    vocalGender: params.vocal_gender,
    styleWeight: params.style_weight,
    weirdnessConstraint: params.weirdness_constraint,
  };
  return { call: { endpoint: "generate", body }, settings };
}

/**
 * Extend continues the parent's track on the parent's model. With nothing to override it
 * sends only the track (`defaultParamFlag` false): the upstream keeps the words and style
 * and continues from the end. Any override needs `defaultParamFlag` true, and then the
 * upstream wants all of prompt, style, title and continueAt, so what the request lacks comes
 * from the track: its lyrics, tags and title, and a start just before its end.
 */
function extendPlan(job: UpstreamJob, callBackUrl: string): SongPlan {
  const input = readInput(extendInput, job);
  const parent = parentSong(job);
  const track = parentTrack(job, input);
  const { settings } = parent;

  const { prompt, style, title, negative_tags, continueAt } = input;
  const overrides = [prompt, style, title, negative_tags, continueAt];
  const source = { audioId: track.id, model: settings.model, callBackUrl };
  if (overrides.every((value) => value === undefined)) {
    const body = { defaultParamFlag: false, ...source };
    return { call: { endpoint: "extend", body }, settings };
  }

  const lyrics = prompt ?? lyricsOrPrompt(parent, track);
  const body = {
    defaultParamFlag: true,
    ...source,
    prompt: lyrics,
    style: style ?? track.tags ?? "",
    title: title ?? track.title ?? "",
    continueAt: continueAt ?? justBeforeEnd(track.duration),
    negativeTags: negative_tags,
  };
  // A simple-mode song keeps its description: lyrics sent here are not one.
  const kept = settings.customMode ? lyrics : settings.prompt;
  return { call: { endpoint: "extend", body }, settings: { ...settings, prompt: kept } };
}

/**
 * Cover re-renders the parent's track (uploaded by its URL) in the parent's mode, model and
 * instrumental setting. In custom mode the upstream needs a style and a title, and lyrics
 * unless instrumental: what the request lacks comes from the track. In simple mode it needs
 * a description, the parent's unless the request brings one.
 */
function coverPlan(job: UpstreamJob, callBackUrl: string): SongPlan {
  const input = readInput(coverInput, job);
  const parent = parentSong(job);
  const track = parentTrack(job, input);
  const { settings } = parent;
  const custom = settings.customMode;

  const prompt = input.prompt ?? (custom ? lyricsOrPrompt(parent, track) : settings.prompt);
  const body = {
    uploadUrl: track.audioUrl,
    customMode: custom,
    instrumental: settings.instrumental,
    model: settings.model,
    callBackUrl,
    prompt,
    style: input.style ?? (custom ? (track.tags ?? "") : undefined),
    title: input.title ?? (custom ? (track.title ?? "") : undefined),
    negativeTags: input.negative_tags,
    audioWeight: input.audio_weight,
  };
  return { call: { endpoint: "cover", body }, settings: { ...settings, prompt } };
}

/**
 * Add vocals sings the request's lyrics over the parent's track. The endpoint wants every
 * text field, so the title and style default to the track's. The result is a custom-mode
 * vocal song by construction, whatever the parent was.
 */
function addVocalsPlan(job: UpstreamJob, callBackUrl: string): SongPlan {
  const input = readInput(addVocalsInput, job);
  const { settings } = parentSong(job);
  const track = parentTrack(job, input);
  const model = addVocalsModels.includes(settings.model) ? settings.model : DEFAULT_MODEL;

  const body = {
    uploadUrl: track.audioUrl,
    prompt: input.prompt,
    title: input.title ?? track.title ?? "",
    style: input.style ?? track.tags ?? "",
    negativeTags: input.negative_tags ?? "",
    callBackUrl,
    model,
  };
  const made = { model, customMode: true, instrumental: false, prompt: input.prompt };
  return { call: { endpoint: "add_vocals", body }, settings: made };
}

/** The track's lyrics, or for an instrumental (no lyrics) the prompt its song came from. */
function lyricsOrPrompt(parent: ParentSong, track: SongTrack): string {
  return parent.lyricsOf(track.id) || parent.settings.prompt;
}

/**
 * The upstream takes continueAt only strictly inside the track, so "from the end" is sent as
 * one hundredth of a second before it: too short to hear.
 */
function justBeforeEnd(duration: number): number {
  return (Math.round(duration * 100) - 1) / 100;
}

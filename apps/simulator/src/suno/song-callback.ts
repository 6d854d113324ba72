import { assertNever } from "../assert-never.js";
import { failureOf, type SunoDataItem, songStatus, sunoData } from "./song-view.js";
import type { SongTask } from "./types.js";

/**
 * The callback body for the state a song task is in at `time`. Callback keys are
 * snake_case, unlike record-info; text, first and complete stages all arrive, so a receiver
 * must treat repeats of one task as normal.
 */
export function songCallback(task: SongTask, time: number) {
  const status = songStatus(task, time);
  const tracks = sunoData(task, status).map(snakeCase);
  const stage = (code: number, msg: string, callbackType: string, data: unknown) => ({
    code,
    msg,
    data: { callbackType, task_id: task.taskId, data },
  });

  switch (status) {
    case "PENDING":
    case "TEXT_SUCCESS":
      return stage(200, "Text generation completed successfully.", "text", []);
    case "FIRST_SUCCESS":
      return stage(200, "First track generated successfully.", "first", tracks);
    case "SUCCESS":
      return stage(200, "All generated successfully.", "complete", tracks);
    case "GENERATE_AUDIO_FAILED":
    case "CREATE_TASK_FAILED":
    case "CALLBACK_EXCEPTION":
    case "SENSITIVE_WORD_ERROR": {
      const failure = failureOf(status);
      return stage(failure?.code ?? 500, failure?.message ?? "failed", "error", null);
    }
    default:
      return assertNever(status);
  }
}

function snakeCase(item: SunoDataItem) {
  return {
    id: item.id,
    audio_url: item.audioUrl,
    stream_audio_url: item.streamAudioUrl,
    image_url: item.imageUrl,
    prompt: item.prompt,
    model_name: item.modelName,
    title: item.title,
    tags: item.tags,
    createTime: item.createTime,
    duration: item.duration,
  };
}

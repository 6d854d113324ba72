import type { GridResult, ImageResult } from "@reprise/core";
import { PermanentUpstreamError, type UpstreamState } from "../adapter.js";
import { unreachable } from "../unreachable.js";
import type { StoredTask } from "./stored-task.js";
import type { MjTask } from "./task.js";

/** What a Midjourney job makes: a 4-image grid, or one upsampled image. */
export type MidjourneyProduct = "grid" | "image";

/**
 * A task as the worker sees it. A task waiting for its modal counts as running here: only
 * the adapter knows whether it holds the mask to confirm it.
 */
export function stateOfTask(task: MjTask, product: MidjourneyProduct): UpstreamState {
  switch (task.status) {
    case "NOT_START":
    case "SUBMITTED":
    case "MODAL":
    case "IN_PROGRESS":
      return { kind: "running", progress: progressOf(task) };
    case "SUCCESS":
      return { kind: "succeeded", result: resultOf(task, product), upstream: storedOf(task) };
    case "FAILURE":
      return { kind: "failed", reason: task.failReason || "the task failed without a reason" };
    case "CANCEL":
      return { kind: "failed", reason: task.failReason || "the task was cancelled upstream" };
    default:
      return unreachable(task.status);
  }
}

/** "45%" → 45. Capped at 99 while running: 100 is for a finished job only. */
function progressOf(task: MjTask): number {
  const percent = Number.parseFloat(task.progress ?? "");
  if (Number.isNaN(percent)) return 0;
  return Math.min(99, Math.max(0, Math.round(percent)));
}

function resultOf(task: MjTask, product: MidjourneyProduct): GridResult | ImageResult {
  switch (product) {
    case "grid": {
      const images = task.imageUrls ?? [];
      if (images.length === 4 && task.imageUrl) return { images, gridUrl: task.imageUrl };
      // Proxies older than `imageUrls` only give the composite, which is not a usable grid.
      throw new PermanentUpstreamError(
        "The Midjourney upstream finished the grid without listing its four images",
      );
    }
    case "image":
      if (task.imageUrl) return { images: [task.imageUrl] };
      throw new PermanentUpstreamError("The Midjourney upstream finished without an image");
    default:
      return unreachable(product);
  }
}

function storedOf(task: MjTask): StoredTask {
  return { taskId: task.id, buttons: task.buttons ?? [], prompt: task.prompt ?? "" };
}

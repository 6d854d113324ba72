import type { MidjourneyAction } from "@reprise/core";
import { PermanentUpstreamError, type UpstreamJob } from "../adapter.js";
import { parentOf, readInput } from "../job-input.js";
import { unreachable } from "../unreachable.js";
import { gridIndexInput, outpaintInput, panInput } from "./inputs.js";
import { storedTask } from "./stored-task.js";

/** A button press: which finished task, and which of its buttons. */
export interface Press {
  taskId: string;
  customId: string;
}

/** A button looked for: its custom id as a pattern, and how to name it in an error. */
interface WantedButton {
  pattern: string;
  name: string;
}

/** Stands for the message hash inside a custom id. */
const HASH = "[^:]+";

/**
 * The button a follow-up presses on its parent's task, found among the buttons the parent
 * stored. A parent without that button (an older proxy, a model version without it) fails
 * the job: pressing anything else would make a different picture than the one paid for.
 */
export function pressFor(job: UpstreamJob, action: MidjourneyAction): Press {
  const parent = parentOf(job);
  const stored = storedTask.safeParse(parent.upstream);
  if (!stored.success || parent.upstreamTaskId === "") {
    throw new PermanentUpstreamError("The parent job has no Midjourney buttons to act on");
  }

  const wanted = wantedButton(job, action);
  const pattern = new RegExp(`^${wanted.pattern}$`);
  const button = stored.data.buttons.find((candidate) => pattern.test(candidate.customId));
  if (button === undefined) {
    throw new PermanentUpstreamError(`The parent job has no ${wanted.name} button`);
  }
  return { taskId: parent.upstreamTaskId, customId: button.customId };
}

function wantedButton(job: UpstreamJob, action: MidjourneyAction): WantedButton {
  switch (action) {
    case "upsample": {
      const { index } = readInput(gridIndexInput, job);
      return { pattern: `MJ::JOB::upsample::${index}::${HASH}`, name: `U${index}` };
    }
    case "variation": {
      const { index } = readInput(gridIndexInput, job);
      return { pattern: `MJ::JOB::variation::${index}::${HASH}`, name: `V${index}` };
    }
    case "inpaint":
      return { pattern: `MJ::Inpaint::1::${HASH}::SOLO`, name: "Vary (Region)" };
    case "outpaint": {
      const { zoomRatio } = readInput(outpaintInput, job);
      // Midjourney names a zoom by the percentage of the new canvas the old image keeps.
      const kept = zoomRatio === 2 ? 50 : 75;
      const pattern = `MJ::Outpaint::${kept}::1::${HASH}::SOLO`;
      return { pattern, name: `Zoom Out ${zoomRatio}x` };
    }
    case "pan": {
      const { direction } = readInput(panInput, job);
      return { pattern: `MJ::JOB::pan_${direction}::1::${HASH}::SOLO`, name: `pan ${direction}` };
    }
    default:
      return unreachable(action);
  }
}

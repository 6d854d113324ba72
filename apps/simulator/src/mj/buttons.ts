import type { MjButton, MjTask, PanDirection, Press, Quarter } from "./types.js";

/** A button together with what pressing it asks for. */
export interface ButtonSpec {
  button: MjButton;
  press: Press;
}

const QUARTERS: readonly Quarter[] = [1, 2, 3, 4];
const PAN_EMOJI: Record<PanDirection, string> = { left: "⬅️", right: "➡️", up: "⬆️", down: "⬇️" };

/**
 * The buttons of a finished task, as Discord lays them out under the message. Every custom
 * id embeds the task's message hash, so a follow-up can only be pressed on the task whose
 * buttons it came from.
 */
export function buttonsOf(task: MjTask): ButtonSpec[] {
  return task.layout === "grid" ? gridButtons(task.hash) : pictureButtons(task.hash);
}

/** The press a custom id stands for on `task`, if it is one of its buttons. */
export function findPress(task: MjTask, customId: string): Press | undefined {
  return buttonsOf(task).find((spec) => spec.button.customId === customId)?.press;
}

function gridButtons(hash: string): ButtonSpec[] {
  const upsamples = QUARTERS.map((quarter) =>
    spec(`MJ::JOB::upsample::${quarter}::${hash}`, "", `U${quarter}`, {
      kind: "upsample",
      quarter,
    }),
  );
  const reroll = spec(`MJ::JOB::reroll::0::${hash}::SOLO`, "🔄", "", { kind: "reroll" });
  const variations = QUARTERS.map((quarter) =>
    spec(`MJ::JOB::variation::${quarter}::${hash}`, "", `V${quarter}`, {
      kind: "variation",
      quarter,
    }),
  );
  return [...upsamples, reroll, ...variations];
}

function pictureButtons(hash: string): ButtonSpec[] {
  const directions: PanDirection[] = ["left", "right", "up", "down"];
  return [
    spec(`MJ::Inpaint::1::${hash}::SOLO`, "🖌️", "Vary (Region)", { kind: "inpaint" }),
    spec(`MJ::Outpaint::50::1::${hash}::SOLO`, "🔍", "Zoom Out 2x", { kind: "outpaint", zoom: 50 }),
    spec(`MJ::Outpaint::75::1::${hash}::SOLO`, "🔍", "Zoom Out 1.5x", {
      kind: "outpaint",
      zoom: 75,
    }),
    ...directions.map((direction) =>
      spec(`MJ::JOB::pan_${direction}::1::${hash}::SOLO`, PAN_EMOJI[direction], "", {
        kind: "pan",
        direction,
      }),
    ),
  ];
}

function spec(customId: string, emoji: string, label: string, press: Press): ButtonSpec {
  return { button: { customId, emoji, label, type: 2, style: 2 }, press };
}

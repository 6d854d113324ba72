import { PNG } from "pngjs";
import { seededRandom } from "../hash.js";
import type { Size } from "./size.js";
import { quarterSeed } from "./urls.js";

/** Where a picture goes inside the image being painted. */
interface Area extends Size {
  x: number;
  y: number;
}

type Rgb = readonly [number, number, number];

/**
 * One filter ("up") for every row. By default pngjs tries all five per row, which is several
 * times slower for files barely smaller on these flat patterns.
 */
const PNG_OPTIONS = { filterType: 2 } as const;

/** Whether the pixel at (x, y) of a picture takes the second colour. */
type Pattern = (x: number, y: number, size: Size) => boolean;

/** One picture of `seed` as a PNG. */
export function renderPicture(seed: string, size: Size): Buffer {
  const png = new PNG({ width: size.width, height: size.height });
  paintPicture(png, seed, { x: 0, y: 0, ...size });
  return PNG.sync.write(png, PNG_OPTIONS);
}

/**
 * The 2×2 grid of `seed`: quarter n is painted exactly as `renderPicture` paints seed
 * `${seed}-${n}`, so an upsample shows the very pixels of the quarter it was taken from.
 * `size` is the whole grid and must have even sides.
 */
export function renderGrid(seed: string, size: Size): Buffer {
  const png = new PNG({ width: size.width, height: size.height });
  const tile = { width: size.width / 2, height: size.height / 2 };
  for (let quarter = 1; quarter <= 4; quarter += 1) {
    const column = (quarter - 1) % 2;
    const row = Math.floor((quarter - 1) / 2);
    const area = { x: column * tile.width, y: row * tile.height, ...tile };
    paintPicture(png, quarterSeed(seed, quarter), area);
  }
  return PNG.sync.write(png, PNG_OPTIONS);
}

function paintPicture(png: PNG, seed: string, area: Area): void {
  const random = seededRandom(seed);
  const pattern = choosePattern(random);
  const hue = random() * 360;
  const base = hslToRgb(hue, 0.6, 0.35);
  const accent = hslToRgb((hue + 120 + random() * 120) % 360, 0.75, 0.65);

  for (let y = 0; y < area.height; y += 1) {
    for (let x = 0; x < area.width; x += 1) {
      const colour = pattern(x, y, area) ? accent : base;
      const offset = ((area.y + y) * png.width + area.x + x) * 4;
      png.data[offset] = colour[0];
      png.data[offset + 1] = colour[1];
      png.data[offset + 2] = colour[2];
      png.data[offset + 3] = 255;
    }
  }
}

function choosePattern(random: () => number): Pattern {
  const period = 8 + Math.floor(random() * 24);
  const shapes: Pattern[] = [
    (x) => Math.floor(x / period) % 2 === 0,
    (_, y) => Math.floor(y / period) % 2 === 0,
    (x, y) => Math.floor((x + y) / period) % 2 === 0,
    (x, y) => (Math.floor(x / period) + Math.floor(y / period)) % 2 === 0,
    (x, y, size) =>
      Math.floor(Math.hypot(x - size.width / 2, y - size.height / 2) / period) % 2 === 0,
    (x, y) => Math.hypot((x % (period * 2)) - period, (y % (period * 2)) - period) < period / 2,
  ];
  return shapes[Math.floor(random() * shapes.length)] ?? shapes[0]!;
}

function hslToRgb(hue: number, saturation: number, lightness: number): Rgb {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const sector = hue / 60;
  const second = chroma * (1 - Math.abs((sector % 2) - 1));
  const [red, green, blue] = rgbForSector(Math.floor(sector) % 6, chroma, second);
  const match = lightness - chroma / 2;
  const to255 = (channel: number) => Math.round((channel + match) * 255);
  return [to255(red), to255(green), to255(blue)];
}

function rgbForSector(sector: number, chroma: number, second: number): Rgb {
  switch (sector) {
    case 0:
      return [chroma, second, 0];
    case 1:
      return [second, chroma, 0];
    case 2:
      return [0, chroma, second];
    case 3:
      return [0, second, chroma];
    case 4:
      return [second, 0, chroma];
    default:
      return [chroma, 0, second];
  }
}

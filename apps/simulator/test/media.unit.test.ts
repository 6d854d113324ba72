import { afterEach, describe, expect, it } from "@jest/globals";
import { PNG } from "pngjs";
import type { Simulator } from "../src/index.js";
import { type Http, mj, pathOf, startSimulator, suno } from "./support.js";

let simulator: Simulator;
let http: Http;

afterEach(() => simulator.close());

function start() {
  ({ simulator, http } = startSimulator());
}

/** Downloads a media URL; supertest buffers binary bodies with this parser. */
async function download(url: string) {
  const res = await http
    .get(pathOf(url))
    .buffer(true)
    .parse((response, callback) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => callback(null, Buffer.concat(chunks)));
    });
  return { res, file: res.body as Buffer };
}

async function png(url: string): Promise<PNG> {
  const { res, file } = await download(url);
  expect(res.headers["content-type"]).toBe("image/png");
  return PNG.sync.read(file);
}

/** The pixels of one quarter (1 to 4, reading order) of a decoded grid. */
function quarterOf(grid: PNG, quarter: number): Buffer {
  const width = grid.width / 2;
  const height = grid.height / 2;
  const left = ((quarter - 1) % 2) * width;
  const top = Math.floor((quarter - 1) / 2) * height;
  const rows: Buffer[] = [];
  for (let y = top; y < top + height; y += 1) {
    const start = (y * grid.width + left) * 4;
    rows.push(grid.data.subarray(start, start + width * 4));
  }
  return Buffer.concat(rows);
}

describe("Midjourney images", () => {
  it("serves a 512×512 grid of four 256×256 quarters for a square prompt", async () => {
    start();
    const task = await mj.finished(http, (await mj.imagine(http, "a square thing")).taskId);
    const grid = await png(task.imageUrl);
    const quarter = await png(task.imageUrls[0]);

    expect([grid.width, grid.height]).toEqual([512, 512]);
    expect([quarter.width, quarter.height]).toEqual([256, 256]);
  });

  it("follows --ar in the prompt: 16:9 gives 256×144 quarters", async () => {
    start();
    const { taskId } = await mj.imagine(http, "a wide thing --ar 16:9");
    const task = await mj.finished(http, taskId);
    const grid = await png(task.imageUrl);
    const quarter = await png(task.imageUrls[3]);

    expect([grid.width, grid.height]).toEqual([512, 288]);
    expect([quarter.width, quarter.height]).toEqual([256, 144]);
  });

  it("makes each quarter of the grid exactly the picture served for that quarter", async () => {
    start();
    const task = await mj.finished(http, (await mj.imagine(http, "four things")).taskId);
    const grid = await png(task.imageUrl);

    for (const quarter of [1, 2, 3, 4]) {
      const picture = await png(task.imageUrls[quarter - 1]);
      expect(quarterOf(grid, quarter).equals(picture.data)).toBe(true);
    }
  });

  it("paints four different quarters, and a different grid for every task", async () => {
    start();
    const first = await mj.finished(http, (await mj.imagine(http, "same prompt")).taskId);
    const second = await mj.finished(http, (await mj.imagine(http, "same prompt")).taskId);
    const grid = await png(first.imageUrl);
    const quarters = [1, 2, 3, 4].map((quarter) => quarterOf(grid, quarter).toString("base64"));

    expect(new Set(quarters).size).toBe(4);
    expect((await png(second.imageUrl)).data.equals(grid.data)).toBe(false);
  });

  it("serves the same bytes for the same URL", async () => {
    start();
    const task = await mj.finished(http, (await mj.imagine(http, "stable")).taskId);
    const once = await download(task.imageUrl);
    const twice = await download(task.imageUrl);

    expect(once.file.equals(twice.file)).toBe(true);
    expect(once.res.headers["cache-control"]).toContain("immutable");
  });

  it("answers 404 to a media URL it could not have made", async () => {
    start();
    const huge = await http.get("/media/image/abc/9999x9999.png");
    const odd = await http.get("/media/grid/abc/513x512.png");
    const badSeed = await http.get("/media/image/a.b/256x256.png");

    expect([huge.status, odd.status, badSeed.status]).toEqual([404, 404, 404]);
  });
});

describe("Suno audio", () => {
  /** Seconds of audio a PCM WAV holds, read from its header alone. */
  function wavDuration(file: Buffer): number {
    expect(file.toString("ascii", 0, 4)).toBe("RIFF");
    expect(file.toString("ascii", 8, 12)).toBe("WAVE");
    const byteRate = file.readUInt32LE(28);
    const dataBytes = file.readUInt32LE(40);
    expect(file.length).toBe(44 + dataBytes);
    return dataBytes / byteRate;
  }

  it("serves WAV files whose real duration is the duration record-info reports", async () => {
    start();
    const { tracks } = await suno.song(http);

    for (const track of tracks) {
      const { res, file } = await download(track.audioUrl);
      expect(res.headers["content-type"]).toBe("audio/wav");
      expect(wavDuration(file)).toBeCloseTo(track.duration, 5);
    }
  });

  it("serves 8 kHz mono 8-bit PCM with a tone, not silence", async () => {
    start();
    const { file } = await download((await suno.song(http)).tracks[0]!.audioUrl);
    const samples = file.subarray(44);

    expect(file.readUInt16LE(20)).toBe(1);
    expect(file.readUInt16LE(22)).toBe(1);
    expect(file.readUInt32LE(24)).toBe(8000);
    expect(file.readUInt16LE(34)).toBe(8);
    expect(Math.max(...samples) - Math.min(...samples)).toBeGreaterThan(100);
  });

  it("gives each track a square cover picture", async () => {
    start();
    const cover = await png((await suno.song(http)).tracks[0]!.imageUrl);

    expect([cover.width, cover.height]).toEqual([256, 256]);
  });
});

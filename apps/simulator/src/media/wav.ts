import { seededRandom } from "../hash.js";

/** 8 kHz mono 8-bit keeps a few seconds of audio to tens of kilobytes. */
export const SAMPLE_RATE = 8000;
const BITS_PER_SAMPLE = 8;
const CHANNELS = 1;
const HEADER_BYTES = 44;

/** Notes of a pentatonic scale in Hz, so every seed plays something pleasant. */
const SCALE = [220, 247.5, 275, 330, 366.7, 440, 495, 550, 660];

/** Length of one note in seconds. */
const NOTE_SECONDS = 0.25;

/**
 * A WAV file whose real length is `durationSeconds` (rounded to whole samples): a melody
 * of sine tones chosen by `seed`, with short fades between notes to avoid clicks.
 */
export function renderWav(seed: string, durationSeconds: number): Buffer {
  const samples = Math.round(durationSeconds * SAMPLE_RATE);
  const file = Buffer.alloc(HEADER_BYTES + samples);
  writeHeader(file, samples);

  const random = seededRandom(seed);
  const samplesPerNote = Math.round(NOTE_SECONDS * SAMPLE_RATE);
  let frequency = pickNote(random);
  for (let index = 0; index < samples; index += 1) {
    const inNote = index % samplesPerNote;
    if (inNote === 0 && index > 0) frequency = pickNote(random);
    const fade = Math.min(1, inNote / 80, (samplesPerNote - inNote) / 80);
    const wave = Math.sin((2 * Math.PI * frequency * index) / SAMPLE_RATE);
    // 8-bit PCM is unsigned: silence is 128.
    file[HEADER_BYTES + index] = Math.round(128 + 100 * fade * wave);
  }
  return file;
}

function pickNote(random: () => number): number {
  return SCALE[Math.floor(random() * SCALE.length)] ?? 440;
}

function writeHeader(file: Buffer, samples: number): void {
  const blockAlign = (CHANNELS * BITS_PER_SAMPLE) / 8;
  file.write("RIFF", 0, "ascii");
  file.writeUInt32LE(HEADER_BYTES - 8 + samples * blockAlign, 4);
  file.write("WAVE", 8, "ascii");
  file.write("fmt ", 12, "ascii");
  file.writeUInt32LE(16, 16); // size of the fmt chunk for PCM
  file.writeUInt16LE(1, 20); // format 1: uncompressed PCM
  file.writeUInt16LE(CHANNELS, 22);
  file.writeUInt32LE(SAMPLE_RATE, 24);
  file.writeUInt32LE(SAMPLE_RATE * blockAlign, 28);
  file.writeUInt16LE(blockAlign, 32);
  file.writeUInt16LE(BITS_PER_SAMPLE, 34);
  file.write("data", 36, "ascii");
  file.writeUInt32LE(samples * blockAlign, 40);
}

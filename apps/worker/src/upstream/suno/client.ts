import { z } from "zod";
import { PermanentUpstreamError } from "../adapter.js";
import { type JsonAnswer, JsonHttp } from "../http.js";
import type { SongCall, StemsBody } from "./bodies.js";
import { dataOf, envelope } from "./envelope.js";
import { type SongRecord, songRecord } from "./song-record.js";
import { type StemsRecord, stemsRecord } from "./stems-record.js";

/** How to reach sunoapi.org, or a reseller with its contract. */
export interface SunoClientOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>`. */
  apiKey?: string | undefined;
  timeoutMs: number;
}

const paths: Record<SongCall["endpoint"], string> = {
  generate: "/api/v1/generate",
  extend: "/api/v1/generate/extend",
  cover: "/api/v1/generate/upload-cover",
  add_vocals: "/api/v1/generate/add-vocals",
};

const startedTask = z.object({ taskId: z.string().min(1) });

const UPSTREAM = "The Suno upstream";

/**
 * The HTTP surface of sunoapi.org that Reprise uses: the four song endpoints, vocal
 * separation and the two record reads. Every answer is an envelope whose `code` decides;
 * refusals become the errors of adapter.ts.
 */
export class SunoClient {
  private readonly http: JsonHttp;

  constructor(options: SunoClientOptions) {
    this.http = new JsonHttp({
      upstream: UPSTREAM,
      baseUrl: options.baseUrl,
      headers: options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` },
      timeoutMs: options.timeoutMs,
    });
  }

  /** Starts a song task; resolves to its task id. */
  async startSong(call: SongCall): Promise<string> {
    const answer = await this.http.post(paths[call.endpoint], call.body);
    return parse(startedTask, dataOfAnswer(answer)).taskId;
  }

  /** Starts splitting a track into vocals and instrumental; resolves to the task id. */
  async startStems(body: StemsBody): Promise<string> {
    const answer = await this.http.post("/api/v1/vocal-removal/generate", body);
    return parse(startedTask, dataOfAnswer(answer)).taskId;
  }

  /** `GET /api/v1/generate/record-info`: a song task. An unknown id is refused (code 400). */
  async songRecord(taskId: string): Promise<SongRecord> {
    const answer = await this.http.get("/api/v1/generate/record-info", { taskId });
    return parse(songRecord, dataOfAnswer(answer));
  }

  /** `GET /api/v1/vocal-removal/record-info`: a stems task. */
  async stemsRecord(taskId: string): Promise<StemsRecord> {
    const answer = await this.http.get("/api/v1/vocal-removal/record-info", { taskId });
    return parse(stemsRecord, dataOfAnswer(answer));
  }
}

function dataOfAnswer(answer: JsonAnswer): unknown {
  if (answer.status === 401 || answer.status === 403) {
    throw new PermanentUpstreamError(`${UPSTREAM} refused the service's API key`);
  }
  // Refusals travel as HTTP 200; an envelope on another status is read all the same.
  const parsed = envelope.safeParse(answer.body);
  if (parsed.success) return dataOf(parsed.data);
  throw new PermanentUpstreamError(
    `${UPSTREAM} answered HTTP ${answer.status} in an unknown shape`,
  );
}

function parse<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new PermanentUpstreamError(`${UPSTREAM} answered in an unknown shape`);
}

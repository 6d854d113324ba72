import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { generate } from "selfsigned";

/** A certificate for 127.0.0.1 and localhost, made at test time, which the worker trusts. */
export async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    extensions: [
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** One request as the receiver saw it: the raw body, as a verifier must use it. */
export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export type Answer = (request: Received, response: ServerResponse, nth: number) => void;

/**
 * A real HTTPS webhook receiver. Each path answers as the test says (200 by default); every
 * request and every TCP connection is counted, so a test can prove nothing reached it.
 */
export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  connections: number;
  on(path: string, answer: Answer): void;
  /** Resolves once `count` requests reached `path`. */
  waitFor(path: string, count: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(
  tls: { key: string; cert: string },
  listen: { host?: string; port?: number } = {},
): Promise<Receiver> {
  const answers = new Map<string, Answer>();
  const received: Received[] = [];
  const counts = new Map<string, number>();
  const state = { connections: 0 };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      const entry: Received = {
        path,
        headers: request.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(entry);
      const nth = (counts.get(path) ?? 0) + 1;
      counts.set(path, nth);
      const answer = answers.get(path);
      if (answer) answer(entry, response, nth);
      else response.writeHead(200).end("ok");
    });
  };
  const server: Server = createServer(tls, handle);
  server.on("connection", () => {
    state.connections += 1;
  });
  await new Promise<void>((resolve) =>
    server.listen(listen.port ?? 0, listen.host ?? "127.0.0.1", resolve),
  );
  const { port } = server.address() as AddressInfo;

  return {
    url: `https://127.0.0.1:${port}`,
    port,
    received,
    get connections() {
      return state.connections;
    },
    on: (path, answer) => answers.set(path, answer),
    async waitFor(path, count) {
      for (;;) {
        const hits = received.filter((entry) => entry.path === path);
        if (hits.length >= count) return hits;
        await sleep(20);
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

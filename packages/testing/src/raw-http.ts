import { connect } from "node:net";

export interface RawRequest {
  method: string;
  /** The request target exactly as it goes on the wire: origin-form, absolute-form, anything. */
  target: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends one HTTP/1.1 request over a fresh TCP connection with the target byte for byte as given
 * (fetch and `inject()` normalise targets; a test of request-target tricks must not). Answers
 * the status, headers (lower-case names) and body; a connection closed without an answer
 * rejects. Gives up after `timeoutMs`.
 */
export async function rawHttp(url: string, request: RawRequest, timeoutMs = 5_000): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  const body = request.body ?? "";
  const headers = {
    host: `${hostname}:${port}`,
    connection: "close",
    "content-length": String(Buffer.byteLength(body)),
    ...request.headers,
  };
  const head = [
    `${request.method} ${request.target} HTTP/1.1`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ].join("\r\n");
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    // write, not end: a half-closed connection may be dropped before the answer; `connection:
    // close` makes the server close it after answering.
    socket.on("connect", () => socket.write(`${head}\r\n\r\n${body}`));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const split = text.indexOf("\r\n\r\n");
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!match || split < 0) {
        reject(
          new Error(
            `no HTTP answer to ${request.method} ${request.target}: ${JSON.stringify(text.slice(0, 200))}`,
          ),
        );
        return;
      }
      const lines = text.slice(0, split).split("\r\n").slice(1);
      const responseHeaders: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        if (colon > 0)
          responseHeaders[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(match[1]), headers: responseHeaders, body: text.slice(split + 4) });
    });
  });
}

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SIGNATURE_HEADER, verifySignature } from "@dispatcher/core";

/** One request a webhook receiver answered 2xx: its JSON body, and whether its signature checked out. */
export interface HeardWebhook<B> {
  body: B;
  signed: boolean;
}

export interface WebhookReceiver<B> {
  /** `http://127.0.0.1:<port>/hook` */
  url: string;
  /** What it answered 2xx, in arrival order. */
  heard: HeardWebhook<B>[];
  close: () => Promise<void>;
}

/**
 * A real HTTP server on a free loopback port standing in for a client's webhook endpoint (status
 * callbacks) or the API's receipt endpoint: it checks each request's `x-signature` against
 * `secret` and answers `statusFor(n)` to its n-th request (default 204). Only 2xx answers are kept.
 */
export async function startWebhookReceiver<B = Record<string, unknown>>(options: {
  secret: string;
  statusFor?: (n: number) => number;
}): Promise<WebhookReceiver<B>> {
  const heard: HeardWebhook<B>[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", () => {
      const signed =
        verifySignature({
          header: req.headers[SIGNATURE_HEADER] as string | undefined,
          body: text,
          secrets: [options.secret],
          toleranceSeconds: 60,
        }) === "ok";
      const status = options.statusFor?.(n++) ?? 204;
      if (status < 300) heard.push({ body: JSON.parse(text) as B, signed });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    heard,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

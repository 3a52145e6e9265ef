import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/**
 * One request a webhook receiver answered 2xx: its raw body and headers, its JSON body, and
 * whether the official `standardwebhooks` library verified it with the receiver's secret.
 */
export interface HeardWebhook<B> {
  body: B;
  text: string;
  headers: IncomingHttpHeaders;
  signed: boolean;
}

export interface WebhookReceiver<B> {
  /** `http://127.0.0.1:<port>/hook` */
  url: string;
  /** What it answered 2xx, in arrival order. */
  heard: HeardWebhook<B>[];
  /** Every request's `webhook-id`, in arrival order, whatever it was answered. */
  ids: string[];
  close: () => Promise<void>;
}

/**
 * A real HTTP server on a free loopback port standing in for a client's status callback endpoint:
 * it verifies each request as a Standard Webhooks receiver does (`new Webhook(secret).verify`,
 * which checks `webhook-signature` and that `webhook-timestamp` is within 5 minutes) and answers
 * `statusFor(n)` to its n-th request (default 204). Only 2xx answers are kept in `heard`.
 */
export async function startWebhookReceiver<B = Record<string, unknown>>(options: {
  /** The `whsec_` secret it verifies with. */
  secret: string;
  statusFor?: (n: number) => number;
}): Promise<WebhookReceiver<B>> {
  const heard: HeardWebhook<B>[] = [];
  const ids: string[] = [];
  const webhook = new Webhook(options.secret);
  const server = createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      text += chunk;
    });
    req.on("end", () => {
      let signed = true;
      try {
        webhook.verify(text, req.headers as Record<string, string>);
      } catch {
        signed = false;
      }
      const status = options.statusFor?.(ids.length) ?? 204;
      ids.push(String(req.headers["webhook-id"]));
      if (status < 300) heard.push({ body: JSON.parse(text) as B, text, headers: req.headers, signed });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    heard,
    ids,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

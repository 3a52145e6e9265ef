import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "@dispatcher/runtime";
import type { Registry } from "prom-client";

export interface MetricsServerOptions {
  /** What `GET /metrics` renders. */
  registry: Pick<Registry, "metrics" | "contentType">;
  /** TCP port; 0 picks a free one (see `url`). */
  port: number;
  /** Interface to listen on, e.g. `0.0.0.0` or `127.0.0.1`. */
  host: string;
  logger: Logger;
  /**
   * Whether the worker can work: resolves with each dependency's state (`up` or `down`).
   * `GET /readyz` answers 200 when every one is up, else 503. Default: always ready.
   */
  ready?: () => Promise<Record<string, "up" | "down">>;
}

export interface MetricsServer {
  /** Where it listens, e.g. `http://127.0.0.1:9464` (with the real port when 0 was asked for). */
  url: string;
  /** Stops listening and drops open connections (a scrape in progress is cut off). */
  close: () => Promise<void>;
}

/**
 * A minimal HTTP server for Prometheus and probes:
 * - `GET /metrics`: the registry's text with its content type;
 * - `GET /livez` (and `/health`, its older name): `{"status":"up"}` while the process runs;
 * - `GET /readyz`: `{"status":"up"|"down", ...each dependency}`, 200 when all are up, else 503.
 * Other paths get 404, other methods 405. Resolves once listening; rejects when it cannot listen
 * (port in use).
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const { registry, logger } = options;
  const ready = options.ready ?? (async () => ({}));
  const server = createServer((request, response) => {
    handle({ registry, ready }, request, response).catch((error: unknown) => {
      logger.error({ err: error }, "metrics request failed");
      if (!response.headersSent)
        send(response, { status: 500, type: "text/plain; charset=utf-8", body: "Internal Server Error\n" });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (error) => logger.error({ err: error }, "metrics server error"));
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Prometheus keeps its connection open between scrapes; don't wait for it to go idle.
        server.closeAllConnections();
      }),
  };
}

const PATHS = new Set(["/metrics", "/livez", "/health", "/readyz"]);

async function handle(
  server: { registry: MetricsServerOptions["registry"]; ready: NonNullable<MetricsServerOptions["ready"]> },
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { registry, ready } = server;
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  if (!PATHS.has(path)) {
    send(response, { status: 404, type: "text/plain; charset=utf-8", body: "Not Found\n" });
    return;
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.setHeader("allow", "GET, HEAD");
    send(response, { status: 405, type: "text/plain; charset=utf-8", body: "Method Not Allowed\n" });
    return;
  }
  if (path === "/livez" || path === "/health")
    send(response, { status: 200, type: "application/json", body: '{"status":"up"}' });
  else if (path === "/readyz") {
    const dependencies = await ready();
    const up = Object.values(dependencies).every((state) => state === "up");
    send(response, {
      status: up ? 200 : 503,
      type: "application/json",
      body: JSON.stringify({ status: up ? "up" : "down", ...dependencies }),
    });
  } else send(response, { status: 200, type: registry.contentType, body: await registry.metrics() });
}

function send(response: ServerResponse, answer: { status: number; type: string; body: string }): void {
  const { status, type, body } = answer;
  response.writeHead(status, {
    "content-type": type,
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  response.end(response.req.method === "HEAD" ? undefined : body);
}

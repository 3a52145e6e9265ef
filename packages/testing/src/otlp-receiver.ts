import { createServer, type Server } from "node:http";

/** One span as an OTLP/HTTP JSON export carries it, flattened with its service name. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean>;
  links: { traceId: string; spanId: string }[];
}

/**
 * A collector's receiving end for tests and the bench: an HTTP server on 127.0.0.1 taking OTLP/HTTP
 * JSON trace exports at `POST /v1/traces` (what @opentelemetry/exporter-trace-otlp-http sends),
 * keeping every span. `endpoint` is what OTEL_EXPORTER_OTLP_ENDPOINT should say.
 */
export interface OtlpReceiver {
  endpoint: string;
  spans: () => ReceivedSpan[];
  /** Every trace export's body as received (JSON text): spans with all they carry, events included. */
  bodies: () => string[];
  /** Export requests received (each a batch of spans). */
  requests: () => number;
  /** Requests to any other path (logs, metrics): a process exporting more than traces. */
  otherRequests: () => string[];
  close: () => Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: OtlpValue }[];
  links?: { traceId: string; spanId: string }[];
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: OtlpValue }[] };
    scopeSpans?: { spans?: OtlpSpan[] }[];
  }[];
}

const plainValue = (v: OtlpValue): string | number | boolean =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.doubleValue ?? v.boolValue ?? ""));

const attributesOf = (list: { key: string; value: OtlpValue }[] = []) =>
  Object.fromEntries(list.map((a) => [a.key, plainValue(a.value)]));

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const bodies: string[] = [];
  let requests = 0;
  const others: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/traces") {
        others.push(`${req.method} ${req.url}`);
        res.writeHead(404).end();
        return;
      }
      requests++;
      try {
        const text = Buffer.concat(chunks).toString("utf8");
        bodies.push(text);
        const body = JSON.parse(text) as OtlpExport;
        for (const resource of body.resourceSpans ?? []) {
          const service = String(attributesOf(resource.resource?.attributes)["service.name"] ?? "");
          for (const scope of resource.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              spans.push({
                service,
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId ?? "",
                name: span.name,
                kind: span.kind,
                attributes: attributesOf(span.attributes),
                links: (span.links ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
              });
            }
          }
        }
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans: () => [...spans],
    bodies: () => [...bodies],
    requests: () => requests,
    otherRequests: () => [...others],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";

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
 * trace exports at `POST /v1/traces`, as JSON (`application/json`, what
 * @opentelemetry/exporter-trace-otlp-http sends) or protobuf (`application/x-protobuf`,
 * @opentelemetry/exporter-trace-otlp-proto; decoded with protobufjs from the OpenTelemetry
 * project's own .proto files, in ../proto), keeping every span. `endpoint` is what
 * OTEL_EXPORTER_OTLP_ENDPOINT should say.
 */
export interface OtlpReceiver {
  endpoint: string;
  spans: () => ReceivedSpan[];
  /**
   * Every trace export's body as JSON text (a protobuf one decoded, its ids in hex): spans with all
   * they carry, events included.
   */
  bodies: () => string[];
  /** The content type of each trace export, in order. */
  contentTypes: () => string[];
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

/** The OTLP trace export request type, from the OpenTelemetry project's .proto files. */
function loadExportRequestType(): protobuf.Type {
  const protoRoot = fileURLToPath(new URL("../proto/", import.meta.url));
  const root = new protobuf.Root();
  // Imports in the .proto files are relative to their root folder.
  root.resolvePath = (_origin, target) => (target.startsWith(protoRoot) ? target : `${protoRoot}${target}`);
  root.loadSync("opentelemetry/proto/collector/trace/v1/trace_service.proto", { keepCase: false });
  return root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest");
}

/** A protobuf export as its JSON form reads (OTLP's JSON mapping: ids in hex, enums as numbers). */
function exportOfProtobuf(type: protobuf.Type, bytes: Buffer): OtlpExport {
  const decoded = type.toObject(type.decode(bytes), { longs: String, enums: Number, bytes: Array });
  // Trace and span ids are bytes: hex, as the JSON encoding writes them.
  return JSON.parse(
    JSON.stringify(decoded, (key, value: unknown) =>
      ["traceId", "spanId", "parentSpanId"].includes(key) && Array.isArray(value)
        ? Buffer.from(value as number[]).toString("hex")
        : value,
    ),
  ) as OtlpExport;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exportRequest = loadExportRequestType();
  const spans: ReceivedSpan[] = [];
  const bodies: string[] = [];
  const contentTypes: string[] = [];
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
        const contentType = String(req.headers["content-type"] ?? "");
        contentTypes.push(contentType);
        const bytes = Buffer.concat(chunks);
        const body = contentType.startsWith("application/x-protobuf")
          ? exportOfProtobuf(exportRequest, bytes)
          : (JSON.parse(bytes.toString("utf8")) as OtlpExport);
        bodies.push(JSON.stringify(body));
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
        // An empty ExportTraceServiceResponse: full success, in the request's encoding.
        if (contentType.startsWith("application/x-protobuf"))
          res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
        else res.writeHead(200, { "content-type": "application/json" }).end("{}");
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
    contentTypes: () => [...contentTypes],
    requests: () => requests,
    otherRequests: () => [...others],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

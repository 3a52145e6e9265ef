import SwaggerParser from "@apidevtools/swagger-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "./api-harness.js";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApi();
});
afterAll(async () => {
  await h?.close();
});

type Media = { schema?: { examples?: unknown[] }; example?: unknown; examples?: Record<string, unknown> };
type Operation = {
  requestBody?: { content: Record<string, Media> };
  parameters?: unknown[];
  responses: Record<string, { content?: Record<string, Media> }>;
  security?: unknown[];
};

/** Examples of a media type, wherever @fastify/swagger put them (schema, `example` or `examples`). */
function examplesOf(media: Media | undefined): unknown[] {
  if (!media) return [];
  if (media.examples) return Object.values(media.examples);
  if (media.example !== undefined) return [media.example];
  return media.schema?.examples ?? [];
}

describe("OpenAPI document", () => {
  it("passes a real OpenAPI validator", async () => {
    const doc = (await h.app.inject({ method: "GET", url: "/openapi.json" })).json();
    expect(doc.openapi).toBe("3.1.0");
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeDefined();
  });

  it("gives every route a response schema with examples, and a request schema where it takes input", async () => {
    const doc = (await h.app.inject({ method: "GET", url: "/openapi.json" })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(routes.map((r) => r.route)).toEqual(
      expect.arrayContaining([
        "GET /api/v1/dispatcher",
        "PATCH /api/v1/dispatcher",
        "POST /api/v1/dispatcher/start",
        "POST /api/v1/dispatcher/stop",
        "GET /api/v1/dispatcher/events",
        "POST /api/v1/messages",
        "POST /api/v1/messages/bulk",
        "GET /api/v1/messages",
        "GET /api/v1/messages/sent",
        "GET /api/v1/messages/{id}",
        "POST /api/v1/messages/{id}/retry",
        "PUT /api/v1/opt-outs/{number}",
        "GET /api/v1/opt-outs/{number}",
        "DELETE /api/v1/opt-outs/{number}",
        "GET /health",
        "GET /livez",
        "GET /readyz",
        "GET /version",
      ]),
    );
    for (const { route, op } of routes) {
      const success = Object.entries(op.responses).find(([status]) => status.startsWith("2"));
      expect(success, `${route} documents a 2xx`).toBeDefined();
      const media = success![1].content?.["application/json"] ?? success![1].content?.["text/plain"];
      // A 204 has no body to show; every other success shows an example of its body.
      if (success![0] !== "204") expect(examplesOf(media), `${route} 2xx has examples`).not.toHaveLength(0);
      if (route.startsWith("GET /api"))
        expect(op.responses["4XX"] ?? op.responses["4xx"], `${route} documents errors`).toBeDefined();
      if (route.startsWith("POST /api/v1/messages") && !route.includes("{id}")) {
        expect(
          examplesOf(op.requestBody?.content["application/json"]),
          `${route} body example`,
        ).not.toHaveLength(0);
      }
      if (route.includes(" /api/")) expect(op.security, `${route} documents auth`).toBeDefined();
    }
  });

  it("documents limit as optional, defaulting to 50, on every list route", async () => {
    const doc = (await h.app.inject({ method: "GET", url: "/openapi.json" })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    type Parameter = { name: string; in: string; required?: boolean; schema?: { default?: unknown } };
    const limits = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) =>
        ((op.parameters ?? []) as Parameter[])
          .filter((p) => p.in === "query" && p.name === "limit")
          .map((p) => ({ route: `${method.toUpperCase()} ${path}`, required: p.required ?? false, p })),
      ),
    );
    expect(limits.map((l) => l.route)).toEqual(
      expect.arrayContaining([
        "GET /api/v1/messages",
        "GET /api/v1/messages/sent",
        "GET /api/v1/dispatcher/events",
      ]),
    );
    for (const { route, required, p } of limits) {
      expect(required, `${route} requires limit`).toBe(false);
      expect(p.schema?.default, `${route} documents limit's default`).toBe(50);
    }
  });

  it("serves Swagger UI at /docs", async () => {
    const res = await h.app.inject({ method: "GET", url: "/docs/" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("swagger-ui");
  });
});

describe("Bull Board and /version", () => {
  it("lists both queues in the dashboard's API", async () => {
    const res = await h.inject({ method: "GET", url: "/admin/queues/api/queues" });
    expect(res.statusCode).toBe(200);
    const names = (res.json() as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort();
    expect(names).toEqual(["dispatch-tick", "send-message"]);
  });

  it("answers /version with the package version and Node", async () => {
    const res = await h.app.inject({ method: "GET", url: "/version" });
    expect(res.json()).toEqual({
      name: "message-dispatcher-api",
      version: "0.0.0-test",
      node: process.version,
    });
  });

  it("gives the OpenAPI document the version /version answers, in its info and its example", async () => {
    const doc = (await h.app.inject({ method: "GET", url: "/openapi.json" })).json() as {
      info: { version: string };
      paths: Record<string, { get: { responses: Record<string, { content: Record<string, Media> }> } }>;
    };
    expect(doc.info.version).toBe("0.0.0-test");
    const media = doc.paths["/version"]?.get.responses["200"]?.content["application/json"];
    expect(examplesOf(media)).toEqual([expect.objectContaining({ version: "0.0.0-test" })]);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffOpenApi, type OpenApiDocument } from "../scripts/openapi-diff.js";

const object = (
  properties: Record<string, unknown>,
  required: string[] = [],
  extra: Record<string, unknown> = {},
) => ({
  type: "object",
  properties,
  required,
  ...extra,
});
/** A document with one operation, `POST /things/{id}`. */
function doc(op: {
  body?: unknown;
  answer?: unknown;
  query?: { name: string; required?: boolean }[];
}): OpenApiDocument {
  return {
    paths: {
      "/things/{id}": {
        post: {
          parameters: [
            { name: "id", in: "path", required: true, schema: { type: "string" } },
            ...(op.query ?? []).map((q) => ({ ...q, in: "query", schema: { type: "string" } })),
          ],
          requestBody: { content: { "application/json": { schema: op.body as never } } },
          responses: { "200": { content: { "application/json": { schema: op.answer as never } } } },
        },
      },
    },
  };
}
const body = object({ to: { type: "string" }, kind: { type: "string", enum: ["a", "b"] } }, ["to"], {
  additionalProperties: false,
});
const answer = object({ id: { type: "integer" }, status: { anyOf: [{ const: "x" }, { const: "y" }] } }, [
  "id",
  "status",
]);
const base = doc({ body, answer });

describe("diffOpenApi", () => {
  it("the same document: no changes", () => {
    expect(diffOpenApi(base, structuredClone(base))).toEqual({ breaking: [], additive: [] });
    const committed = JSON.parse(
      readFileSync(new URL("../../../docs/openapi.json", import.meta.url), "utf8"),
    );
    expect(diffOpenApi(committed, structuredClone(committed))).toEqual({ breaking: [], additive: [] });
  });

  it("a new value of an output's enumeration is additive: clients tolerate values they do not know", () => {
    const next = doc({
      body,
      answer: {
        ...answer,
        properties: {
          ...answer.properties,
          status: { anyOf: [{ const: "x" }, { const: "y" }, { const: "z" }] },
        },
      },
    });
    expect(diffOpenApi(base, next)).toEqual({
      breaking: [],
      additive: ['POST /things/{id}: response 200.status: may now be ["z"]'],
    });
  });

  it("new routes, optional inputs and output fields are additive", () => {
    const next = doc({
      body: { ...body, properties: { ...body.properties, note: { type: "string" } } },
      answer: { ...answer, properties: { ...answer.properties, extra: { type: "string" } } },
      query: [{ name: "verbose" }],
    });
    (next.paths as Record<string, unknown>)["/other"] = { get: { responses: {} } };
    const changes = diffOpenApi(base, next);
    expect(changes.breaking).toEqual([]);
    expect(changes.additive).toEqual([
      "POST /things/{id}: parameter query verbose added",
      "POST /things/{id}: request body: note added",
      "POST /things/{id}: response 200.extra: added",
      "GET /other: added",
    ]);
  });

  it.each([
    ["a removed route", () => ({ paths: {} }), "POST /things/{id}: removed"],
    [
      "a new required query parameter",
      () => doc({ body, answer, query: [{ name: "q", required: true }] }),
      "parameter query q added (required)",
    ],
    [
      "a new required body field",
      () => doc({ body: { ...body, required: ["to", "kind"] }, answer }),
      "request body: kind now required",
    ],
    [
      "a body field no longer accepted",
      () => doc({ body: { ...body, properties: { to: { type: "string" } } }, answer }),
      "request body: kind no longer accepted",
    ],
    [
      "an enum value no longer accepted",
      () =>
        doc({
          body: { ...body, properties: { ...body.properties, kind: { type: "string", enum: ["a"] } } },
          answer,
        }),
      'request body.kind: no longer accepts ["b"]',
    ],
    [
      "an output field removed",
      () => doc({ body, answer: object({ id: { type: "integer" } }, ["id"]) }),
      "response 200.status: removed",
    ],
    [
      "an output field no longer always present",
      () => doc({ body, answer: { ...answer, required: ["id"] } }),
      "response 200.status: no longer always present",
    ],
    [
      "an output of another type",
      () =>
        doc({ body, answer: { ...answer, properties: { ...answer.properties, id: { type: "string" } } } }),
      "response 200.id: may now be string",
    ],
  ])("%s is breaking", (_name, next, expected) => {
    expect(diffOpenApi(base, next()).breaking.join("\n")).toContain(expected);
  });
});

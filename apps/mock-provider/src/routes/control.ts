import type { FastifyInstance } from "fastify";
import { errorBodySchema } from "../error-body.js";
import type { MockProviderState, Switches } from "../mock-provider-state.js";

/** An HTTP error status, or 0 for "off". */
const failStatusSchema = {
  anyOf: [
    { type: "integer", const: 0 },
    { type: "integer", minimum: 400, maximum: 599 },
  ],
} as const;

/**
 * Every switch with its bounds. The env loader in `@dispatcher/config` (`loadMockProviderConfig`) applies
 * the same bounds to the starting values.
 */
const switchesProperties = {
  latencyMs: { type: "integer", minimum: 0, maximum: 600_000 },
  failStatus: failStatusSchema,
  failRate: { type: "number", minimum: 0, maximum: 1 },
  retryAfterSeconds: { type: "integer", minimum: 0, maximum: 86_400 },
  failNext: { type: "integer", minimum: 0, maximum: 1_000_000 },
  failRecipients: {
    type: "object",
    propertyNames: { minLength: 1 },
    additionalProperties: { type: "integer", minimum: 400, maximum: 599 },
    maxProperties: 10_000,
  },
  retryAfter: { type: ["string", "null"], maxLength: 1_000 },
  acceptBody: { type: ["string", "null"], maxLength: 1_000_000 },
  errorBody: { type: ["string", "null"], maxLength: 1_000_000 },
} as const;

const switchesPatchSchema = {
  type: "object",
  additionalProperties: false,
  properties: switchesProperties,
} as const;

const switchesSchema = {
  type: "object",
  required: [
    "latencyMs",
    "failStatus",
    "failRate",
    "retryAfterSeconds",
    "failNext",
    "failRecipients",
    "retryAfter",
    "acceptBody",
    "errorBody",
  ],
  properties: {
    latencyMs: { type: "integer" },
    failStatus: { type: "integer" },
    failRate: { type: "number" },
    retryAfterSeconds: { type: "integer" },
    failNext: { type: "integer" },
    failRecipients: { type: "object", additionalProperties: { type: "integer" } },
    retryAfter: { type: ["string", "null"] },
    acceptBody: { type: ["string", "null"] },
    errorBody: { type: ["string", "null"] },
  },
} as const;

/**
 * Registers the switch board:
 * - `GET /control`: the current switches.
 * - `PUT /control` with any subset of the switches: merges them (a given `failRecipients` replaces the whole
 *   map) and answers the result. Unknown keys or out-of-range values get 400 `{error}` and change nothing.
 */
export function registerControlRoutes(app: FastifyInstance, deps: { state: MockProviderState }): void {
  const { state } = deps;

  app.get("/control", { schema: { response: { 200: switchesSchema } } }, async () => state.switches);

  app.put<{ Body: Partial<Switches> }>(
    "/control",
    { schema: { body: switchesPatchSchema, response: { 200: switchesSchema, "4xx": errorBodySchema } } },
    async (request) => {
      const switches = state.updateSwitches(request.body);
      request.log.info({ switches }, "switches changed");
      return switches;
    },
  );
}

import type { FastifyPluginAsync } from "fastify";
import type { MockProviderState, Switches } from "../mock-provider-state.js";
import { errorBodySchema, switchesPatchSchema, switchesSchema } from "../schemas.js";

/**
 * The switch board:
 * - `GET /control`: the current switches.
 * - `PUT /control` with any subset of the switches: merges them (a given `failRecipients` replaces the whole
 *   map) and answers the result. Unknown keys or out-of-range values get 400 `{error}` and change nothing.
 */
export function controlRoutes(deps: { state: MockProviderState }): FastifyPluginAsync {
  const { state } = deps;
  return async (app) => {
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
  };
}

import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";

/**
 * `GET /version`: the API's `version` (its package.json's, the service's one version; also the
 * OpenAPI document's `info.version`) and the Node.js it runs on. Open, like /health.
 */
export const versionRoutes =
  (version: string): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/version",
      {
        schema: {
          tags: ["health"],
          summary: "The running version",
          response: {
            200: Type.Object(
              { name: Type.String(), version: Type.String(), node: Type.String() },
              { examples: [{ name: "message-dispatcher-api", version, node: "v26.10.0" }] },
            ),
          },
        },
      },
      async () => ({ name: "message-dispatcher-api", version, node: process.version }),
    );
  };

import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";

/** `GET /version`: the API's `version` and the Node.js it runs on. Open, like /health. */
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
              { examples: [{ name: "message-dispatcher-api", version: "0.1.0", node: "v26.10.0" }] },
            ),
          },
        },
      },
      async () => ({ name: "message-dispatcher-api", version, node: process.version }),
    );
  };

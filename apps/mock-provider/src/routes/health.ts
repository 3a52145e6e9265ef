import type { FastifyPluginAsync } from "fastify";
import { healthSchema } from "../schemas.js";

/** `GET /health`: `{status: "up"}` whenever the process can answer at all (it has no dependencies). */
export function healthRoutes(): FastifyPluginAsync {
  return async (app) => {
    app.get("/health", { schema: { response: { 200: healthSchema } } }, async () => ({
      status: "up" as const,
    }));
  };
}

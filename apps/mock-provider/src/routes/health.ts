import type { FastifyInstance } from "fastify";

const healthSchema = {
  type: "object",
  required: ["status"],
  properties: { status: { type: "string", enum: ["up"] } },
} as const;

/** Registers `GET /health`: `{status: "up"}` whenever the process can answer at all (it has no dependencies). */
export function registerHealthRoute(app: FastifyInstance): void {
  app.get("/health", { schema: { response: { 200: healthSchema } } }, async () => ({
    status: "up" as const,
  }));
}

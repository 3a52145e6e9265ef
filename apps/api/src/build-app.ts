import swagger from "@fastify/swagger";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { AppDeps } from "./app-deps.js";
import { installErrorHandler } from "./error-handler.js";
import { dispatcherRoutes } from "./routes/dispatcher.js";
import { healthRoutes } from "./routes/health.js";
import { messageRoutes } from "./routes/messages.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Who is calling, for the audit trail (an API key's name). */
    actor?: string;
  }
}

/**
 * The REST control plane as a Fastify instance, not yet listening. Tests call `inject()` on it;
 * main.ts listens. Versioned routes live under `/api/v1`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: 1_048_576,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: "array", useDefaults: true, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandler(app);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Message dispatcher",
        version: "1.0.0",
        description: "Sends queued messages to the SMS provider on a schedule.",
      },
      tags: [
        { name: "dispatcher", description: "Start, stop and pace" },
        { name: "messages", description: "Messages and their delivery" },
        { name: "health", description: "Health" },
      ],
    },
  });

  await app.register(healthRoutes(deps));
  await app.register(
    async (v1) => {
      await v1.register(dispatcherRoutes(deps));
      await v1.register(messageRoutes(deps));
    },
    { prefix: "/api/v1" },
  );
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  return app;
}

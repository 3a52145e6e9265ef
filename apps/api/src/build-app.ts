import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { AppDeps } from "./app-deps.js";
import { installAuth } from "./auth/auth-hook.js";
import { registerBullBoard } from "./bull-board.js";
import { installErrorHandler } from "./error-handler.js";
import { dispatcherRoutes } from "./routes/dispatcher.js";
import { dispatcherEventRoutes } from "./routes/dispatcher-events.js";
import { healthRoutes } from "./routes/health.js";
import { messageIntakeRoutes } from "./routes/message-intake.js";
import { messageQueryRoutes } from "./routes/message-queries.js";
import { metricsRoutes } from "./routes/metrics.js";
import { sentMessageRoutes } from "./routes/sent-messages.js";
import { versionRoutes } from "./routes/version.js";
import { installValidatorCompiler } from "./validator-compiler.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Who is calling, for the audit trail: the API key's name, or `anonymous` without auth. */
    actor?: string;
  }
}

/**
 * The REST control plane as a Fastify instance, not yet listening. Tests call `inject()` on it;
 * main.ts listens. Versioned routes live under `/api/v1`; `/health`, `/version`, `/metrics` and
 * `/docs` are open, `/api/*` and `/admin/queues` need an API key when keys are configured.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { settings } = deps;
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: settings.bodyLimitBytes,
    trustProxy: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  installValidatorCompiler(app);
  // JSON only: a text/plain body gets 415 instead of reaching validation as a string.
  app.removeContentTypeParser("text/plain");
  installErrorHandler(app);
  installAuth(app, settings.apiKeys);
  // Security headers. The CSP is left to the two HTML pages' own needs (Swagger UI, Bull Board
  // load inline scripts); every other answer is JSON.
  await app.register(helmet, { contentSecurityPolicy: false, global: true });
  if (settings.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: settings.corsOrigins.includes("*") ? true : [...settings.corsOrigins],
      methods: ["GET", "POST", "PATCH"],
      allowedHeaders: ["authorization", "x-api-key", "content-type"],
    });
  }
  await app.register(rateLimit, {
    global: true,
    // Only the REST API is limited; health checks, docs and the dashboard are not.
    allowList: (request) => !request.url.startsWith("/api/"),
    max: settings.rateLimit.max,
    timeWindow: settings.rateLimit.windowMs,
    redis: deps.redis,
    nameSpace: `${settings.queuePrefix}:rate-limit:`,
    // Counted after auth, per key; callers without a key are counted per IP.
    hook: "preHandler",
    keyGenerator: (request) =>
      request.actor && request.actor !== "anonymous" ? `key:${request.actor}` : `ip:${request.ip}`,
    // A Redis outage must not take the API down with it.
    skipOnError: true,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: "Too Many Requests",
      message: `rate limit of ${context.max} requests per ${context.after} exceeded`,
    }),
  });

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Message dispatcher",
        version: "1.0.0",
        description:
          "Sends queued SMS-style messages to the provider on a schedule. `/api/v1/*` needs an API key: " +
          "`Authorization: Bearer <key>` or `x-api-key: <key>`.",
      },
      tags: [
        { name: "dispatcher", description: "Start, stop, pace and audit trail" },
        { name: "messages", description: "Message intake, queries and delivery" },
        { name: "health", description: "Health and version" },
        { name: "observability", description: "Prometheus metrics" },
      ],
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", description: "An API key (see `pnpm api-key`)" },
          apiKey: { type: "apiKey", in: "header", name: "x-api-key" },
        },
      },
    },
    transform: ({ schema, url }) => {
      // Document auth on exactly the routes the auth hook protects.
      if (!url.startsWith("/api/")) return { schema, url };
      return { schema: { ...schema, security: [{ bearer: [] }, { apiKey: [] }] } as typeof schema, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs", uiConfig: { persistAuthorization: true } });

  await app.register(healthRoutes(deps));
  await app.register(metricsRoutes(deps));
  await app.register(versionRoutes);
  await app.register(
    async (v1) => {
      await v1.register(dispatcherRoutes(deps));
      await v1.register(dispatcherEventRoutes(deps));
      await v1.register(messageIntakeRoutes(deps));
      await v1.register(sentMessageRoutes(deps));
      await v1.register(messageQueryRoutes(deps));
    },
    { prefix: "/api/v1" },
  );
  await registerBullBoard(app, deps.queues);
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  return app;
}

import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { AppDeps } from "./app-deps.js";
import { protectedScope } from "./auth/protected-scope.js";
import { registerBullBoard } from "./http/bull-board.js";
import { answerRouterError, installErrorHandler } from "./http/error-handler.js";
import { requestId } from "./http/request-id.js";
import { requestForLog } from "./http/request-log.js";
import { installValidatorCompiler } from "./http/validator-compiler.js";
import { createHttpMetrics } from "./metrics/http-metrics.js";
import { createInboundMetrics } from "./metrics/inbound-metrics.js";
import { dispatcherRoutes } from "./routes/dispatcher.js";
import { dispatcherEventRoutes } from "./routes/dispatcher-events.js";
import { healthRoutes } from "./routes/health.js";
import { messageActionRoutes } from "./routes/message-actions.js";
import { messageIntakeRoutes } from "./routes/message-intake.js";
import { messageQueryRoutes } from "./routes/message-queries.js";
import { metricsRoutes } from "./routes/metrics.js";
import { namedProviderInboundRoutes } from "./routes/named-provider-inbound.js";
import { namedProviderReceiptRoutes } from "./routes/named-provider-receipts.js";
import { optOutRoutes } from "./routes/opt-outs.js";
import { protectionRoutes } from "./routes/protection.js";
import { providerInboundRoutes } from "./routes/provider-inbound.js";
import { providerReceiptRoutes } from "./routes/provider-receipts.js";
import { providerRoutes } from "./routes/providers.js";
import { sentMessageRoutes } from "./routes/sent-messages.js";
import { spendRoutes } from "./routes/spend.js";
import { versionRoutes } from "./routes/version.js";

/**
 * The REST control plane as a Fastify instance, not yet listening. Tests call `inject()` on it;
 * main.ts listens. Routes are registered in two layers: open ones (`/health`, `/version`,
 * `/metrics`, `/docs`, `/openapi.json`) at the root, and everything that needs an API key (all of
 * `/api/v1`, Bull Board at `/admin/queues`) inside the protected scope, which guards whatever is
 * registered in it (see protectedScope). A request that matches no route gets 404.
 */
export async function buildApp(appDeps: AppDeps): Promise<FastifyInstance> {
  const deps = {
    ...appDeps,
    httpMetrics: appDeps.httpMetrics ?? createHttpMetrics(),
    inboundMetrics: appDeps.inboundMetrics ?? createInboundMetrics(),
  };
  const { settings } = deps;
  const app = Fastify({
    // Request lines show URLs with phone numbers masked: numbers are never logged in full.
    loggerInstance: (deps.logger as FastifyBaseLogger).child({}, { serializers: { req: requestForLog } }),
    bodyLimit: settings.bodyLimitBytes,
    trustProxy: fastifyTrustProxy(settings.trustProxy ?? false),
    // Every log line of a request carries its id as `requestId` (see requestId).
    requestIdLogLabel: "requestId",
    genReqId: (request) => requestId(request.headers["x-request-id"]),
    // The router refuses a malformed percent-encoding or an over-long parameter before any hook.
    frameworkErrors: answerRouterError,
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Every answer carries its request's id, errors and hijacked answers included.
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  app.addHook("onResponse", async (request, reply) => {
    deps.httpMetrics.observeRequest({
      method: request.method,
      route: request.is404 ? undefined : request.routeOptions.url,
      statusCode: reply.statusCode,
      seconds: reply.elapsedTime / 1_000,
    });
  });

  installValidatorCompiler(app);
  // JSON only: a text/plain body gets 415 instead of reaching validation as a string.
  app.removeContentTypeParser("text/plain");
  installErrorHandler(app);
  // Security headers. The CSP is left to the two HTML pages' own needs (Swagger UI, Bull Board
  // load inline scripts); every other answer is JSON.
  await app.register(helmet, { contentSecurityPolicy: false, global: true });
  if (settings.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: settings.corsOrigins.includes("*") ? true : [...settings.corsOrigins],
      methods: ["GET", "POST", "PATCH", "PUT", "DELETE"],
      allowedHeaders: ["authorization", "x-api-key", "content-type", "idempotency-key", "x-request-id"],
      exposedHeaders: [
        "idempotent-replayed",
        "x-request-id",
        "retry-after",
        "ratelimit-limit",
        "ratelimit-remaining",
        "ratelimit-reset",
      ],
    });
  }
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Message dispatcher",
        // The service's one version, as `GET /version` reports it (see docs/versioning.md).
        version: settings.version,
        description:
          "Sends queued SMS-style messages to the provider on a schedule. Every `/api/v1` route needs an " +
          "API key, `Authorization: Bearer <key>` or `x-api-key: <key>`; a key with the `read` role may " +
          "only call GET routes (others answer 403).",
      },
      tags: [
        { name: "dispatcher", description: "Start, stop, pace and audit trail" },
        { name: "messages", description: "Message intake, queries and delivery" },
        { name: "opt-outs", description: "The suppression list: numbers no message is sent to" },
        { name: "providers", description: "The SMS providers messages go through, and their routing" },
        {
          name: "protection",
          description: "The pumping guard: country and number rules, recipient caps and API key quotas",
        },
        { name: "spend", description: "Spend: prices per provider and country, limits, and what was spent" },
        { name: "health", description: "Health and version" },
        { name: "observability", description: "Prometheus metrics" },
        {
          name: "provider",
          description:
            "What the SMS providers call: delivery receipts and recipients' messages (STOP, START, HELP), " +
            "each signed as its provider signs them",
        },
      ],
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", description: "An API key (see `pnpm api-key`)" },
          apiKey: { type: "apiKey", in: "header", name: "x-api-key" },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs", uiConfig: { persistAuthorization: true } });

  await app.register(healthRoutes(deps));
  await app.register(metricsRoutes(deps));
  if (settings.receipts) {
    await app.register(
      providerReceiptRoutes({
        db: deps.db,
        queues: deps.queues,
        receipts: settings.receipts,
        metrics: deps.deliveryMetrics,
      }),
    );
    await app.register(
      providerInboundRoutes({
        db: deps.db,
        signing: settings.receipts,
        keywords: settings.inboundKeywords,
        metrics: deps.inboundMetrics,
      }),
    );
  }
  if (settings.providerReceipts && settings.providerReceipts.size > 0) {
    await app.register(
      namedProviderReceiptRoutes({
        db: deps.db,
        queues: deps.queues,
        readers: settings.providerReceipts,
        metrics: deps.deliveryMetrics,
      }),
    );
  }
  if (settings.providerInbound && settings.providerInbound.size > 0) {
    await app.register(
      namedProviderInboundRoutes({
        db: deps.db,
        readers: settings.providerInbound,
        keywords: settings.inboundKeywords,
        metrics: deps.inboundMetrics,
      }),
    );
  }
  await app.register(versionRoutes(settings.version));
  await app.register(
    protectedScope(
      {
        keys: settings.apiKeys,
        redis: deps.redis,
        rateLimit: { ...settings.rateLimit, nameSpace: `${settings.queuePrefix}:rate-limit:` },
      },
      async function protectedRoutes(scope) {
        await scope.register(
          async function v1Routes(v1) {
            await v1.register(dispatcherRoutes(deps));
            await v1.register(dispatcherEventRoutes(deps));
            await v1.register(messageIntakeRoutes(deps));
            await v1.register(sentMessageRoutes(deps));
            await v1.register(messageQueryRoutes(deps));
            await v1.register(messageActionRoutes(deps));
            await v1.register(optOutRoutes(deps));
            await v1.register(providerRoutes(deps));
            await v1.register(protectionRoutes(deps));
            await v1.register(spendRoutes(deps));
          },
          { prefix: "/api/v1" },
        );
        await registerBullBoard(scope, deps.queues);
      },
    ),
  );
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  return app;
}

/**
 * TRUST_PROXY as Fastify takes it: a number of hops becomes the function proxy-addr would make of
 * it (Fastify's types take only the function), a list a mutable copy.
 */
function fastifyTrustProxy(
  trust: boolean | number | readonly string[],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === "number") return (_address, hop) => hop < trust;
  return typeof trust === "boolean" ? trust : [...trust];
}

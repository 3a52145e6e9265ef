// `pnpm docs:generate` writes docs/openapi.json, the API's OpenAPI document as the routes describe
// it (with the receipt and inbound endpoints, which exist only with RECEIPT_SECRET set, and a
// twilio provider's, which exist only with such a provider configured), the source of the
// typed client in packages/client. It refuses a change that breaks clients of the committed
// document (see openapi-diff.ts) unless given `--allow-breaking`. `--check` writes nothing and
// fails when the committed document is out of date, listing what changed (CI runs it).
// Needs Postgres and Redis (DATABASE_URL, REDIS_URL; the local ones by default): the app is built
// as in the tests, on a sandbox of its own.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEVELOPMENT_RECIPIENT_HASH_KEY, loadTestEnv } from "@dispatcher/config";
import { BUILT_IN_KEYWORDS, Secret } from "@dispatcher/core";
import { createInboundReaders, createReceiptReaders } from "@dispatcher/providers";
import { createSentCache } from "@dispatcher/redis";
import { createLogger, readVersion } from "@dispatcher/runtime";
import { createSandbox } from "@dispatcher/testing";
import { buildApp } from "../src/build-app.js";
import { createDeliveryMetrics } from "../src/metrics/delivery-metrics.js";
import { diffOpenApi, type OpenApiDocument } from "./openapi-diff.js";

const FILE = fileURLToPath(new URL("../../../docs/openapi.json", import.meta.url));
const check = process.argv.includes("--check");
const allowBreaking = process.argv.includes("--allow-breaking");

/** A twilio provider, for its receipt and inbound endpoints (never called here). */
const TWILIO = [
  {
    name: "twilio-us",
    kind: "twilio",
    settings: {
      accountSid: `AC${"0".repeat(32)}`,
      authToken: new Secret("x".repeat(32), "openapi"),
      from: "+15005550006",
    },
  },
];

const env = loadTestEnv();
const sandbox = await createSandbox({
  postgresUrl: env.DATABASE_URL,
  redis: env.REDIS_URL,
  label: "openapi",
});
let text: string;
try {
  const app = await buildApp({
    db: sandbox.db,
    redis: sandbox.redis,
    queues: sandbox.queues,
    cache: createSentCache(sandbox.redis, { prefix: sandbox.prefix, ttlSeconds: 1 }),
    logger: createLogger({ name: "openapi", level: "silent", pretty: false }),
    deliveryMetrics: createDeliveryMetrics(),
    settings: {
      // The document's info.version is the API's package version, as in the running API.
      version: readVersion(new URL("../package.json", import.meta.url)),
      allowEviction: false,
      apiKeys: [],
      corsOrigins: [],
      rateLimit: { max: 600, windowMs: 60_000 },
      bodyLimitBytes: 524_288,
      intakeKeyTtlMs: 86_400_000,
      recipientHashKey: DEVELOPMENT_RECIPIENT_HASH_KEY,
      segments: { max: 0, turkishShiftTables: false },
      inboundKeywords: BUILT_IN_KEYWORDS,
      queuePrefix: sandbox.prefix,
      receipts: { secrets: ["x".repeat(32)], toleranceSeconds: 300 },
      providerReceipts: createReceiptReaders(TWILIO),
      providerInbound: createInboundReaders(TWILIO),
    },
  });
  await app.ready();
  text = `${JSON.stringify(app.swagger(), null, 2)}\n`;
  await app.close();
} finally {
  await sandbox.cleanup();
}

const committed = existsSync(FILE) ? readFileSync(FILE, "utf8") : undefined;
if (committed === text) {
  process.stdout.write("docs/openapi.json matches the routes\n");
  process.exit(0);
}
const changes = committed
  ? diffOpenApi(JSON.parse(committed) as OpenApiDocument, JSON.parse(text) as OpenApiDocument)
  : { breaking: [], additive: ["(no committed document)"] };
const list = (title: string, items: string[]) =>
  items.length === 0 ? "" : `${title}:\n${items.map((i) => `  - ${i}`).join("\n")}\n`;
process.stderr.write(
  list("Breaking for clients", changes.breaking) + list("Other changes", changes.additive),
);
if (check) {
  process.stderr.write("docs/openapi.json is out of date: run `pnpm docs:generate`\n");
  process.exit(1);
}
if (changes.breaking.length > 0 && !allowBreaking) {
  process.stderr.write(
    "refusing to write a document that breaks clients; change the routes compatibly, or run " +
      "`pnpm --filter @dispatcher/api openapi --allow-breaking` and say so in the change log\n",
  );
  process.exit(1);
}
writeFileSync(FILE, text);
process.stdout.write(`wrote docs/openapi.json${committed === undefined ? "" : " (changed)"}\n`);

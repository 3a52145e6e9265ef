import { loadWorkerConfig } from "@dispatcher/config";
import { changeDispatcher } from "@dispatcher/control";
import {
  type CallbackHostResolver,
  createCallbackResolver,
  DEFAULT_PROVIDER_ROUTING,
  type ProviderEntry,
  type ProviderRouting,
  Secret,
} from "@dispatcher/core";
import {
  type Db,
  type DispatcherChange,
  insertMessages,
  seedDispatcherState,
  seedProviders,
} from "@dispatcher/db";
import { buildMockProvider, type MockProviderClient, mockProviderClient } from "@dispatcher/mock-provider";
import {
  ADAPTER_SETTINGS_CHECK,
  createBoundedLookup,
  createProviderAdapter,
  type ProviderAdapter,
} from "@dispatcher/providers";
import type { BreakerSettings, DispatcherQueues } from "@dispatcher/redis";
import { createLogger } from "@dispatcher/runtime";
import { createSandbox } from "@dispatcher/testing";
import { inject } from "vitest";
import {
  createDispatchWorker,
  type DispatchWorker,
  type DispatchWorkerOptions,
} from "../src/create-dispatch-worker.js";
import type { RoutedProvider } from "../src/send/provider-router.js";

/** The worker's settings as a deployment without any gets them: the defaults the harness does not change. */
const DEFAULTS = loadWorkerConfig(ADAPTER_SETTINGS_CHECK, {});
/** Resolves IP literals and localhost only: its one DNS server is a discard port, never answering. */
const LITERALS_ONLY = createCallbackResolver({ timeoutMs: 500, maxCacheMs: 0, servers: ["127.0.0.1:9"] });

/**
 * Real Postgres, Redis and a mock provider over HTTP, with N in-process dispatch workers. The
 * mock provider's switches and logs are read and changed over HTTP (MockProviderClient).
 */
export interface Harness extends MockProviderClient {
  db: Db;
  queues: DispatcherQueues;
  providerUrl: string;
  /** Closes the primary mock provider: connections to it are refused from now on. */
  stopPrimary: () => Promise<void>;
  /** The secondary mock provider, with `secondary: true`. */
  secondary?: MockProviderClient & { url: string };
  /** Every mock provider by its provider's name (`primary` and the `providers` given). */
  mocks: Record<string, MockProviderClient & { url: string }>;
  workers: DispatchWorker[];
  prefix: string;
  addMessages: (n: number, recipient?: (i: number) => string, priority?: string) => Promise<number[]>;
  /**
   * Adds one tick job as the scheduler would, first forgetting when every lane last claimed, so
   * this tick may claim for all of them whatever the intervals (see claimTick).
   */
  tick: () => Promise<void>;
  /** The statuses of messages `ids`, in id order. */
  statuses: (ids: number[]) => Promise<string[]>;
  /** Stores running/stopped and the pace, and converges Redis, as the API does. */
  setState: (change: DispatcherChange) => Promise<void>;
  close: () => Promise<void>;
}

export async function startHarness(options: {
  workers?: number;
  sendAttempts?: number;
  sendBackoffMs?: number;
  timeoutMs?: number;
  orphanAfterMs?: number;
  /** SEND_WINDOW of every worker (default: unlimited). */
  sendWindow?: number;
  batchSize?: number;
  /**
   * The transactional lane sends on arrival (claimed by wake-ups in the arrival queue, within a
   * budget of `batchSize` a minute); default false: it is claimed by ticks, as the bulk lane.
   */
  arrival?: boolean;
  /** PROVIDER_MAX_PAUSE_MS (default 60 s). */
  maxPauseMs?: number;
  /** Given to every worker (default: none). */
  metrics?: DispatchWorkerOptions["metrics"];
  /**
   * Mock providers beside `primary`, by name, each a server of its own. `secondary: true` adds a
   * standby (weight 0: it takes new messages only while the primary's breaker is open).
   */
  providers?: string[];
  /** The routing each provider is stored with (default: DEFAULT_PROVIDER_ROUTING). */
  routing?: Record<string, Partial<ProviderRouting>>;
  /**
   * The adapter kind of each provider (default webhook): its mock speaks that provider's API
   * (Twilio's, AWS's), with credentials of its own.
   */
  kinds?: Record<string, "webhook" | "twilio" | "aws-sms">;
  /** The primary's opt-out answer (the webhook's optOutStatus and optOutCode; default: off). */
  optOutAnswer?: { status: number; code: string };
  /**
   * Status callbacks of every worker (default: off). Their hosts resolve through `resolve`; by
   * default only IP literals and localhost do (no DNS server is asked).
   */
  callbacks?: {
    secrets: string[];
    allowPrivate: boolean;
    timeoutMs?: number;
    resolve?: CallbackHostResolver;
  };
  /**
   * A second mock provider as every worker's secondary, with quick breakers (a 1 s window, 3
   * calls, half failed, 1 s cool-down, reported every 50 ms) unless `breaker` says otherwise.
   */
  secondary?: boolean;
  breaker?: Partial<BreakerSettings>;
  /** The countries of `primary` and `secondary` (default: every country). */
  countries?: { primary?: string[]; secondary?: string[] };
  /** Every provider's `atLeastOnce` (default false). */
  atLeastOnce?: boolean;
}): Promise<Harness> {
  const logger = createLogger({ name: "test", level: "silent", pretty: false });
  const redisUrl = inject("redisUrl");
  const sandbox = await createSandbox({ postgresUrl: inject("databaseUrl"), redis: redisUrl });
  const { db, prefix, queues } = sandbox;
  // The tests add ticks by hand unless they start the scheduler.
  await seedDispatcherState(
    db,
    {
      running: true,
      lanes: [
        {
          name: "transactional",
          intervalMs: 60_000,
          batchSize: options.batchSize ?? 2,
          ahead: true,
          arrival: options.arrival ?? false,
        },
        { name: "bulk", intervalMs: 60_000, batchSize: options.batchSize ?? 2, ahead: false, arrival: false },
      ],
    },
    "test",
  );

  // One mock provider per provider, each with its own credentials.
  const names = ["primary", ...(options.secondary ? ["secondary"] : []), ...(options.providers ?? [])];
  const kindOf = (name: string) => options.kinds?.[name] ?? "webhook";
  const twilioAccount = `AC${"0".repeat(32)}`;
  const servers = await Promise.all(
    names.map(async (name) => {
      const app = buildMockProvider({
        logger: false,
        authKey: `secret-${name}`,
        twilio: { accountSid: twilioAccount, authToken: `secret-${name}` },
        aws: {
          accessKeyId: `AKIA${name.toUpperCase().padEnd(16, "X").slice(0, 16)}`,
          secretAccessKey: `secret-${name}`,
        },
      });
      return { name, app, address: await app.listen({ port: 0, host: "127.0.0.1" }) };
    }),
  );
  const address = servers[0]!.address;
  const providerUrl = `${address}/messages`;
  const settingsOf = (name: string, url: string): Record<string, unknown> => {
    const secret = new Secret(`secret-${name}`, "test");
    switch (kindOf(name)) {
      case "twilio":
        return { accountSid: twilioAccount, authToken: secret, from: "+15005550006", baseUrl: url };
      case "aws-sms":
        return {
          region: "us-east-1",
          endpoint: url,
          accessKeyId: new Secret(`AKIA${name.toUpperCase().padEnd(16, "X").slice(0, 16)}`, "test"),
          secretAccessKey: secret,
        };
      default:
        return {
          url: `${url}/messages`,
          authHeader: "x-ins-auth-key",
          authKey: secret,
          optOutStatus: name === "primary" ? (options.optOutAnswer?.status ?? 0) : 0,
          optOutCode: name === "primary" ? (options.optOutAnswer?.code ?? "") : "",
        };
    }
  };
  const entries: ProviderEntry[] = servers.map(({ name, address }) => ({
    name,
    kind: kindOf(name),
    atLeastOnce: options.atLeastOnce ?? false,
    routing: {
      ...DEFAULT_PROVIDER_ROUTING,
      countries: options.countries?.[name as "primary" | "secondary"] ?? [],
      ...(name === "secondary" && options.secondary ? { weight: 0 } : {}),
      ...options.routing?.[name],
    },
    settings: settingsOf(name, address),
  }));
  await seedProviders(db, entries);
  const adapters: ProviderAdapter[] = [];
  const lookup = createBoundedLookup({ timeoutMs: 1_000 });
  const workers = Array.from({ length: options.workers ?? 1 }, () => {
    const providers: RoutedProvider[] = entries.map((entry) => {
      const adapter = createProviderAdapter(entry, {
        timeoutMs: options.timeoutMs ?? 5_000,
        maxSockets: 5,
        lookup,
      });
      adapters.push(adapter);
      return { name: entry.name, adapter, atLeastOnce: entry.atLeastOnce };
    });
    return createDispatchWorker({
      db: db,
      redis: redisUrl,
      providers,
      routing: new Map(entries.map((e) => [e.name, e.routing])),
      logger,
      metrics: options.metrics,
      config: {
        queuePrefix: prefix,
        concurrency: 5,
        sendAttempts: options.sendAttempts ?? 3,
        sendBackoffMs: options.sendBackoffMs ?? 50,
        sentCacheTtlSeconds: 600,
        orphanAfterMs: options.orphanAfterMs ?? 60_000,
        ...(options.sendWindow === undefined ? {} : { sendWindow: options.sendWindow }),
        maxPauseMs: options.maxPauseMs ?? DEFAULTS.PROVIDER_MAX_PAUSE_MS,
        callbacks: options.callbacks && { resolve: LITERALS_ONLY, ...options.callbacks },
        routingRefreshMs: 200,
        breaker: {
          windowMs: 1_000,
          minCalls: 3,
          failureRate: 0.5,
          cooldownMs: 1_000,
          probeMs: 1_000,
          reportEveryMs: 50,
          ...options.breaker,
        },
      },
    });
  });
  const mocks = Object.fromEntries(
    servers.map(({ name, address }) => [
      name,
      { ...mockProviderClient(address), url: `${address}/messages` },
    ]),
  );

  let nextRecipient = 1_000_000;
  let primaryClosed = false;
  return {
    db,
    queues,
    providerUrl,
    workers,
    prefix,
    ...mockProviderClient(address),
    mocks,
    stopPrimary: async () => {
      primaryClosed = true;
      await servers[0]!.app.close();
    },
    secondary: mocks.secondary,
    addMessages: async (n, recipient, priority) => {
      const rows = await insertMessages(
        db,
        Array.from({ length: n }, (_, i) => ({
          recipient: recipient ? recipient(i) : `+90555${nextRecipient++}`,
          content: `message ${i}`,
          priority,
        })),
      );
      return rows.map((r) => r.id);
    },
    tick: async () => {
      await db.updateTable("lanes").set({ lastTickAt: null }).execute();
      await queues.tick.add("tick", {});
    },
    statuses: async (ids) => {
      const rows = await db
        .selectFrom("messages")
        .select(["id", "status"])
        .where("id", "in", ids)
        .orderBy("id")
        .execute();
      return rows.map((r) => r.status);
    },
    setState: async (change) => {
      await changeDispatcher({ db: db, queues }, change, "test");
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(adapters.map((a) => a.close()));
      await Promise.all(servers.slice(primaryClosed ? 1 : 0).map((server) => server.app.close()));
      await sandbox.cleanup();
    },
  };
}

import { changeDispatcher } from "@dispatcher/control";
import type { MessagePriority } from "@dispatcher/core";
import { type Db, type DispatcherChange, insertMessages, seedDispatcherState } from "@dispatcher/db";
import { buildMockProvider, type MockProviderClient, mockProviderClient } from "@dispatcher/mock-provider";
import type { BreakerSettings, DispatcherQueues } from "@dispatcher/redis";
import { createLogger } from "@dispatcher/runtime";
import { createSandbox } from "@dispatcher/testing";
import { inject } from "vitest";
import { createDispatchWorker, type DispatchWorker } from "../src/create-dispatch-worker.js";
import { createProviderClient, type ProviderClient } from "../src/send/provider-client.js";
import type { RoutedProvider } from "../src/send/provider-router.js";
import type { SendMetrics } from "../src/send/send-metrics.js";

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
  workers: DispatchWorker[];
  prefix: string;
  addMessages: (
    n: number,
    recipient?: (i: number) => string,
    priority?: MessagePriority,
  ) => Promise<number[]>;
  /**
   * Adds one tick job as the scheduler would, first forgetting when either lane last claimed, so
   * this tick may claim for both whatever the intervals (see claimTick).
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
  batchSize?: number;
  /** PROVIDER_MAX_PAUSE_MS (default 60 s). */
  maxPauseMs?: number;
  /** Given to every worker (default: none). */
  metrics?: SendMetrics;
  /** ALLOWED_COUNTRIES of every worker (default: every country). */
  allowedCountries?: string[];
  /** PROVIDER_OPT_OUT_STATUS and _CODE of every worker (default: off). */
  optOutAnswer?: { status: number; code: string };
  /** Status callbacks of every worker (default: off). */
  callbacks?: { secret: string; allowPrivate: boolean; timeoutMs?: number };
  /**
   * A second mock provider as every worker's secondary, with quick breakers (a 1 s window, 3
   * calls, half failed, 1 s cool-down, reported every 50 ms) unless `breaker` says otherwise.
   */
  secondary?: boolean;
  breaker?: Partial<BreakerSettings>;
  /** PROVIDER_COUNTRIES and PROVIDER_SECONDARY_COUNTRIES (default: every country). */
  countries?: { primary?: string[]; secondary?: string[] };
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
      intervalMs: 60_000,
      batchSize: options.batchSize ?? 2,
      transactionalIntervalMs: 60_000,
      transactionalBatchSize: options.batchSize ?? 2,
    },
    "test",
  );

  const mock = buildMockProvider({ logger: false, authKey: "secret" });
  const address = await mock.listen({ port: 0, host: "127.0.0.1" });
  const providerUrl = `${address}/messages`;
  const secondMock = options.secondary
    ? buildMockProvider({ logger: false, authKey: "secret-2", authHeader: "x-second-key" })
    : undefined;
  const secondAddress = await secondMock?.listen({ port: 0, host: "127.0.0.1" });
  const clients: ProviderClient[] = [];
  const client = (url: string, authHeader: string, authKey: string) => {
    const c = createProviderClient({ url, authHeader, authKey, timeoutMs: options.timeoutMs ?? 5_000 });
    clients.push(c);
    return c;
  };
  const workers = Array.from({ length: options.workers ?? 1 }, () => {
    const providers: RoutedProvider[] = [
      {
        name: "primary",
        client: client(providerUrl, "x-ins-auth-key", "secret"),
        countries: options.countries?.primary ?? [],
      },
    ];
    if (secondAddress) {
      providers.push({
        name: "secondary",
        client: client(`${secondAddress}/messages`, "x-second-key", "secret-2"),
        countries: options.countries?.secondary ?? [],
      });
    }
    return createDispatchWorker({
      db: db,
      redis: redisUrl,
      providers,
      logger,
      metrics: options.metrics,
      config: {
        queuePrefix: prefix,
        concurrency: 5,
        sendAttempts: options.sendAttempts ?? 3,
        sendBackoffMs: options.sendBackoffMs ?? 50,
        sentCacheTtlSeconds: 600,
        orphanAfterMs: options.orphanAfterMs ?? 60_000,
        maxPauseMs: options.maxPauseMs,
        allowedCountries: options.allowedCountries,
        optOutAnswer: options.optOutAnswer,
        callbacks: options.callbacks,
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

  let nextRecipient = 1_000_000;
  let primaryClosed = false;
  return {
    db,
    queues,
    providerUrl,
    workers,
    prefix,
    ...mockProviderClient(address),
    stopPrimary: async () => {
      primaryClosed = true;
      await mock.close();
    },
    secondary: secondAddress
      ? { ...mockProviderClient(secondAddress), url: `${secondAddress}/messages` }
      : undefined,
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
      await db
        .updateTable("dispatcherState")
        .set({ lastTickAt: null, transactionalLastTickAt: null })
        .execute();
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
      for (const c of clients) c.close();
      if (!primaryClosed) await mock.close();
      await secondMock?.close();
      await sandbox.cleanup();
    },
  };
}

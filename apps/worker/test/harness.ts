import { changeDispatcher } from "@dispatcher/control";
import type { MessagePriority } from "@dispatcher/core";
import { type Db, type DispatcherChange, insertMessages, seedDispatcherState } from "@dispatcher/db";
import { buildMockProvider, type MockProviderClient, mockProviderClient } from "@dispatcher/mock-provider";
import type { DispatcherQueues } from "@dispatcher/redis";
import { createLogger } from "@dispatcher/runtime";
import { createSandbox } from "@dispatcher/testing";
import { inject } from "vitest";
import { createDispatchWorker, type DispatchWorker } from "../src/create-dispatch-worker.js";
import { createProviderClient, type ProviderClient } from "../src/send/provider-client.js";
import type { SendMetrics } from "../src/send/send-metrics.js";

/**
 * Real Postgres, Redis and a mock provider over HTTP, with N in-process dispatch workers. The
 * mock provider's switches and logs are read and changed over HTTP (MockProviderClient).
 */
export interface Harness extends MockProviderClient {
  db: Db;
  queues: DispatcherQueues;
  providerUrl: string;
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
  const providers: ProviderClient[] = [];
  const workers = Array.from({ length: options.workers ?? 1 }, () => {
    const provider = createProviderClient({
      url: providerUrl,
      authHeader: "x-ins-auth-key",
      authKey: "secret",
      timeoutMs: options.timeoutMs ?? 5_000,
    });
    providers.push(provider);
    return createDispatchWorker({
      db: db,
      redis: redisUrl,
      provider,
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
      },
    });
  });

  let nextRecipient = 1_000_000;
  return {
    db,
    queues,
    providerUrl,
    workers,
    prefix,
    ...mockProviderClient(address),
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
      for (const p of providers) p.close();
      await mock.close();
      await sandbox.cleanup();
    },
  };
}

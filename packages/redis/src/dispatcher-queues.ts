import {
  ARRIVAL_QUEUE,
  type ArrivalJobData,
  type ArrivalJobResult,
  CALLBACK_QUEUE,
  type CallbackJobData,
  HOUSEKEEPING_QUEUE,
  SEND_QUEUE,
  type SendJobData,
  type SendJobResult,
  TICK_QUEUE,
  type TickJobData,
  type TickJobResult,
} from "@dispatcher/core";
import { Queue } from "bullmq";
import type { RedisConnection } from "./redis-connection.js";

export interface DispatcherQueues {
  tick: Queue<TickJobData, TickJobResult>;
  send: Queue<SendJobData, SendJobResult>;
  /** Wake-ups of the lanes that send on arrival (see ARRIVAL_QUEUE). */
  arrivals: Queue<ArrivalJobData, ArrivalJobResult>;
  /** Status callbacks to clients' URLs, apart from sending. */
  callbacks: Queue<CallbackJobData>;
  /** The workers' housekeeping passes (see HOUSEKEEPING_QUEUE). */
  housekeeping: Queue;
  /** The connection the queues use (not closed by `close`: its owner closes it). */
  redis: RedisConnection;
  close: () => Promise<void>;
}

/**
 * The queues (tick, send, arrivals, callbacks, housekeeping) on one `client` connection, under `prefix` (a `{hash-tag}` keeps every key in one
 * Redis Cluster slot). Completed and failed jobs are trimmed by age and count so Redis stays bounded.
 */
export function createDispatcherQueues(options: {
  connection: RedisConnection;
  prefix: string;
}): DispatcherQueues {
  const common = { connection: options.connection, prefix: options.prefix };
  const tick = new Queue<TickJobData, TickJobResult>(TICK_QUEUE, {
    ...common,
    defaultJobOptions: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1_000 } },
  });
  const send = new Queue<SendJobData, SendJobResult>(SEND_QUEUE, {
    ...common,
    defaultJobOptions: {
      removeOnComplete: { age: 3_600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3_600, count: 100_000 },
    },
  });
  // A wake-up is worth nothing once it ran: a lost one costs at most a lane interval (the tick claims).
  const arrivals = new Queue<ArrivalJobData, ArrivalJobResult>(ARRIVAL_QUEUE, {
    ...common,
    defaultJobOptions: { removeOnComplete: true, removeOnFail: { count: 100 } },
  });
  const callbacks = new Queue<CallbackJobData>(CALLBACK_QUEUE, {
    ...common,
    defaultJobOptions: {
      removeOnComplete: { age: 24 * 3_600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3_600, count: 100_000 },
    },
  });
  // Each housekeeping pass keeps its last 100 runs, completed or failed (see startHousekeeping).
  const housekeeping = new Queue(HOUSEKEEPING_QUEUE, common);
  return {
    tick,
    send,
    arrivals,
    callbacks,
    housekeeping,
    redis: options.connection,
    close: async () => {
      await Promise.all([
        tick.close(),
        send.close(),
        arrivals.close(),
        callbacks.close(),
        housekeeping.close(),
      ]);
    },
  };
}

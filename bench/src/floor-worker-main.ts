// The same-work floor: the thinnest honest program that does the I/O one message needs, with the
// dispatcher's own libraries (BullMQ, pg, ioredis, undici) against the same Postgres, Redis and
// provider, started by `pnpm bench` exactly as it starts the real worker (see sameWorkFloor).
//
// It does, per message: a tick claims up to 1,000 of the oldest due pending rows in one statement
// (the real claim's index and shape) and adds their jobs with one addBulk; the send job loads its
// row (grouped with the jobs running beside it), POSTs it once over a kept-alive connection with
// its Idempotency-Key, then records it sent with one grouped conditional update and caches it with
// one pipelined Redis write. At WORKER_CONCURRENCY, like the worker. Groups form as the worker's
// do: one statement (or pipeline) of a kind at a time, with every call made meanwhile.
//
// It leaves out everything else the dispatcher does: attempt counting and the `sending` state, the
// provider's answer read beyond its messageId and the request's timeouts, retries and backoff (a
// non-2xx fails the job; its jobs carry no attempts, backoff or other data), the 429 limiter,
// validation, opt-outs, expiry, lanes, failover, metrics, per-message logs, tracing, the tick's
// state row and orphan sweep, Kysely (it calls pg directly), and kept completed jobs
// (removeOnComplete: true).

import { loadWorkerConfig } from "@dispatcher/config";
import { SEND_QUEUE, TICK_QUEUE } from "@dispatcher/core";
import { ADAPTER_SETTINGS_CHECK } from "@dispatcher/providers";
import { createRedisConnection } from "@dispatcher/redis";
import { Queue, Worker } from "bullmq";
import pg from "pg";
import { Agent, request } from "undici";

const config = loadWorkerConfig(ADAPTER_SETTINGS_CHECK);
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 10 });
const [client, tickConnection, sendConnection] = (["client", "blocking", "blocking"] as const).map((role) =>
  createRedisConnection(config.REDIS_URL, role),
);
const prefix = config.QUEUE_PREFIX;
const sendQueue = new Queue(SEND_QUEUE, { connection: client!, prefix });
const agent = new Agent({ connections: config.WORKER_CONCURRENCY, keepAliveTimeout: 30_000 });

/**
 * Calls share one `run` (one statement or pipeline): those of one event-loop turn, and all those
 * made while the previous `run` of the kind was under way (one at a time, so groups grow with load).
 */
function grouped<I, O>(run: (items: I[]) => Promise<O[]>): (item: I) => Promise<O> {
  let waiting: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let running = false;
  const flush = () => {
    if (running || waiting.length === 0) return;
    const batch = waiting;
    waiting = [];
    running = true;
    run(batch.map((w) => w.item))
      .then(
        (out) => {
          for (const [i, w] of batch.entries()) w.resolve(out[i]!);
        },
        (error) => {
          for (const w of batch) w.reject(error);
        },
      )
      .finally(() => {
        running = false;
        flush();
      });
  };
  return (item) =>
    new Promise<O>((resolve, reject) => {
      if (waiting.push({ item, resolve, reject }) === 1 && !running) setImmediate(flush);
    });
}

interface Row {
  id: string;
  recipient: string;
  content: string;
  idempotency_key: string;
}
const load = grouped<number, Row>(async (ids) => {
  const { rows } = await pool.query<Row>(
    "select id, recipient, content, idempotency_key from messages where id = any($1::bigint[])",
    [ids],
  );
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids.map((id) => byId.get(id)!);
});
const markSent = grouped<{ id: number; providerId: string; at: Date }, void>(async (sent) => {
  await pool.query(
    `update messages m set status = 'sent', provider_message_id = v.pid, sent_at = v.at, updated_at = now()
       from unnest($1::bigint[], $2::text[], $3::timestamptz[]) as v(id, pid, at)
      where m.id = v.id and m.status = 'queued'`,
    [sent.map((s) => s.id), sent.map((s) => s.providerId), sent.map((s) => s.at)],
  );
  return sent.map(() => undefined);
});
const cache = grouped<{ id: number; providerId: string; at: Date }, void>(async (sent) => {
  const pipeline = client!.pipeline();
  for (const s of sent) {
    const value = JSON.stringify({ messageId: s.providerId, sentAt: s.at.toISOString() });
    pipeline.set(`${prefix}:sent:${s.id}`, value, "EX", config.SENT_CACHE_TTL_SECONDS);
  }
  await pipeline.exec();
  return sent.map(() => undefined);
});

const tick = new Worker(
  TICK_QUEUE,
  async () => {
    const { rows } = await pool.query<{ id: string }>(
      `update messages set status = 'queued', queued_at = now(), updated_at = now()
        where id = any(array(select id from messages
                              where status = 'pending' and priority = 'bulk'
                                and coalesce(send_at, created_at) <= now()
                              order by coalesce(send_at, created_at), id limit 1000 for update skip locked))
       returning id`,
    );
    await sendQueue.addBulk(
      rows.map(({ id }) => ({
        name: "send",
        data: { messageId: Number(id) },
        opts: { jobId: `msg-${id}`, removeOnComplete: true },
      })),
    );
  },
  { connection: tickConnection!, prefix, concurrency: 1 },
);
const send = new Worker<{ messageId: number }>(
  SEND_QUEUE,
  async (job) => {
    const row = await load(job.data.messageId);
    const answer = await request(config.PROVIDER_URL, {
      method: "POST",
      dispatcher: agent,
      headers: {
        "content-type": "application/json",
        [config.PROVIDER_AUTH_HEADER]: config.PROVIDER_AUTH_KEY,
        "idempotency-key": row.idempotency_key,
      },
      body: JSON.stringify({ to: row.recipient, content: row.content }),
    });
    const body = (await answer.body.json()) as { messageId: string };
    if (answer.statusCode >= 300) throw new Error(`provider answered ${answer.statusCode}`);
    const sent = { id: job.data.messageId, providerId: body.messageId, at: new Date() };
    await markSent(sent);
    await cache(sent);
  },
  { connection: sendConnection!, prefix, concurrency: config.WORKER_CONCURRENCY },
);

await Promise.all([tick.waitUntilReady(), send.waitUntilReady()]);
process.stdout.write(`${JSON.stringify({ level: 30, msg: "worker started", floor: true })}\n`);
process.on("SIGTERM", async () => {
  await Promise.all([tick.close(), send.close()]);
  await Promise.all([sendQueue.close(), pool.end(), agent.close()]);
  process.exit(0);
});

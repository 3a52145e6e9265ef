// The floor of the same guarantees: the thinnest honest program that does the I/O one message
// needs and the writes the dispatcher's guarantees require (never lost, never sent twice: see
// docs/guarantees.md), and nothing else. It uses the dispatcher's own libraries (BullMQ, pg,
// ioredis, undici) against the same Postgres, Redis and provider, and `pnpm bench` starts it
// exactly as it starts the real worker (see endToEnd). This header is the floor's definition.
//
// It does, per message:
// - a tick claims up to 1,000 of the oldest due pending rows in one statement (the real claim's
//   index and shape: `pending → queued`) and adds their jobs with one addBulk;
// - the send job starts its attempt before any request, grouped with the jobs beside it, in the
//   statement shape and conditions of the worker's startSending: `queued|sending → sending`,
//   `attempts + 1`, the provider bound (`provider_free`, `provider`) from the row as it was, only
//   on rows still claimed, the row read back (a row not returned is skipped, and a second job of
//   one message in the same group gets nothing). So a crash mid-request still counts the attempt,
//   and a message that may have reached a provider stays bound to it;
// - it POSTs the message once over a kept-alive connection with its Idempotency-Key, and reads
//   the answer's messageId;
// - it records it sent with one grouped conditional update (`sending → sent` only) and, when that
//   update changed the row, caches it with one pipelined Redis `SET … EX` of the worker's key and
//   value.
// At WORKER_CONCURRENCY, like the worker. Groups form as the worker's do: one statement (or
// pipeline) of a kind at a time, with every call made meanwhile.
//
// It leaves out everything else the dispatcher does: deciding on the attempt count (its jobs are
// never retried, so every attempt is a first one), the provider's answer read beyond its
// messageId and the request's timeouts, retries and backoff (a non-2xx fails the job; its jobs
// carry no attempts, backoff or other data), the 429 limiter, validation, opt-outs and number
// rules (the attempt start's two lookups), country rules, expiry, lanes, routing between
// providers and failover (it binds the one provider, `primary`), `unconfirmed` rows, early
// receipts (markSent's second update), metrics, per-message logs, tracing, the tick's state row,
// send window and orphan sweep, Kysely (it calls pg directly), and kept completed jobs
// (removeOnComplete: true).

import { loadWorkerConfig } from "@dispatcher/config";
import { DEFAULT_PROVIDER_NAME, SEND_QUEUE, TICK_QUEUE } from "@dispatcher/core";
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
/** As startSending's: every earlier attempt (none, on a first one) was definitely refused. */
const FREE_NOW = "(provider_free and provider_refused_attempt is not distinct from attempts)";
const startAttempt = grouped<number, Row | undefined>(async (ids) => {
  const { rows } = await pool.query<Row>(
    `update messages
        set status = 'sending', attempts = attempts + 1, updated_at = now(),
            provider_free = ${FREE_NOW},
            provider = case when ${FREE_NOW} then $2::text else provider end
      where id = any($1::bigint[]) and coalesce(status, '') in ('queued', 'sending')
     returning id, recipient, content, idempotency_key`,
    [[...new Set(ids)], DEFAULT_PROVIDER_NAME],
  );
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  // Two jobs for one message in the same group: only the first may send.
  return ids.map((id) => {
    const row = byId.get(id);
    byId.delete(id);
    return row;
  });
});
/** True for each message this call recorded sent (one recorded already is not changed). */
const markSent = grouped<{ id: number; providerId: string; at: Date }, boolean>(async (sent) => {
  const { rows } = await pool.query<{ id: string }>(
    `update messages m set status = 'sent', provider_message_id = v.pid, sent_at = v.at, updated_at = now()
       from unnest($1::bigint[], $2::text[], $3::timestamptz[]) as v(id, pid, at)
      where m.id = v.id and coalesce(m.status, '') = 'sending'
     returning m.id`,
    [sent.map((s) => s.id), sent.map((s) => s.providerId), sent.map((s) => s.at)],
  );
  const changed = new Set(rows.map((r) => Number(r.id)));
  return sent.map((s) => changed.has(s.id));
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
    const row = await startAttempt(job.data.messageId);
    if (!row) return;
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
    if (await markSent(sent)) await cache(sent);
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

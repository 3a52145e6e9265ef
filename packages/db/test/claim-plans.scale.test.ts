import { BUILT_IN_LANES } from "@dispatcher/core";
import { createTestDatabase, dryCapture, explainAnalyze, type TestDatabase } from "@dispatcher/db/testing";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  cancelPendingWhere,
  claimPending,
  createDb,
  type Database,
  eraseFinalMessages,
  expireDue,
  findIntake,
  insertMessages,
  oldestDueAgeByLane,
  purgeExpiredIntakeKeys,
} from "../src/index.js";

// The statements that read a growing table, planned and run (EXPLAIN ANALYZE, rolled back) on
// SCALE_ROWS sent messages (default 10,000,000) and a tenth as many intake keys, with statistics
// taken at that size: each must stay one index range scan, reading about the rows it returns.
// The plans are printed, so a run shows them. Last, the erasure of the 1% of rows past their
// retention is run for real while inserts and claims go on, and its rate printed. About 3
// minutes and 3 GB of disk on 2 cores.

const SENT_ROWS = Number(process.env.SCALE_ROWS ?? 10_000_000);
const INTAKE_KEYS = Math.round(SENT_ROWS / 10);
/** Pending rows of each lane that are due, and bulk rows scheduled for tomorrow. */
const DUE = { transactional: 2_000, bulk: 100_000 } as const;
const SCHEDULED = 100_000;
const BATCH = 1_000;
const TR = "+905551000000";
/** Rows past RETENTION_DAYS (every 100th sent row), and the erasure's batch (as the worker's job). */
const ERASE_ROWS = Math.floor(SENT_ROWS / 100);
const ERASE_BATCH = 2_000;
const RETENTION_DAYS = 90;

let t: TestDatabase;

/** Inserts rows with `insert ... select` over `count` numbers, split over two connections. */
async function insertInHalves(count: number, insert: (from: number, to: number) => ReturnType<typeof sql>) {
  const half = Math.ceil(count / 2);
  await Promise.all([insert(1, half).execute(t.db), insert(half + 1, count).execute(t.db)]);
}

/**
 * Fills `table` the way a bulk load does: its secondary indexes and unique constraints are
 * dropped, the rows inserted, and every one of them built again as the migrations defined it.
 */
async function bulkLoad(table: string, load: () => Promise<void>) {
  const { rows: constraints } = await sql<{ name: string; def: string }>`
    select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
     where conrelid = ${table}::regclass and contype = 'u'`.execute(t.db);
  const { rows: indexes } = await sql<{ name: string; def: string }>`
    select i.indexname as name, i.indexdef as def from pg_indexes i
     where i.tablename = ${table}
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(t.db);
  for (const c of constraints)
    await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(c.name)}`.execute(t.db);
  for (const i of indexes) await sql`drop index ${sql.ref(i.name)}`.execute(t.db);
  await load();
  for (const i of indexes) await sql.raw(i.def).execute(t.db);
  for (const c of constraints) {
    await sql`alter table ${sql.table(table)} add constraint ${sql.ref(c.name)} ${sql.raw(c.def)}`.execute(
      t.db,
    );
  }
}

beforeAll(async () => {
  t = await createTestDatabase(inject("databaseUrl"));
  await bulkLoad("messages", () =>
    insertInHalves(
      SENT_ROWS,
      // Every 100th was last changed 100 days ago: past RETENTION_DAYS, for the erasure below. Each
      // has a recipient hash (its id in hex: cheap to make and to index, 64 hex digits as HMAC's).
      (from, to) => sql`insert into messages (recipient, content, recipient_hash, status, sent_at, updated_at,
                                              attempts, priority)
        select ${TR}, 'x', lpad(to_hex(n), 64, '0'), 'sent', changed, changed, 1,
               case when n % 10 = 0 then 'transactional' else 'bulk' end
          from generate_series(${from}::int, ${to}::int) n,
               lateral (select now() - case when n % 100 = 0 then interval '100 days'
                                            else interval '1 day' end as changed) c`,
    ),
  );
  await bulkLoad("intake_keys", () =>
    insertInHalves(
      INTAKE_KEYS,
      (
        from,
        to,
      ) => sql`insert into intake_keys (scope, key, request_hash, message_ids, created_at, expires_at)
        select 'client', 'key-' || n, 'hash', '[]', now() - (n % 48) * interval '1 hour',
               now() - (n % 48) * interval '1 hour' + interval '1 day'
          from generate_series(${from}::int, ${to}::int) n`,
    ),
  );
  await sql`insert into messages (recipient, content, priority, expires_at)
            select ${TR}, 'due', lane, case when n % 2 = 0 then now() + interval '1 hour' end
              from (values ('transactional', ${DUE.transactional}::int), ('bulk', ${DUE.bulk}::int)) v(lane, count),
                   generate_series(1, count) n`.execute(t.db);
  await sql`insert into messages (recipient, content, send_at, expires_at)
            select ${TR}, 'later', now() + interval '1 day', now() + interval '2 days'
              from generate_series(1, ${SCHEDULED}::int)`.execute(t.db);
  await sql`vacuum analyze messages`.execute(t.db);
  await sql`vacuum analyze intake_keys`.execute(t.db);
}, 1_800_000);

afterAll(async () => {
  await t?.drop();
});

/** The plan of what `run` sends to Postgres, run and rolled back, printed for the reader. */
async function planOf(title: string, run: (db: Kysely<Database>) => Promise<unknown>): Promise<string> {
  const statement = await dryCapture(t.db, run);
  const plan = await explainAnalyze(t.db, statement);
  console.info(`\n${title} (${SENT_ROWS.toLocaleString("en")} sent rows):\n${plan}`);
  return plan;
}

/** The plan node whose line contains `marker`: its actual rows and the buffers (8 kB pages) it touched. */
function node(plan: string, marker: string): { rows: number; buffers: number } {
  const lines = plan.split("\n");
  const at = lines.findIndex((l) => l.includes(marker));
  expect(at, `${marker} in the plan`).toBeGreaterThanOrEqual(0);
  const rows = Number(/actual time=\S+ rows=(\d+)/.exec(lines[at]!)?.[1]);
  const buffersLine = lines.slice(at + 1).find((l) => l.includes("Buffers:")) ?? "";
  const buffers = [...buffersLine.matchAll(/(?:hit|read)=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  return { rows, buffers };
}

describe(`at ${SENT_ROWS.toLocaleString("en")} sent rows`, () => {
  it.each(BUILT_IN_LANES.map((l) => l.name))(
    "the %s claim is one range scan of messages_lane_due_idx within its lane",
    async (lane) => {
      const plan = await planOf(`claimPending(db, ${BATCH}, "${lane}")`, (db) =>
        claimPending(db, BATCH, lane),
      );
      expect(plan).toMatch(/Index Scan using messages_lane_due_idx on messages/);
      expect(plan).toMatch(new RegExp(`Index Cond: \\(\\(priority = '${lane}'::text\\) AND`));
      expect(plan).not.toMatch(/Seq Scan|Bitmap|Sort|Rows Removed/);
      // It reads the batch's index entries and rows, in order, and stops: not the lane, not the table.
      const scan = node(plan, "Index Scan using messages_lane_due_idx");
      expect(scan.rows).toBe(BATCH);
      expect(scan.buffers).toBeLessThan(BATCH * 3);
    },
  );

  it("the lateness gauge (oldestDueAgeByLane) is one index probe per lane, reading one entry", async () => {
    const plan = await planOf("oldestDueAgeByLane(db)", (db) => oldestDueAgeByLane(db));
    expect(plan).toMatch(/Index Scan using messages_lane_due_idx on messages/);
    // The lanes table is a handful of rows: read whole. Messages only through the index.
    expect(plan).not.toMatch(/Seq Scan on messages|Bitmap|Sort/);
    expect(plan).toMatch(/loops=2\)\n\s+Index Cond: \(\(priority = lane\.name\)/);
    const probe = node(plan, "Index Scan using messages_lane_due_idx");
    // Per loop (one per lane): the first due entry, a handful of pages.
    expect(probe.rows).toBe(1);
    expect(probe.buffers).toBeLessThan(40);
  });

  it("the expiry sweep is one range scan of messages_expiring_idx", async () => {
    const plan = await planOf("expireDue(db, 1000)", (db) => expireDue(db, BATCH));
    expect(plan).toMatch(/Index Scan using messages_expiring_idx on messages/);
    expect(plan).not.toMatch(/Seq Scan|Bitmap/);
  });

  it(`an Idempotency-Key lookup among ${INTAKE_KEYS.toLocaleString("en")} keys is one primary-key probe`, async () => {
    const intake = { scope: "client", key: "key-4242", requestHash: "hash" };
    const plan = await planOf("findIntake", (db) => findIntake(db, intake));
    expect(plan).toMatch(/Index Scan using intake_keys_pkey on intake_keys/);
    expect(plan).not.toMatch(/Seq Scan|Bitmap/);
    expect(node(plan, "Index Scan using intake_keys_pkey").buffers).toBeLessThan(10);
  });

  it("a bulk cancel by recipient reads that recipient's oldest pending rows from messages_pending_recipient_idx", async () => {
    const plan = await planOf(`cancelPendingWhere(db, { recipient, limit: ${BATCH} })`, (db) =>
      cancelPendingWhere(db, { recipient: TR, limit: BATCH }, "ops"),
    );
    expect(node(plan, "Index Scan using messages_pending_recipient_idx").rows).toBe(BATCH);
    expect(plan).not.toMatch(/Seq Scan|Bitmap|Sort/);
  });

  it("the intake-key purge reads the oldest keys from intake_keys_expires_at_idx, not the table", async () => {
    const plan = await planOf("purgeExpiredIntakeKeys(db, 1000)", (db) => purgeExpiredIntakeKeys(db, BATCH));
    expect(node(plan, "Index Scan using intake_keys_expires_at_idx").rows).toBe(BATCH);
    expect(plan).toMatch(/Tid Scan on intake_keys/);
    expect(plan).not.toMatch(/Seq Scan|Bitmap|Hash/);
  });

  it("an erasure batch reads the oldest rows past retention from messages_erasable_idx", async () => {
    const plan = await planOf(`eraseFinalMessages(db, { olderThanDays: 90, limit: ${ERASE_BATCH} })`, (db) =>
      eraseFinalMessages(db, { olderThanDays: RETENTION_DAYS, limit: ERASE_BATCH }),
    );
    expect(node(plan, "Index Scan using messages_erasable_idx").rows).toBe(ERASE_BATCH);
    expect(plan).not.toMatch(/Seq Scan|Bitmap|Sort/);
  });

  // Last: it changes the table. Timings are printed for docs/performance.md, never asserted.
  it(`erasure takes the ${ERASE_ROWS.toLocaleString("en")} rows past retention while inserts and claims go on, never waiting on its locks`, async () => {
    const ticks = createDb({ url: t.url, poolSize: 2, applicationName: "scale-ticks" });
    let erasing = true;
    const insertTimes: number[] = [];
    const claimTimes: number[] = [];
    const lockWaits: string[] = [];
    // A tick's work, over and over: store 50 messages, claim 50.
    const tickLoop = (async () => {
      while (erasing) {
        let started = performance.now();
        await insertMessages(
          ticks,
          Array.from({ length: 50 }, () => ({ recipient: TR, content: "new" })),
        );
        insertTimes.push(performance.now() - started);
        started = performance.now();
        await claimPending(ticks, 50, "bulk");
        claimTimes.push(performance.now() - started);
      }
    })();
    // Whether any of them waits on a row or table lock, sampled throughout. (`extend` is Postgres
    // growing a file for every writer at once, not a lock the erasure holds.)
    const watchLoop = (async () => {
      while (erasing) {
        const { rows } = await sql<{ query: string; wait: string }>`
          select query, wait_event as wait from pg_stat_activity
           where application_name = 'scale-ticks' and wait_event_type = 'Lock' and wait_event <> 'extend'`.execute(
          t.db,
        );
        lockWaits.push(...rows.map((r) => `${r.wait}: ${r.query.slice(0, 80)}`));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    const batchTimes: number[] = [];
    const started = performance.now();
    let erased = 0;
    try {
      for (;;) {
        const before = performance.now();
        const done = await eraseFinalMessages(t.db, { olderThanDays: RETENTION_DAYS, limit: ERASE_BATCH });
        batchTimes.push(performance.now() - before);
        erased += done;
        if (done < ERASE_BATCH) break;
      }
    } finally {
      erasing = false;
      await Promise.all([tickLoop, watchLoop]);
      await ticks.destroy();
    }
    const seconds = (performance.now() - started) / 1_000;
    const sorted = (times: number[]) => [...times].sort((a, b) => a - b);
    const median = (times: number[]) => Math.round(sorted(times)[Math.floor(times.length / 2)] ?? 0);
    const longest = (times: number[]) => Math.round(sorted(times).at(-1) ?? 0);
    console.info(
      `\nErasure of ${erased.toLocaleString("en")} rows among ${SENT_ROWS.toLocaleString("en")}: ` +
        `${seconds.toFixed(1)} s, ${Math.round(erased / seconds).toLocaleString("en")} rows/s; ` +
        `${batchTimes.length} batches of ${ERASE_BATCH}, median ${median(batchTimes)} ms, longest ${longest(batchTimes)} ms. ` +
        `Meanwhile ${insertTimes.length} inserts of 50 (median ${median(insertTimes)} ms, slowest ${longest(insertTimes)} ms) ` +
        `and claims of 50 (median ${median(claimTimes)} ms, slowest ${longest(claimTimes)} ms).`,
    );

    expect(erased).toBe(ERASE_ROWS);
    const { rows } = await sql<{ erased: string; kept: string }>`
      select count(*) filter (where erased_at is not null) as erased,
             count(*) filter (where erased_at is null and recipient is not null) as kept
        from messages where status = 'sent'`.execute(t.db);
    expect(rows.map((r) => [Number(r.erased), Number(r.kept)])).toEqual([
      [ERASE_ROWS, SENT_ROWS - ERASE_ROWS],
    ]);
    expect(claimTimes.length).toBeGreaterThan(0);
    expect(lockWaits).toEqual([]);
  });
});

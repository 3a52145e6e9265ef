import { createTestDatabase, useTestDatabase } from "@dispatcher/db/testing";
import { sql } from "kysely";
import { describe, expect, inject, it } from "vitest";
import { createDb } from "../src/index.js";

const t = useTestDatabase();

describe("createDb timeouts", () => {
  it("cancels a statement that runs longer than statementTimeoutMs, and the pool goes on", async () => {
    const db = createDb({ url: t.url, poolSize: 1, statementTimeoutMs: 200 });
    try {
      const started = Date.now();
      await expect(sql`select pg_sleep(5)`.execute(db)).rejects.toThrow(/statement timeout/);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.destroy();
    }
  });

  it("cancels a statement waiting on a lock longer than statementTimeoutMs", async () => {
    const db = createDb({ url: t.url, poolSize: 2, statementTimeoutMs: 300 });
    try {
      await sql`insert into dispatcher_state (id, running, message_max_length, updated_by)
                values (1, false, 160, 'test') on conflict do nothing`.execute(db);
      await db.transaction().execute(async (trx) => {
        await sql`select * from dispatcher_state for update`.execute(trx);
        await expect(sql`update dispatcher_state set running = running`.execute(db)).rejects.toThrow(
          /statement timeout/,
        );
      });
    } finally {
      await db.destroy();
    }
  });

  it("ends a transaction left idle longer than idleInTransactionTimeoutMs", async () => {
    const db = createDb({ url: t.url, poolSize: 1, idleInTransactionTimeoutMs: 200, onError: () => {} });
    try {
      await expect(
        db.transaction().execute(async (trx) => {
          await sql`select 1`.execute(trx);
          await new Promise((r) => setTimeout(r, 600));
          await sql`select 1`.execute(trx);
        }),
      ).rejects.toThrow(/idle-in-transaction|terminat|Connection/i);
      expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.destroy();
    }
  });
});

describe("createDb pool", () => {
  /** This pool's open connections, as Postgres sees them. */
  const openConnections = async (db: ReturnType<typeof createDb>, name: string) =>
    Number(
      (
        await sql<{
          n: string;
        }>`select count(*) as n from pg_stat_activity where application_name = ${name}`.execute(db)
      ).rows[0]!.n,
    );

  it("keeps poolMin connections open once opened, and closes the rest after 10 s idle", {
    timeout: 30_000,
  }, async () => {
    const name = `pool-min-${process.pid}`;
    const db = createDb({ url: t.url, poolSize: 5, poolMin: 2, applicationName: name });
    const watcher = createDb({ url: t.url, poolSize: 1, applicationName: `${name}-watch` });
    try {
      // Five statements at once open five connections.
      await Promise.all([1, 2, 3, 4, 5].map(() => sql`select pg_sleep(0.2)`.execute(db)));
      expect(await openConnections(watcher, name)).toBe(5);
      await new Promise((r) => setTimeout(r, 11_000));
      expect(await openConnections(watcher, name)).toBe(2);
    } finally {
      await Promise.all([db.destroy(), watcher.destroy()]);
    }
  });
});

describe("test isolation", () => {
  it("createTestDatabase gives each caller a database of its own", async () => {
    const a = await createTestDatabase(inject("databaseUrl"));
    const b = await createTestDatabase(inject("databaseUrl"));
    expect(a.url).not.toBe(b.url);
    await Promise.all([a.drop(), b.drop()]);
  });
});

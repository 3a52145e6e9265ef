import { NO_LIMITS } from "@dispatcher/core";
import { useTestDatabase } from "@dispatcher/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  addOptOut,
  changeDispatcherState,
  changeProtection,
  changeProviderRouting,
  changeSpendLimit,
  insertMessages,
  putNumberRule,
  readIntakeHead,
  replaceSpendPrices,
  seedDispatcherState,
  setCountryRule,
} from "../src/index.js";

// The control tables' version (0007-control-version): every committed change to a table intake
// judges by moves it, by whatever means; other writes leave it.

const t = useTestDatabase({
  truncate: [
    "messages",
    "dispatcher_events",
    "spend_limits",
    "spend_prices",
    "country_rules",
    "opt_outs",
    "number_rules",
  ],
  seed: async (db) => {
    await db
      .insertInto("providers")
      .values([{ name: "primary", kind: "mock" }])
      .onConflict((oc) => oc.doNothing())
      .execute();
    await seedDispatcherState(db, { running: false }, "test");
  },
});

async function version(): Promise<number> {
  return (await readIntakeHead(t.db, []))!.version;
}

describe("readIntakeHead", () => {
  it("moves with each change to the control tables, through the repository or by hand", async () => {
    const changes: [string, () => Promise<unknown>][] = [
      ["a country rule", () => setCountryRule(t.db, { country: "US", action: "block", actor: "test" })],
      [
        "the caps",
        () =>
          changeProtection(t.db, {
            limits: { ...NO_LIMITS, recipient: { ...NO_LIMITS.recipient, perHour: 3 } },
            actor: "test",
          }),
      ],
      [
        "the prices",
        () =>
          replaceSpendPrices(t.db, {
            prices: [{ provider: "primary", country: "*", price: "0.05" }],
            actor: "test",
          }),
      ],
      ["a spend limit", () => changeSpendLimit(t.db, { scope: "*", perDay: "10", actor: "test" })],
      [
        "a provider's routing",
        () => changeProviderRouting(t.db, { name: "primary", change: { weight: 3 }, actor: "test" }),
      ],
      ["a country rule, by hand", () => sql`delete from country_rules`.execute(t.db)],
      ["the spend limits, truncated", () => sql`truncate spend_limits`.execute(t.db)],
    ];
    for (const [what, change] of changes) {
      const before = await version();
      await change();
      expect(await version(), what).toBeGreaterThan(before);
    }
  });

  it("stays for writes intake does not judge by, and a change rolled back leaves it", async () => {
    const before = await version();
    await insertMessages(t.db, [{ recipient: "+14155552671", content: "hi" }]);
    await changeDispatcherState(t.db, { running: true }, "test");
    await t.db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into country_rules (country, action, updated_by) values ('DE', 'block', 'test')`.execute(
          trx,
        );
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    expect(await version()).toBe(before);
  });

  it("gives the stored content limit with it", async () => {
    await changeDispatcherState(t.db, { messageMaxLength: 320 }, "test");
    expect(await readIntakeHead(t.db, [])).toMatchObject({ messageMaxLength: 320 });
  });

  it("gives the opt-outs and number rules of the recipients asked for, and of no others", async () => {
    const [opted, ruled, both, neither] = [
      "+905551110001",
      "+905551110002",
      "+905551110003",
      "+905551110004",
    ];
    const until = new Date("2031-02-03T04:05:06.789Z");
    for (const recipient of [opted!, both!, "+905551119999"]) {
      await addOptOut(t.db, { recipient, reason: `stop ${recipient}`, source: "operator", actor: "test" });
    }
    await putNumberRule(t.db, { number: ruled!, action: "block", until, actor: "test" });
    await putNumberRule(t.db, { number: both!, action: "allow", until: null, actor: "test" });
    await putNumberRule(t.db, { number: "+905551119999", action: "block", until: null, actor: "test" });

    const head = (await readIntakeHead(t.db, [opted!, ruled!, both!, neither!, opted!]))!;
    expect(head.optOuts).toEqual(
      new Map([
        [opted, { reason: `stop ${opted}` }],
        [both, { reason: `stop ${both}` }],
      ]),
    );
    expect(head.numberRules).toEqual(
      new Map([
        [ruled, { action: "block", until }],
        [both, { action: "allow", until: null }],
      ]),
    );
    expect(head.numberRules.get(ruled!)!.until).toBeInstanceOf(Date);

    // A session in another time zone writes the offset into the JSON: the instant is the same.
    const elsewhere = await t.db.connection().execute(async (conn) => {
      await sql`set time zone 'Asia/Kolkata'`.execute(conn);
      try {
        return (await readIntakeHead(conn, [ruled!]))!;
      } finally {
        await sql`reset time zone`.execute(conn);
      }
    });
    expect(elsewhere.numberRules.get(ruled!)).toEqual({ action: "block", until });

    const none = (await readIntakeHead(t.db, []))!;
    expect([none.optOuts.size, none.numberRules.size]).toEqual([0, 0]);
  });
});

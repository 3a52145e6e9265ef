import type { ProviderEntry, ProviderRouting } from "@dispatcher/core";
import { sql } from "kysely";
import type { Db, StoredProvider } from "./database.js";
import { recordEvent } from "./dispatcher-repository.js";

/**
 * Stores each configured provider that has no row yet, with the routing its entry starts with;
 * a provider already stored keeps its routing (changed through the API since) and takes the
 * entry's kind. Every process configured with providers calls it at start.
 */
export async function seedProviders(db: Db, entries: readonly ProviderEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto("providers")
    .values(
      entries.map((e) => ({
        name: e.name,
        kind: e.kind,
        countries: e.routing.countries,
        weight: e.routing.weight,
        maxPerSecond: e.routing.maxPerSecond,
        burst: e.routing.burst,
      })),
    )
    .onConflict((oc) => oc.column("name").doUpdateSet({ kind: sql`excluded.kind` }))
    .execute();
}

/** Every stored provider, by name. */
export async function listProviders(db: Db): Promise<StoredProvider[]> {
  return db.selectFrom("providers").selectAll().orderBy("name").execute();
}

/** A stored provider's routing, as workers apply it. */
export function routingOf(row: StoredProvider): ProviderRouting {
  return { countries: row.countries, weight: row.weight, maxPerSecond: row.maxPerSecond, burst: row.burst };
}

/**
 * Changes a provider's routing under its row lock and audits it (a `provider` event with the
 * settings before and after), unless nothing changed. Returns the row, or undefined when no
 * provider has that name.
 */
export async function changeProviderRouting(
  db: Db,
  request: { name: string; change: Partial<ProviderRouting>; actor: string },
): Promise<{ provider: StoredProvider; changed: boolean } | undefined> {
  const { name, change, actor } = request;
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom("providers")
      .selectAll()
      .where("name", "=", name)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return undefined;
    const before = routingOf(current);
    const after: ProviderRouting = {
      countries: change.countries ?? before.countries,
      weight: change.weight ?? before.weight,
      maxPerSecond: change.maxPerSecond ?? before.maxPerSecond,
      burst: change.burst ?? before.burst,
    };
    if (JSON.stringify(before) === JSON.stringify(after)) return { provider: current, changed: false };
    const provider = await trx
      .updateTable("providers")
      .set({ ...after, updatedBy: actor, updatedAt: sql<Date>`now()` })
      .where("name", "=", name)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, { kind: "provider", actor, details: { provider: name, from: before, to: after } });
    return { provider, changed: true };
  });
}

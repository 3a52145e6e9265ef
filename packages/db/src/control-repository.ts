import type { Db } from "./database.js";

/**
 * What intake reads first on every request: the stored content limit, and `version`, the count
 * of committed changes to the control tables (protection, country rules, spend prices and
 * limits, providers; bumped by triggers, see 0007-control-version). Undefined before the
 * dispatcher state is seeded.
 */
export interface ControlHead {
  messageMaxLength: number;
  version: number;
}

/** The content limit and the control tables' version, in one statement (see ControlHead). */
export async function readControlHead(db: Db): Promise<ControlHead | undefined> {
  return db
    .selectFrom("dispatcherState")
    .innerJoin("controlVersion", (join) => join.onTrue())
    .select(["dispatcherState.messageMaxLength", "controlVersion.version"])
    .executeTakeFirst();
}

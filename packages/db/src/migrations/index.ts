import type { Migration } from "kysely/migration";
import * as baseline from "./0001-baseline.js";
import * as protection from "./0002-protection.js";
import * as inboundKeywords from "./0003-inbound-keywords.js";
import * as privacy from "./0004-privacy.js";
import * as spend from "./0005-spend.js";
import * as arrivalLanes from "./0006-arrival-lanes.js";
import * as controlVersion from "./0007-control-version.js";

/**
 * Every migration, by name. Names sort in the order they run. `0001-baseline` is the schema as
 * first released; after a release, migrations are append-only: never edit or rename one that
 * shipped, add the next (see CONTRIBUTING.md).
 */
export const migrations: Record<string, Migration> = {
  "0001-baseline": baseline,
  "0002-protection": protection,
  "0003-inbound-keywords": inboundKeywords,
  "0004-privacy": privacy,
  "0005-spend": spend,
  "0006-arrival-lanes": arrivalLanes,
  "0007-control-version": controlVersion,
};

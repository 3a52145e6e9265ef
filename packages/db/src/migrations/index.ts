import type { Migration } from "kysely/migration";
import * as initialSchema from "./0001-initial-schema.js";
import * as attemptAccounting from "./0002-attempt-accounting-and-shared-limits.js";
import * as intakeKeys from "./0003-intake-keys.js";
import * as optOuts from "./0004-opt-outs.js";
import * as cancelAndBulkRetry from "./0005-cancel-and-bulk-retry.js";
import * as messageSegments from "./0006-message-segments.js";
import * as scheduledAndExpiring from "./0007-scheduled-and-expiring.js";
import * as priorityLanes from "./0008-priority-lanes.js";
import * as deliveryReceipts from "./0009-delivery-receipts.js";
import * as pauseClearedBy from "./0010-pause-cleared-by.js";
import * as statusCallbacks from "./0011-status-callbacks.js";
import * as providerFailover from "./0012-provider-failover.js";
import * as traceContext from "./0013-trace-context.js";
import * as providersAsData from "./0014-providers-as-data.js";

/** Every migration, by name. Names sort in the order they run; never rename or edit a shipped one. */
export const migrations: Record<string, Migration> = {
  "0001-initial-schema": initialSchema,
  "0002-attempt-accounting-and-shared-limits": attemptAccounting,
  "0003-intake-keys": intakeKeys,
  "0004-opt-outs": optOuts,
  "0005-cancel-and-bulk-retry": cancelAndBulkRetry,
  "0006-message-segments": messageSegments,
  "0007-scheduled-and-expiring": scheduledAndExpiring,
  "0008-priority-lanes": priorityLanes,
  "0009-delivery-receipts": deliveryReceipts,
  "0010-pause-cleared-by": pauseClearedBy,
  "0011-status-callbacks": statusCallbacks,
  "0012-provider-failover": providerFailover,
  "0013-trace-context": traceContext,
  "0014-providers-as-data": providersAsData,
};

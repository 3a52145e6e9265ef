// The vitest setup every suite shares: each test file gets its own database (see
// @dispatcher/db/testing) and queue prefix (testQueuePrefix) on the Postgres and Redis the
// global setup found, read through vitest's `inject("databaseUrl")` and `inject("redisUrl")`.
import "./provided-context.js";

export { testQueuePrefix } from "./queue-prefix.js";

import { randomUUID } from "node:crypto";

/** A Redis key prefix (QUEUE_PREFIX) no other test run uses. */
export function testQueuePrefix(): string {
  return `test-${randomUUID()}`;
}

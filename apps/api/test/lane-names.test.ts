import { seedDispatcherState } from "@dispatcher/db";
import { captureStatements, useTestDatabase } from "@dispatcher/db/testing";
import { describe, expect, it } from "vitest";
import { createStoredLanes } from "../src/intake/intake-rules.js";

const t = useTestDatabase({ seed: (db) => seedDispatcherState(db, { running: false }, "system") });

describe("createStoredLanes: the lanes intake checks a priority against", () => {
  it("reads the stored names once for known lanes, and once per request however many names are unknown", async () => {
    const { db, statements } = captureStatements(t.db);
    const laneNames = createStoredLanes(db);
    expect([...(await laneNames(["bulk"])).keys()].sort()).toEqual(["bulk", "transactional"]);
    expect((await laneNames(["transactional", "bulk"])).get("transactional")).toEqual({ arrival: true });
    expect((await laneNames(["bulk"])).get("bulk")).toEqual({ arrival: false });
    expect(statements).toHaveLength(1);
    // A bulk of a thousand names no lane has: one more read, not a thousand.
    const unknown = Array.from({ length: 1_000 }, (_, i) => `lane-${i}`);
    expect((await laneNames(unknown)).has("lane-1")).toBe(false);
    expect(statements).toHaveLength(2);
  });

  it("a lane stored since is seen at once", async () => {
    const laneNames = createStoredLanes(t.db);
    expect((await laneNames(["marketing"])).has("marketing")).toBe(false);
    await seedDispatcherState(
      t.db,
      {
        running: false,
        lanes: [{ name: "marketing", intervalMs: 600_000, batchSize: 50, ahead: false, arrival: false }],
      },
      "system",
    );
    expect((await laneNames(["marketing"])).has("marketing")).toBe(true);
  });
});

import { LANE_NAME_PATTERN, MESSAGE_STATUSES } from "@dispatcher/core";
import { describe, expect, it } from "vitest";
import { PrioritySchema, StatusSchema } from "../src/schemas/common.js";

describe("the API's schemas and @dispatcher/core", () => {
  it("StatusSchema lists exactly MESSAGE_STATUSES, in order", () => {
    expect(StatusSchema.anyOf.map((literal) => literal.const)).toEqual([...MESSAGE_STATUSES]);
  });

  it("PrioritySchema takes exactly the names LANE_NAME_PATTERN takes", () => {
    expect((PrioritySchema as { pattern?: string }).pattern).toBe(LANE_NAME_PATTERN.source);
  });
});

import { MESSAGE_PRIORITIES, MESSAGE_STATUSES } from "@dispatcher/core";
import { describe, expect, it } from "vitest";
import { PrioritySchema, StatusSchema } from "../src/schemas/common.js";

describe("the API's schemas and @dispatcher/core", () => {
  it("StatusSchema lists exactly MESSAGE_STATUSES, in order", () => {
    expect(StatusSchema.anyOf.map((literal) => literal.const)).toEqual([...MESSAGE_STATUSES]);
  });

  it("PrioritySchema lists exactly MESSAGE_PRIORITIES, in order", () => {
    expect((PrioritySchema as { enum?: unknown }).enum).toEqual([...MESSAGE_PRIORITIES]);
  });
});

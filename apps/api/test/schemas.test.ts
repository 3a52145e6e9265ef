import { MESSAGE_STATUSES } from "@dispatcher/core";
import { describe, expect, it } from "vitest";
import { StatusSchema } from "../src/schemas/common.js";

describe("the API's schemas and @dispatcher/core", () => {
  it("StatusSchema lists exactly MESSAGE_STATUSES, in order", () => {
    expect(StatusSchema.anyOf.map((literal) => literal.const)).toEqual([...MESSAGE_STATUSES]);
  });
});

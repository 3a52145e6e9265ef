import { describe, expect, it } from "vitest";
import { redactUrl } from "../src/index.js";

describe("redactUrl", () => {
  it("hides the password and keeps the rest", () => {
    expect(redactUrl("postgres://u:secret@db:5432/x")).toBe("postgres://u:***@db:5432/x");
    expect(redactUrl("not a url")).toBe("<unparseable URL>");
  });
});

import { describe, expect, it } from "vitest";
import { maskNumber } from "../src/mask-number.js";

describe("maskNumber", () => {
  it.each([
    ["+905551234567", "+90555***4567"],
    ["+14155552671", "+14***71"],
    ["+4930123456789", "+49301***6789"],
    ["+12345", "+12***45"],
    ["+1234", "***"],
  ])("%s is shown as %s", (number, masked) => {
    expect(maskNumber(number)).toBe(masked);
  });

  it("hides at least 3 digits of any number", () => {
    for (let length = 8; length <= 16; length++) {
      const number = `+${"123456789012345".slice(0, length - 1)}`;
      const masked = maskNumber(number).replace("***", "");
      expect(number.length - masked.length, number).toBeGreaterThanOrEqual(3);
    }
  });
});

import { describe, expect, it } from "vitest";
import { maskNumber } from "../src/mask-number.js";

describe("maskNumber", () => {
  it.each([
    ["+905551234567", "+90555***4567"],
    ["+14155552671", "+1415***2671"],
    ["+4930123", "+49***23"],
    ["905551234567", "90555***4567"],
    ["+123", "+***"],
  ])("shows %s as %s", (number, masked) => {
    expect(maskNumber(number)).toBe(masked);
  });

  it("hides at least three digits of any number, and every digit of the middle", () => {
    for (let length = 1; length <= 15; length++) {
      const digits = "123456789012345".slice(0, length);
      const shown = maskNumber(`+${digits}`).replace(/[^\d]/g, "");
      expect(length - shown.length).toBeGreaterThanOrEqual(Math.min(3, length));
    }
  });

  it("repeats nothing of a text that is not a number", () => {
    expect(maskNumber("STOP +905551234567")).toBe("***");
    expect(maskNumber("+90555\n1234567")).toBe("***");
    expect(maskNumber("")).toBe("***");
  });
});

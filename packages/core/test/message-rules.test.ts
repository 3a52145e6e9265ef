import { describe, expect, it } from "vitest";
import { isCountryCode, readRfc3339, readSchedule, validateMessageInput } from "../src/index.js";

describe("validateMessageInput", () => {
  it("accepts a valid E.164 number and content within the limit", () => {
    expect(validateMessageInput({ to: "+905551111111", content: "hello" }, 160)).toEqual([]);
    expect(validateMessageInput({ to: "+14155552671", content: "x".repeat(160) }, 160)).toEqual([]);
  });

  it("refuses numbers that are not E.164 or not real numbers", () => {
    for (const to of ["905551111111", "+90 555 111 11 11", "+0123456789", "++905551111111", ""]) {
      expect(validateMessageInput({ to, content: "x" }, 160), to).toEqual([
        { field: "to", message: expect.stringMatching(/E\.164/) },
      ]);
    }
    // Well-formed but not a number any country assigns.
    expect(validateMessageInput({ to: "+9055511", content: "x" }, 160)).toEqual([
      { field: "to", message: "is not a valid phone number" },
    ]);
  });

  it("refuses empty, blank and over-long content, counting code points", () => {
    expect(validateMessageInput({ to: "+905551111111", content: "" }, 160)[0]?.field).toBe("content");
    expect(validateMessageInput({ to: "+905551111111", content: "   " }, 160)[0]?.field).toBe("content");
    expect(validateMessageInput({ to: "+905551111111", content: "x".repeat(161) }, 160)[0]?.message).toMatch(
      /at most 160/,
    );
    // 160 emoji are 320 UTF-16 units but 160 characters.
    expect(validateMessageInput({ to: "+905551111111", content: "😀".repeat(160) }, 160)).toEqual([]);
  });

  it("refuses a NUL character, which Postgres text cannot store", () => {
    expect(validateMessageInput({ to: "+905551111111", content: "a\u0000b" }, 160)).toEqual([
      { field: "content", message: expect.stringMatching(/NUL/) },
    ]);
  });

  it("reports every error at once", () => {
    expect(validateMessageInput({ to: "nope", content: "" }, 160).map((e) => e.field)).toEqual([
      "to",
      "content",
    ]);
  });
});

describe("country codes", () => {
  it("knows the ISO codes that have phone numbering", () => {
    expect(isCountryCode("TR")).toBe(true);
    expect(isCountryCode("tr")).toBe(false);
    expect(isCountryCode("XX")).toBe(false);
    expect(isCountryCode("TUR")).toBe(false);
  });
});

describe("readRfc3339", () => {
  it.each([
    ["a day past the month's end", "2026-02-31T09:00:00Z"],
    ["the 31st of a 30-day month", "2026-04-31T09:00:00Z"],
    ["February 29 of a common year", "2026-02-29T09:00:00Z"],
    ["February 29 of a century that is not a leap year", "2100-02-29T09:00:00Z"],
    ["day 0", "2026-11-00T09:00:00Z"],
    ["month 13", "2026-13-01T09:00:00Z"],
    ["hour 24", "2026-11-22T24:00:00Z"],
    ["minute 60", "2026-11-22T23:60:00Z"],
    ["a leap second", "2026-12-31T23:59:60Z"],
    ["an offset of 24 hours", "2026-11-22T10:00:00+24:00"],
    ["an offset minute of 60", "2026-11-22T10:00:00+03:60"],
  ])("refuses %s instead of rolling it forward", (_name, value) => {
    expect(readRfc3339(value)).toBeUndefined();
  });

  it.each([
    ["February 29 of a leap year", "2028-02-29T09:00:00Z", "2028-02-29T09:00:00.000Z"],
    ["February 29 of a leap century", "2000-02-29T09:00:00Z", "2000-02-29T09:00:00.000Z"],
    ["the last second of a day", "2026-12-31T23:59:59Z", "2026-12-31T23:59:59.000Z"],
    ["an offset and fraction", "2026-03-01T01:30:00.25+03:00", "2026-02-28T22:30:00.250Z"],
    ["lower-case t and z", "2026-11-22t10:00:00z", "2026-11-22T10:00:00.000Z"],
  ])("reads %s as the instant it names", (_name, value, iso) => {
    expect(readRfc3339(value)?.toISOString()).toBe(iso);
  });
});

describe("readSchedule", () => {
  const now = new Date("2026-11-22T10:00:00Z");
  const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();

  it("reads sendAt and expiresAt, or a validity counted from sendAt (else now)", () => {
    expect(readSchedule({}, now)).toEqual({ schedule: { sendAt: null, expiresAt: null }, errors: [] });
    expect(readSchedule({ sendAt: at(60_000), expiresAt: at(120_000) }, now).schedule).toEqual({
      sendAt: new Date(at(60_000)),
      expiresAt: new Date(at(120_000)),
    });
    expect(readSchedule({ sendAt: at(60_000), validitySeconds: 30 }, now).schedule?.expiresAt).toEqual(
      new Date(at(90_000)),
    );
    expect(readSchedule({ validitySeconds: 30 }, now).schedule?.expiresAt).toEqual(new Date(at(30_000)));
    // Within the clock skew a past sendAt is due at once.
    expect(readSchedule({ sendAt: at(-30_000) }, now).errors).toEqual([]);
  });

  it.each([
    ["sendAt not a date", { sendAt: "tomorrow" }, "sendAt", /RFC 3339/],
    ["sendAt without a time zone", { sendAt: "2026-11-22T11:00:00" }, "sendAt", /RFC 3339/],
    ["sendAt on a day its month lacks", { sendAt: "2026-11-31T11:00:00Z" }, "sendAt", /RFC 3339/],
    ["expiresAt at hour 24", { expiresAt: "2026-11-22T24:00:00Z" }, "expiresAt", /RFC 3339/],
    ["sendAt in the past", { sendAt: "2026-11-22T09:58:00Z" }, "sendAt", /past/],
    ["sendAt past the horizon", { sendAt: "2026-12-23T10:00:00Z" }, "sendAt", /30 days/],
    ["expiresAt in the past", { expiresAt: "2026-11-22T09:59:00Z" }, "expiresAt", /future/],
    [
      "expiresAt before sendAt",
      { sendAt: "2026-11-22T11:00:00Z", expiresAt: "2026-11-22T10:30:00Z" },
      "expiresAt",
      /after sendAt/,
    ],
    [
      "both expiresAt and validitySeconds",
      { expiresAt: "2026-11-22T11:00:00Z", validitySeconds: 60 },
      "validitySeconds",
      /one of them/,
    ],
    [
      "a validity ending past the horizon",
      { sendAt: "2026-12-21T10:00:00Z", validitySeconds: 2 * 86_400 },
      "validitySeconds",
      /30 days/,
    ],
  ])("refuses %s, naming the field", (_name, input, field, message) => {
    const { errors } = readSchedule(input, now);
    expect(errors).toContainEqual({ field, message: expect.stringMatching(message) });
  });
});

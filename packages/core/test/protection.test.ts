import { describe, expect, it } from "vitest";
import { type CountryRules, judgeRecipient } from "../src/index.js";

const NOW = new Date("2026-12-07T12:00:00Z");
const rules = (
  defaultAction: CountryRules["defaultAction"],
  countries: Record<string, "allow" | "block" | "monitor">,
) => ({
  defaultAction,
  countries: new Map(Object.entries(countries)),
});

describe("judgeRecipient", () => {
  it("applies a country's own rule, and the default to every other country and to numbers of none", () => {
    const countries = rules("block", { TR: "allow", DE: "monitor" });
    expect(judgeRecipient("+905551111111", { countries, number: undefined, now: NOW })).toEqual({
      decision: "allow",
      override: false,
    });
    expect(judgeRecipient("+4915123456789", { countries, number: undefined, now: NOW })).toEqual({
      decision: "monitor",
      country: "DE",
      rule: "country DE: monitor",
    });
    expect(judgeRecipient("+14155552671", { countries, number: undefined, now: NOW })).toEqual({
      decision: "block",
      refusal: { code: "country_blocked", rule: "every other country: block (the number is of US)" },
    });
    // +800: International Freephone, of no country.
    expect(judgeRecipient("+80012345678", { countries, number: undefined, now: NOW })).toMatchObject({
      decision: "block",
      refusal: { rule: "every other country: block (the number is of no country)" },
    });
    expect(
      judgeRecipient("+14155552671", {
        countries: rules("allow", { US: "block" }),
        number: undefined,
        now: NOW,
      }),
    ).toMatchObject({ decision: "block", refusal: { rule: "country US: block (the number is of US)" } });
  });

  it("lets a number's own rule decide while it is in force, and its country's once it has expired", () => {
    const countries = rules("allow", { US: "block" });
    const later = new Date(NOW.getTime() + 60_000);
    const earlier = new Date(NOW.getTime() - 1);
    expect(
      judgeRecipient("+14155552671", { countries, number: { action: "allow", until: later }, now: NOW }),
    ).toEqual({ decision: "allow", override: true });
    expect(
      judgeRecipient("+14155552671", { countries, number: { action: "allow", until: earlier }, now: NOW }),
    ).toMatchObject({ decision: "block", refusal: { code: "country_blocked" } });
    expect(
      judgeRecipient("+905551234567", { countries, number: { action: "block", until: null }, now: NOW }),
    ).toEqual({
      decision: "block",
      refusal: { code: "number_blocked", rule: "number +90555***4567: block" },
    });
    expect(
      judgeRecipient("+905551234567", { countries, number: { action: "block", until: later }, now: NOW }),
    ).toMatchObject({ refusal: { rule: `number +90555***4567: block until ${later.toISOString()}` } });
  });
});

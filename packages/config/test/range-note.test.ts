import { describe, expect, it } from "vitest";
import { apiEnvSpec, mockProviderEnvSpec, type RangeNote, workerEnvSpec } from "../src/index.js";

// docs/configuration.md shows each range validator's bounds (RangeNote); this keeps them true.
type Parsed = RangeNote & { _parse: (input: string) => unknown };

const specs = Object.entries({ ...apiEnvSpec, ...workerEnvSpec, ...mockProviderEnvSpec }) as Array<
  [string, Parsed]
>;
const ranged = specs.filter(([, spec]) => spec.range !== undefined);

describe("the bounds the configuration doc shows", () => {
  it("exist for every numeric range setting", () => {
    expect(ranged.map(([key]) => key)).toEqual(
      expect.arrayContaining(["DISPATCH_INTERVAL_MS", "SEND_ATTEMPTS", "MOCK_PROVIDER_FAIL_RATE"]),
    );
  });

  it.each(ranged)("%s accepts its min and max and refuses just outside them", (_key, spec) => {
    const { min, max } = spec.range!;
    expect(spec._parse(String(min))).toBe(min);
    expect(spec._parse(String(max))).toBe(max);
    expect(() => spec._parse(String(min - 1))).toThrow(`from ${min} to ${max}`);
    expect(() => spec._parse(String(max + 1))).toThrow(`from ${min} to ${max}`);
  });
});

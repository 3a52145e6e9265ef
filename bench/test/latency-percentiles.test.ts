import { describe, expect, it } from "vitest";
import { summarizeLatencies } from "../src/latency-percentiles.js";

const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("summarizeLatencies", () => {
  it("gives nearest-rank percentiles of latencies that all arrived, in any order", () => {
    expect(summarizeLatencies(oneTo(100).reverse())).toEqual({
      count: 100,
      arrived: 100,
      p50: 50,
      p95: 95,
      p99: 99,
      max: 100,
    });
  });

  it("ranks a message that never arrived above every arrival, so p99 of 100 with 2 missing is unknown", () => {
    const summary = summarizeLatencies([...oneTo(98), null, null]);
    expect(summary).toEqual({ count: 100, arrived: 98, p50: 50, p95: 95, p99: null, max: null });
  });

  it("does not leave missing messages out: 5 arrivals of 10 put the median at the 5th arrival and p95 past them", () => {
    const summary = summarizeLatencies([5, null, 1, null, 4, null, 3, null, 2, null]);
    expect(summary).toMatchObject({ arrived: 5, p50: 5, p95: null });
  });

  it("gives nothing for no messages", () => {
    expect(summarizeLatencies([])).toEqual({
      count: 0,
      arrived: 0,
      p50: null,
      p95: null,
      p99: null,
      max: null,
    });
  });
});

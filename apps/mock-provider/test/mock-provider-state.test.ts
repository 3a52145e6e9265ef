import { describe, expect, it } from "vitest";
import { ANSWER_LOG_LIMIT, createMockProviderState } from "../src/mock-provider-state.js";

describe("the answer log", () => {
  it("keeps the latest ANSWER_LOG_LIMIT answers, oldest first, however many came", () => {
    const state = createMockProviderState();
    const total = Math.round(ANSWER_LOG_LIMIT * 1.6);
    for (let i = 0; i < total; i++)
      state.logAnswer({ at: i, receivedAt: i, idempotencyKey: null, status: 202 });
    const answers = state.answers();
    expect(answers).toHaveLength(ANSWER_LOG_LIMIT);
    expect(answers[0]!.at).toBe(total - ANSWER_LOG_LIMIT);
    expect(answers.at(-1)!.at).toBe(total - 1);
  });
});

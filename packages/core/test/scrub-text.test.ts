import { describe, expect, it } from "vitest";
import { maskNumbersIn, scrubMessageText } from "../src/scrub-text.js";

describe("maskNumbersIn", () => {
  it.each([
    ["/api/v1/opt-outs/+905551234567", "/api/v1/opt-outs/+90555***4567"],
    ["/api/v1/messages?to=%2B905551234567&limit=5", "/api/v1/messages?to=%2B90555***4567&limit=5"],
    ["/api/v1/messages?to= 905551234567", "/api/v1/messages?to= 90555***4567"],
    ["invalid number 905551234567.", "invalid number 90555***4567."],
    ["id 42, 2026-11-22, attempt 123456", "id 42, 2026-11-22, attempt 123456"],
    ["a run of 16 digits 1234567890123456", "a run of 16 digits 1234567890123456"],
  ])("%s → %s", (text, masked) => {
    expect(maskNumbersIn(text)).toBe(masked);
  });
});

describe("scrubMessageText", () => {
  const message = { to: "+905551234567", content: 'Your code is "1234"\nbye' };

  it("removes the content, raw or JSON-escaped, and masks the number with or without its +", () => {
    const echoed = `400: {"to":"905551234567","text":${JSON.stringify(message.content)}} raw: ${message.content}`;
    const scrubbed = scrubMessageText(echoed, message);
    expect(scrubbed).toBe('400: {"to":"90555***4567","text":"[content]"} raw: [content]');
  });

  it("leaves a short content alone (it could match unrelated words)", () => {
    expect(scrubMessageText("provider answered 400: Hi", { to: "+905551234567", content: "Hi" })).toBe(
      "provider answered 400: Hi",
    );
  });
});

import { describe, expect, it } from "vitest";
import { signPayload, verifySignature } from "../src/signatures.js";

const SECRET = "a".repeat(32);
const OLD = "b".repeat(32);
const body = '{"messageId":"p-1","status":"delivered","at":"2026-11-29T10:00:00Z"}';
const now = new Date("2026-11-29T10:00:30Z");
const check = (
  header: string | undefined,
  overrides: { body?: string; secrets?: string[]; now?: Date } = {},
) =>
  verifySignature({
    header,
    body: overrides.body ?? body,
    secrets: overrides.secrets ?? [SECRET],
    toleranceSeconds: 300,
    now: overrides.now ?? now,
  });

describe("signed webhooks", () => {
  it("accepts its own signature, with the current or the previous secret", () => {
    expect(check(signPayload(SECRET, body, now))).toBe("ok");
    expect(check(signPayload(OLD, body, now), { secrets: [SECRET, OLD] })).toBe("ok");
    expect(check(signPayload(SECRET, Buffer.from(body), now))).toBe("ok");
  });

  it("refuses another body, another secret, and a timestamp outside the window", () => {
    const header = signPayload(SECRET, body, now);
    expect(check(header, { body: body.replace("delivered", "failed") })).toBe("mismatch");
    expect(check(signPayload(OLD, body, now))).toBe("mismatch");
    expect(check(header, { now: new Date(now.getTime() + 301_000) })).toBe("stale");
    expect(check(signPayload(SECRET, body, new Date(now.getTime() + 400_000)))).toBe("stale");
    // The timestamp is signed: moving it breaks the HMAC.
    const t = Math.floor(now.getTime() / 1000);
    expect(check(header.replace(`t=${t}`, `t=${t + 1}`))).toBe("mismatch");
  });

  it.each([
    [undefined, "missing"],
    ["", "missing"],
    ["v1=abc", "malformed"],
    ["t=now,v1=" + "0".repeat(64), "malformed"],
    ["t=1764410430,v1=" + "z".repeat(64), "malformed"],
    ["t=1764410430,v1=" + "0".repeat(63), "malformed"],
    ["t=1764410430", "malformed"],
    ["garbage", "malformed"],
  ])("%j is %s", (header, expected) => {
    expect(check(header)).toBe(expected);
  });

  it("an empty secret in the list never matches", () => {
    expect(check(signPayload("", body, now), { secrets: [""] })).toBe("mismatch");
  });
});

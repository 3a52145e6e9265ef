import { Secret } from "@dispatcher/core";
import { describe, expect, it } from "vitest";
import { createInboundReaders, createReceiptReaders } from "../src/create-adapter.js";

// Which kinds read inbound messages: twilio does; webhook's come to the generic endpoint, and
// aws-sms's go to SNS, which this API does not read.

describe("createInboundReaders", () => {
  it("reads inbound messages for twilio providers only", () => {
    const entries = [
      { name: "tw", kind: "twilio", settings: { authToken: new Secret("t".repeat(32), "test") } },
      { name: "hook", kind: "webhook", settings: {} },
      { name: "aws", kind: "aws-sms", settings: {} },
    ];
    expect([...createInboundReaders(entries).keys()]).toEqual(["tw"]);
    expect([...createReceiptReaders(entries).keys()]).toEqual(["tw"]);
  });
});

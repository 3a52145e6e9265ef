import { pbkdf2 } from "node:crypto";
import { createSocket, type Socket } from "node:dgram";
import type { LookupAddress } from "node:dns";
import type { AddressInfo, LookupFunction } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createBoundedLookup, NameResolutionError } from "../src/bounded-lookup.js";

let dns: Socket | undefined;
afterEach(() => {
  dns?.close();
  dns = undefined;
});

/**
 * A DNS server on loopback over real UDP: answers every A question with 127.0.0.1 (TTL 60), every
 * other question with no records; with `silent`, answers nothing at all.
 */
async function dnsServer(silent = false): Promise<string> {
  dns = createSocket("udp4");
  dns.on("message", (query, peer) => {
    if (silent) return;
    // The question ends after the name's labels (a zero byte), then QTYPE and QCLASS.
    let end = 12;
    while (query[end] !== 0) end += query[end]! + 1;
    const type = query.readUInt16BE(end + 1);
    const question = query.subarray(12, end + 5);
    const isA = type === 1;
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2); // id
    header.writeUInt16BE(0x8180, 2); // a response, recursion available, no error
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(isA ? 1 : 0, 6);
    const answer = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1]);
    dns!.send(Buffer.concat([header, question, ...(isA ? [answer] : [])]), peer.port, peer.address);
  });
  await new Promise<void>((r) => dns!.bind(0, "127.0.0.1", r));
  return `127.0.0.1:${(dns!.address() as AddressInfo).port}`;
}

function lookupAll(lookup: LookupFunction, host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    lookup(host, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses as unknown as LookupAddress[]),
    ),
  );
}

describe("a provider's bounded name lookup", () => {
  it("resolves through DNS while libuv's thread pool is busy (getaddrinfo would wait behind it)", async () => {
    const lookup = createBoundedLookup({ timeoutMs: 1_000, servers: [await dnsServer()] });
    // Four slow jobs fill the default pool of four threads for about a second.
    const busy = Array.from(
      { length: 4 },
      () => new Promise((r) => pbkdf2("x", "y", 2_000_000, 32, "sha512", r)),
    );
    let poolDone = false;
    const pool = Promise.all(busy).then(() => {
      poolDone = true;
    });
    expect(await lookupAll(lookup, "sms.provider.test")).toEqual([{ address: "127.0.0.1", family: 4 }]);
    // Answered while every thread was still taken: it never queued behind them.
    expect(poolDone).toBe(false);
    await pool;
  });

  it("fails within its bound when DNS never answers, with a NameResolutionError", async () => {
    const lookup = createBoundedLookup({ timeoutMs: 300, servers: [await dnsServer(true)] });
    const started = performance.now();
    const error = await lookupAll(lookup, "sms.provider.test").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NameResolutionError);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("answers IP literals and localhost without asking anyone, and honours the family asked for", async () => {
    const lookup = createBoundedLookup({ timeoutMs: 300, servers: [await dnsServer(true)] });
    expect(await lookupAll(lookup, "10.1.2.3")).toEqual([{ address: "10.1.2.3", family: 4 }]);
    const one = await new Promise<[string, number]>((resolve, reject) =>
      lookup("localhost", { family: 6 }, (error, address, family) =>
        error ? reject(error) : resolve([address as string, family as number]),
      ),
    );
    expect(one).toEqual(["::1", 6]);
  });
});

import { describe, expect, it } from "vitest";
import { createCallbackResolver } from "../src/callback-host-resolver.js";
import { checkCallbackUrl, isPrivateAddress } from "../src/callback-url.js";

describe("callback URLs (SSRF guard)", () => {
  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fd00::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::ffff:7f00:1",
    "::7f00:1",
    "::127.0.0.1",
    "fec0::1",
    "2002:7f00:1::1",
    "64:ff9b:1::a00:1",
    "not an address",
  ])("%s is private", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])(
    "%s is public",
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );

  const resolvesTo = (addresses: string[]) => async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? (6 as const) : (4 as const) }));
  // Literals and localhost are answered without a query: no server is needed (port 9 discards).
  const noDns = createCallbackResolver({ timeoutMs: 500, maxCacheMs: 0, servers: ["127.0.0.1:9"] });
  it("refuses a host that resolves to any private address, and allows it with allowPrivate", async () => {
    const refuse = { allowPrivate: false, resolve: resolvesTo(["93.184.216.34", "10.0.0.5"]) };
    expect(await checkCallbackUrl("https://hooks.example.com/sms", refuse)).toMatch(
      /private address \(10\.0\.0\.5\)/,
    );
    expect(
      await checkCallbackUrl("https://hooks.example.com/sms", { ...refuse, allowPrivate: true }),
    ).toBeUndefined();
    expect(
      await checkCallbackUrl("https://hooks.example.com/sms", {
        allowPrivate: false,
        resolve: resolvesTo(["93.184.216.34"]),
      }),
    ).toBeUndefined();
  });

  it("refuses literal private addresses and localhost, asking no DNS server", async () => {
    const strict = { allowPrivate: false, resolve: noDns };
    expect(await checkCallbackUrl("http://127.0.0.1:8080/cb", strict)).toMatch(/loopback or private/);
    expect(await checkCallbackUrl("http://[::1]/cb", strict)).toMatch(/loopback or private/);
    expect(await checkCallbackUrl("http://localhost/cb", strict)).toMatch(/loopback or private/);
    expect(await checkCallbackUrl("http://2130706433/cb", strict)).toMatch(/loopback or private/);
  });

  it.each([
    ["ftp://example.com/x", /http or https/],
    ["file:///etc/passwd", /http or https/],
    ["/relative", /absolute/],
    ["https://user:pw@example.com/", /credentials/],
    [`https://example.com/${"a".repeat(2_100)}`, /2048/],
  ])("%s is refused", async (url, why) => {
    expect(await checkCallbackUrl(url, { allowPrivate: true, resolve: noDns })).toMatch(why);
  });
});

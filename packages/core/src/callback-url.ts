import { BlockList, isIP } from "node:net";
import { type CallbackHostResolver, isCallbackHostError } from "./callback-host-resolver.js";

/**
 * Addresses a status callback may not reach unless ALLOW_PRIVATE_CALLBACKS is set: loopback,
 * private, shared (CGNAT), link-local, multicast, reserved and unspecified ranges of IPv4 and
 * IPv6 (also IPv4-compatible, NAT64 and 6to4 forms, and site-local), and IPv4 written as IPv6.
 * A client could otherwise make the dispatcher call the services
 * next to it (SSRF).
 */
const PRIVATE = /* @__PURE__ */ (() => {
  const list = new BlockList();
  for (const [net, bits] of [
    ["0.0.0.0", 8],
    ["10.0.0.0", 8],
    ["100.64.0.0", 10],
    ["127.0.0.0", 8],
    ["169.254.0.0", 16],
    ["172.16.0.0", 12],
    ["192.0.0.0", 24],
    ["192.168.0.0", 16],
    ["198.18.0.0", 15],
    ["224.0.0.0", 4],
    ["240.0.0.0", 4],
  ] as const) {
    list.addSubnet(net, bits, "ipv4");
  }
  for (const [net, bits] of [
    ["::", 96],
    ["64:ff9b::", 96],
    ["64:ff9b:1::", 48],
    ["2002::", 16],
    ["fec0::", 10],
    ["fc00::", 7],
    ["fe80::", 10],
    ["ff00::", 8],
  ] as const) {
    list.addSubnet(net, bits, "ipv6");
  }
  return list;
})();

/** Whether `address` (an IP literal) is in a range a callback may not reach. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  // IPv4 written as IPv6 (::ffff:10.0.0.1, ::ffff:a00:1) is judged as the IPv4 address it is.
  const mapped = /^::ffff:(.+)$/i.exec(address)?.[1];
  if (family === 6 && mapped !== undefined) {
    if (isIP(mapped) === 4) return isPrivateAddress(mapped);
    const [high, low] = mapped.split(":").map((part) => Number.parseInt(part, 16));
    if (high !== undefined && low !== undefined && !Number.isNaN(high) && !Number.isNaN(low)) {
      return isPrivateAddress([high >> 8, high & 255, low >> 8, low & 255].join("."));
    }
  }
  return PRIVATE.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * Why `url` may not be a callback URL whatever its host resolves to, or undefined when its form
 * is acceptable: an absolute http(s) URL without credentials, at most 2,048 characters.
 */
export function malformedCallbackUrl(url: string): string | undefined {
  if (url.length > 2_048) return "must be at most 2048 characters";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be an absolute http or https URL";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "must be an http or https URL";
  if (parsed.username || parsed.password) return "must not carry credentials";
  return undefined;
}

/** The host of an acceptable callback URL, as DNS is asked for it (IPv6 literals without brackets). */
export function callbackHost(url: string): string {
  return new URL(url).hostname.replace(/^\[|\]$/g, "");
}

/**
 * Why `url` may not be a callback URL, or undefined when it may: well formed (see
 * malformedCallbackUrl), with a host that resolves (through `resolve`) only to public addresses
 * (unless `allowPrivate`, which skips resolving). A host DNS says does not exist is refused too.
 * Throws the CallbackHostError of `resolve` when DNS gives no answer now (`unavailable`): that
 * says nothing of the URL, and asking again later may succeed.
 */
export async function checkCallbackUrl(
  url: string,
  options: { allowPrivate: boolean; resolve: CallbackHostResolver },
): Promise<string | undefined> {
  const malformed = malformedCallbackUrl(url);
  if (malformed || options.allowPrivate) return malformed;
  const host = callbackHost(url);
  let addresses: string[];
  try {
    addresses = (await options.resolve(host)).map((a) => a.address);
  } catch (error) {
    if (isCallbackHostError(error, "not-found")) return `host ${host} does not resolve`;
    throw error;
  }
  if (addresses.length === 0) return `host ${host} does not resolve`;
  return privateAddressRefusal(addresses);
}

/** Why a callback may not go to `addresses` (the first private one named), or undefined when all are public. */
export function privateAddressRefusal(addresses: readonly string[]): string | undefined {
  const blocked = addresses.find(isPrivateAddress);
  return blocked
    ? `points at a loopback or private address (${blocked}); set ALLOW_PRIVATE_CALLBACKS=true to allow it`
    : undefined;
}

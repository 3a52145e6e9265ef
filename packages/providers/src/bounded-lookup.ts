import { type LookupAddress, Resolver, lookup as systemLookup } from "node:dns";
import { isIP, type LookupFunction } from "node:net";

/**
 * A provider's host name that did not resolve within its bound. No request was made, and it says
 * nothing of the provider: an adapter reports it as `not-sent`.
 */
export class NameResolutionError extends Error {
  override readonly name = "NameResolutionError";
  readonly code = "ERR_NAME_RESOLUTION";
  constructor(
    readonly hostname: string,
    reason: string,
  ) {
    super(`could not resolve ${hostname}: ${reason}`);
  }
}

/** Whether `error` (or one of its causes) is a NameResolutionError. */
export function isNameResolutionError(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) if (e instanceof NameResolutionError) return true;
  return false;
}

/** The longest a resolved address is reused, in ms (a shorter DNS TTL wins). */
const MAX_CACHE_MS = 30_000;

/**
 * Name resolution for provider connections that never waits longer than `timeoutMs` and never
 * queues behind other lookups: DNS is asked through c-ares (dns.Resolver, its own sockets and
 * timeout), not getaddrinfo on libuv's 4-thread pool, where a stalled lookup (a callback host's,
 * say) holds every other one. Names DNS does not know (`/etc/hosts` entries, short names that
 * need the resolver's search list) fall back to getaddrinfo, still bounded by `timeoutMs`.
 * Answers are reused for their TTL, at most 30 s. A failure is a NameResolutionError.
 */
export function createBoundedLookup(options: {
  timeoutMs: number;
  /** DNS servers to ask (`127.0.0.1:5353`); default the system's. */
  servers?: string[];
}): LookupFunction {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 1 });
  if (options.servers) resolver.setServers(options.servers);
  const cache = new Map<string, { addresses: LookupAddress[]; until: number }>();

  const resolve = async (hostname: string): Promise<LookupAddress[]> => {
    const cached = cache.get(hostname);
    if (cached && cached.until > Date.now()) return cached.addresses;
    const [v4, v6] = await Promise.allSettled([
      new Promise<{ address: string; ttl: number }[]>((ok, fail) =>
        resolver.resolve4(hostname, { ttl: true }, (error, found) => (error ? fail(error) : ok(found))),
      ),
      new Promise<{ address: string; ttl: number }[]>((ok, fail) =>
        resolver.resolve6(hostname, { ttl: true }, (error, found) => (error ? fail(error) : ok(found))),
      ),
    ]);
    const found = [
      ...(v4.status === "fulfilled" ? v4.value.map((a) => ({ ...a, family: 4 })) : []),
      ...(v6.status === "fulfilled" ? v6.value.map((a) => ({ ...a, family: 6 })) : []),
    ];
    let addresses: LookupAddress[];
    let ttlMs = MAX_CACHE_MS;
    if (found.length > 0) {
      addresses = found.map(({ address, family }) => ({ address, family }));
      ttlMs = Math.min(MAX_CACHE_MS, ...found.map((a) => a.ttl * 1_000));
    } else {
      const reason = v4.status === "rejected" ? (v4.reason as { code?: string }).code : undefined;
      if (reason === "ETIMEOUT")
        throw new NameResolutionError(hostname, `no DNS answer within ${options.timeoutMs} ms`);
      addresses = await systemLookupWithin(hostname, options.timeoutMs);
    }
    cache.set(hostname, { addresses, until: Date.now() + ttlMs });
    return addresses;
  };

  return ((
    hostname: string,
    lookupOptions: { family?: number | string; all?: boolean },
    callback: Function,
  ) => {
    const literal = isIP(hostname);
    const answer = (addresses: LookupAddress[]) => {
      const family = Number(String(lookupOptions.family ?? 0).replace("IPv", ""));
      const usable = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
      if (usable.length === 0) {
        callback(new NameResolutionError(hostname, `no IPv${family} address`));
      } else if (lookupOptions.all) {
        callback(null, usable);
      } else {
        callback(null, usable[0]!.address, usable[0]!.family);
      }
    };
    if (literal !== 0) return answer([{ address: hostname, family: literal }]);
    if (hostname === "localhost") {
      return answer([
        { address: "127.0.0.1", family: 4 },
        { address: "::1", family: 6 },
      ]);
    }
    resolve(hostname).then(answer, (error: unknown) =>
      callback(
        error instanceof NameResolutionError ? error : new NameResolutionError(hostname, String(error)),
      ),
    );
  }) as LookupFunction;
}

/** getaddrinfo, answered or failed within `timeoutMs` (the lookup itself cannot be cancelled). */
function systemLookupWithin(hostname: string, timeoutMs: number): Promise<LookupAddress[]> {
  return new Promise((ok, fail) => {
    const timer = setTimeout(
      () => fail(new NameResolutionError(hostname, `no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    systemLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      clearTimeout(timer);
      if (error) fail(new NameResolutionError(hostname, error.code ?? error.message));
      else ok(addresses);
    });
  });
}

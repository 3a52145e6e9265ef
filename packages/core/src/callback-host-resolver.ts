import { promises as dns } from "node:dns";
import { isIP } from "node:net";

/**
 * Name resolution for status callbacks' hosts, which clients choose. Vocabulary:
 * - an answer: the host's A and AAAA addresses, reused for their DNS TTL, at most `maxCacheMs`;
 * - not found: DNS answered that the name has no address (NXDOMAIN, or no A and no AAAA):
 *   permanent, and remembered a little while (NEGATIVE_CACHE_MS, at most `maxCacheMs`);
 * - unavailable: DNS gave no usable answer within `timeoutMs` (a timeout, SERVFAIL, a refused
 *   query): temporary, never remembered, so the next try asks again.
 */
export type CallbackHostErrorKind = "unavailable" | "not-found";

/** A callback host without an address to use; `kind` says whether trying later may help. */
export class CallbackHostError extends Error {
  override readonly name = "CallbackHostError";
  constructor(
    readonly hostname: string,
    readonly kind: CallbackHostErrorKind,
    reason: string,
  ) {
    super(`host ${hostname} ${reason}`);
  }
}

/** Whether `error` is a CallbackHostError of `kind`. */
export function isCallbackHostError(error: unknown, kind: CallbackHostErrorKind): error is CallbackHostError {
  return error instanceof CallbackHostError && error.kind === kind;
}

/** One address of a host. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves a callback host to every address it has (IPv4 first), or throws a CallbackHostError.
 * IP literals and `localhost` (and `*.localhost`) are answered without a query.
 */
export type CallbackHostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** How long a "not found" answer is reused, in ms (capped by `maxCacheMs` too). */
const NEGATIVE_CACHE_MS = 5_000;
/** Hosts remembered at most; the oldest entry makes way for a new one. */
const MAX_CACHED_HOSTS = 10_000;
/**
 * Failures that mean the name has no address: DNS said so, or the name cannot be asked at all (a
 * label over 63 characters, say). Any other failure is `unavailable`.
 */
const NOT_FOUND_CODES = new Set(["ENOTFOUND", "ENODATA", "ENONAME", "EBADNAME", "EBADQUERY", "EBADSTR"]);

export interface CallbackResolverOptions {
  /** CALLBACK_DNS_TIMEOUT_MS: the longest a lookup (both A and AAAA) waits for DNS, in ms. */
  timeoutMs: number;
  /** CALLBACK_DNS_CACHE_MAX_MS: the longest an answer is reused, in ms, whatever its TTL; 0 = never. */
  maxCacheMs: number;
  /** DNS servers to ask (`127.0.0.1:5353`). @defaultValue the system's (/etc/resolv.conf) */
  servers?: string[];
}

/**
 * A CallbackHostResolver that asks DNS through c-ares (dns.promises.Resolver: its own sockets, a
 * timeout, no share of libuv's thread pool), so a stalled name server delays only the callbacks
 * of the hosts it serves: never Postgres, Redis or provider lookups, nor other callback hosts.
 * Concurrent lookups of one host share one query. /etc/hosts is not read.
 */
export function createCallbackResolver(options: CallbackResolverOptions): CallbackHostResolver {
  const resolver = new dns.Resolver({ timeout: options.timeoutMs, tries: 1 });
  if (options.servers) resolver.setServers(options.servers);
  const cache = new Map<string, { answer: ResolvedAddress[] | CallbackHostError; until: number }>();
  const pending = new Map<string, Promise<ResolvedAddress[]>>();

  const remember = (host: string, answer: ResolvedAddress[] | CallbackHostError, forMs: number) => {
    if (forMs <= 0) return;
    cache.delete(host);
    if (cache.size >= MAX_CACHED_HOSTS) cache.delete(cache.keys().next().value!);
    cache.set(host, { answer, until: Date.now() + forMs });
  };

  const ask = async (host: string): Promise<ResolvedAddress[]> => {
    let timer: NodeJS.Timeout | undefined;
    // c-ares bounds each query by `timeout`; this bounds the pair, whatever c-ares retries.
    const deadline = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), options.timeoutMs);
    });
    const both = Promise.allSettled([
      resolver.resolve4(host, { ttl: true }),
      resolver.resolve6(host, { ttl: true }),
    ]);
    const settled = await Promise.race([both, deadline]).finally(() => clearTimeout(timer));
    const timedOut = () =>
      new CallbackHostError(host, "unavailable", `did not resolve within ${options.timeoutMs} ms`);
    if (settled === "timeout") throw timedOut();
    const [v4, v6] = settled;
    const found = [
      ...(v4.status === "fulfilled" ? v4.value.map((a) => ({ ...a, family: 4 as const })) : []),
      ...(v6.status === "fulfilled" ? v6.value.map((a) => ({ ...a, family: 6 as const })) : []),
    ];
    if (found.length > 0) {
      const addresses = found.map(({ address, family }) => ({ address, family }));
      remember(host, addresses, Math.min(options.maxCacheMs, ...found.map((a) => a.ttl * 1_000)));
      return addresses;
    }
    const codes = [v4, v6].map((r) =>
      r.status === "rejected" ? String((r.reason as { code?: unknown }).code) : "",
    );
    const failed = codes.find((code) => code !== "" && !NOT_FOUND_CODES.has(code));
    // c-ares's own timeout ends a query at about the same moment as the deadline: the same answer.
    if (failed === "ETIMEOUT") throw timedOut();
    if (failed !== undefined) {
      throw new CallbackHostError(host, "unavailable", `could not be resolved now (DNS: ${failed})`);
    }
    const notFound = new CallbackHostError(host, "not-found", "does not resolve");
    remember(host, notFound, Math.min(options.maxCacheMs, NEGATIVE_CACHE_MS));
    throw notFound;
  };

  return async (hostname) => {
    const host = hostname.toLowerCase().replace(/\.$/, "");
    const family = isIP(host);
    if (family !== 0) return [{ address: host, family: family as 4 | 6 }];
    if (host === "localhost" || host.endsWith(".localhost")) {
      return [
        { address: "127.0.0.1", family: 4 },
        { address: "::1", family: 6 },
      ];
    }
    const cached = cache.get(host);
    if (cached && cached.until > Date.now()) {
      if (cached.answer instanceof CallbackHostError) throw cached.answer;
      return cached.answer;
    }
    let lookup = pending.get(host);
    if (!lookup) {
      lookup = ask(host).finally(() => pending.delete(host));
      pending.set(host, lookup);
    }
    return lookup;
  };
}

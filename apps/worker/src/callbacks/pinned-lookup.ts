import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import type { ResolvedAddress } from "@dispatcher/core";

/**
 * A `lookup` for one connection that answers only `addresses` (those already resolved and
 * checked), whatever the host name: the connection reaches what was checked, and a name that
 * resolves elsewhere a moment later (DNS rebinding) changes nothing. Honours the family asked for.
 */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return ((
    hostname: string,
    options: { family?: number | string; all?: boolean },
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    const family = Number(String(options.family ?? 0).replace("IPv", ""));
    const usable: LookupAddress[] =
      family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : [...addresses];
    if (usable.length === 0) {
      const error = Object.assign(new Error(`${hostname} has no IPv${family} address`), {
        code: "ENOTFOUND",
      });
      return callback(error, "", 0);
    }
    if (options.all) return callback(null, usable);
    callback(null, usable[0]!.address, usable[0]!.family);
  }) as LookupFunction;
}

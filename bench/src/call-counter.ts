import { createHash } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import { createRequire } from "node:module";

/** What one process sent to Postgres, Redis and over HTTP since the last reset. */
export interface CallCounts {
  /** Statements by normalised SQL (parameters as `?`, repeated lists folded to `…`). */
  sql: Record<string, number>;
  /** Redis commands by name; EVALSHA is named after the BullMQ script it runs, e.g. `evalsha moveToFinished-14`. */
  redis: Record<string, number>;
  /** Redis round trips: commands sent on their own, plus one per pipeline or MULTI. */
  redisRoundTrips: number;
  /** Outgoing HTTP requests (node:http's client, and undici's). */
  http: number;
}

export interface CallCounter {
  reset: () => void;
  snapshot: () => CallCounts;
}

type Callable = (...args: unknown[]) => unknown;
interface Prototype {
  [method: string]: unknown;
}

/**
 * Counts, from inside a process, every Postgres statement (pg's `Client#query`), every Redis
 * command and round trip (ioredis's `sendCommand`, pipelines, Lua scripts registered with
 * `defineCommand`) and every outgoing HTTP request (node:http and undici diagnostics channels). `pg` and `ioredis` are resolved from
 * `resolveFrom` (a package.json path) so the very modules the app loads are wrapped. Install it
 * before the app is imported.
 */
export function installCallCounter(resolveFrom: { pg: string; ioredis: string }): CallCounter {
  let counts = empty();
  const bump = (map: Record<string, number>, key: string) => {
    map[key] = (map[key] ?? 0) + 1;
  };

  const pg = createRequire(resolveFrom.pg)("pg") as { Client: { prototype: Prototype } };
  // The same few statement texts repeat; normalise each once (bounded, in case texts vary without end).
  const shapes = new Map<string, string>();
  wrap(pg.Client.prototype, "query", (args) => {
    const config = args[0] as string | { text?: string } | undefined;
    const text = typeof config === "string" ? config : config?.text;
    if (text === undefined) return;
    let shape = shapes.get(text);
    if (shape === undefined) {
      shape = normaliseSql(text);
      if (shapes.size < 1_000) shapes.set(text, shape);
    }
    bump(counts.sql, shape);
  });

  const ioredis = createRequire(resolveFrom.ioredis)("ioredis") as {
    Redis: { prototype: Prototype };
    Pipeline: { prototype: Prototype };
  };
  const scriptNames = new Map<string, string>();
  wrap(ioredis.Redis.prototype, "defineCommand", (args) => {
    const [name, definition] = args as [string, { lua: string }];
    scriptNames.set(createHash("sha1").update(definition.lua).digest("hex"), name);
  });
  wrap(ioredis.Redis.prototype, "sendCommand", (args) => {
    const [command, stream] = args as [{ name: string; args: unknown[] }, unknown];
    const name =
      command.name === "evalsha"
        ? `evalsha ${scriptNames.get(String(command.args[0])) ?? "?"}`
        : command.name;
    bump(counts.redis, name);
    if (stream === undefined) counts.redisRoundTrips++;
  });
  wrap(ioredis.Pipeline.prototype, "exec", () => {
    counts.redisRoundTrips++;
  });

  // node:http's client (got) and undici (fetch, or the undici package) each publish their requests.
  for (const channel of ["http.client.request.start", "undici:request:create"]) {
    subscribe(channel, () => {
      counts.http++;
    });
  }

  return {
    reset: () => {
      counts = empty();
    },
    snapshot: () => structuredClone(counts),
  };
}

function empty(): CallCounts {
  return { sql: {}, redis: {}, redisRoundTrips: 0, http: 0 };
}

/** Replaces `target[method]` with a version that calls `observe(args)` first. */
function wrap(target: Prototype, method: string, observe: (args: unknown[]) => void): void {
  const original = target[method] as Callable;
  target[method] = function (this: unknown, ...args: unknown[]) {
    observe(args);
    return original.apply(this, args);
  };
}

/** One line per statement shape: whitespace collapsed, `$n` as `?`, repeated tuples and lists folded. */
export function normaliseSql(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/\$\d+/g, "?")
    .replace(/\?(, \?)+/g, "?, …")
    .replace(/(\([^()]*\))(, \([^()]*\))+/g, "$1, …")
    .slice(0, 220);
}

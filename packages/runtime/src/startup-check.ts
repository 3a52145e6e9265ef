import type { Logger } from "./logger.js";

/** How to start each backing service locally; printed when a process cannot reach one. */
const START_HINTS: Record<"Postgres" | "Redis", string> = {
  Postgres:
    "start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, " +
    "or with Docker `docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:16`, or set DATABASE_URL " +
    "(or run everything in containers: `pnpm start:stack`)",
  Redis:
    'start it with `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`, ' +
    "or with Docker `docker run -d -p 6379:6379 redis:7`, or set REDIS_URL " +
    "(or run everything in containers: `pnpm start:stack`)",
};

/**
 * Refuses to run against a Redis that may evict keys: with any `maxmemory-policy` but
 * `noeviction`, Redis deletes keys under memory pressure, and with them queued jobs, locks and
 * the scheduler, silently. Prints why and exits 1, unless `allowed` (REDIS_ALLOW_EVICTION), when
 * it warns loudly instead. A policy the server does not tell (`undefined`) is warned about.
 */
export function requireNoEviction(policy: string | undefined, allowed: boolean, logger: Logger): void {
  if (policy === "noeviction") return;
  if (policy === undefined) {
    logger.warn(
      "could not read Redis's maxmemory-policy (CONFIG GET refused?): make sure it is noeviction, or queued jobs may be evicted",
    );
    return;
  }
  if (allowed) {
    logger.warn(
      { maxmemoryPolicy: policy },
      `Redis's maxmemory-policy is ${policy}: under memory pressure Redis may DELETE queued jobs, locks and the scheduler (REDIS_ALLOW_EVICTION=true)`,
    );
    return;
  }
  process.stderr.write(
    `\nRedis's maxmemory-policy is ${policy}, so under memory pressure it may delete queued jobs, locks and the scheduler.\n` +
      "  → set it to noeviction (`CONFIG SET maxmemory-policy noeviction`, or your provider's setting), " +
      "or set REDIS_ALLOW_EVICTION=true to run anyway\n\n",
  );
  process.exit(1);
}

/** A URL with its password replaced, safe to print. */
export function redactUrl(raw: string): string {
  try {
    const parsed = new URL(raw);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "<unparseable URL>";
  }
}

/**
 * Runs `ping`; if it fails, prints which service is unreachable, at which (redacted) URL,
 * and how to start it, then exits the process with code 1. Used once at process start.
 */
export async function requireReachable(
  service: "Postgres" | "Redis",
  url: string,
  ping: () => Promise<void>,
): Promise<void> {
  try {
    await ping();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `\nCannot reach ${service} at ${redactUrl(url)}: ${reason}\n` + `  → ${START_HINTS[service]}\n\n`,
    );
    process.exit(1);
  }
}

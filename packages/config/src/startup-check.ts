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

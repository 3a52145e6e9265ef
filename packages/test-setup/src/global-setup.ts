import { loadTestEnv } from "@dispatcher/config";
import { Redis } from "ioredis";
import pg from "pg";
import type { TestProject } from "vitest/node";
import "./provided-context.js";

/**
 * Vitest global setup: finds Postgres and Redis for the suite and provides their URLs as
 * `databaseUrl` and `redisUrl`. It uses DATABASE_URL/REDIS_URL (default: the local services).
 * Only when one of them cannot be reached and a Docker engine can, it starts that service with
 * testcontainers and stops it after the suite.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = loadTestEnv();
  const stops: Array<() => Promise<unknown>> = [];
  let databaseUrl = env.DATABASE_URL;
  let redisUrl = env.REDIS_URL;

  if (!(await reachable(() => pingPg(databaseUrl)))) {
    const started = await startContainer("postgres:16", 5432, { POSTGRES_HOST_AUTH_METHOD: "trust" });
    if (!started) throw unreachable("Postgres", databaseUrl);
    stops.push(started.stop);
    databaseUrl = `postgres://postgres@${started.host}:${started.port}/postgres`;
    await waitFor(() => pingPg(databaseUrl));
  }
  if (!(await reachable(() => pingRedis(redisUrl)))) {
    const started = await startContainer("redis:7", 6379, {});
    if (!started) throw unreachable("Redis", redisUrl);
    stops.push(started.stop);
    redisUrl = `redis://${started.host}:${started.port}`;
    await waitFor(() => pingRedis(redisUrl));
  }

  project.provide("databaseUrl", databaseUrl);
  project.provide("redisUrl", redisUrl);
  return async () => {
    for (const stop of stops) await stop();
  };
}

function unreachable(service: string, url: string): Error {
  return new Error(
    `${service} is not reachable at ${url} and no Docker engine is available for testcontainers. ` +
      `Start the local service (see README, "Test it") or set ${service === "Redis" ? "REDIS_URL" : "DATABASE_URL"}.`,
  );
}

async function reachable(ping: () => Promise<void>): Promise<boolean> {
  try {
    await ping();
    return true;
  } catch {
    return false;
  }
}

async function waitFor(ping: () => Promise<void>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await ping();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function pingPg(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  await client.end();
}

async function pingRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0 });
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

/** Starts a container when a Docker engine answers; undefined when none does. */
async function startContainer(
  image: string,
  port: number,
  environment: Record<string, string>,
): Promise<{ host: string; port: number; stop: () => Promise<unknown> } | undefined> {
  const { GenericContainer, getContainerRuntimeClient } = await import("testcontainers");
  try {
    await getContainerRuntimeClient();
  } catch {
    return undefined;
  }
  const container = await new GenericContainer(image)
    .withEnvironment(environment)
    .withExposedPorts(port)
    .start();
  return { host: container.getHost(), port: container.getMappedPort(port), stop: () => container.stop() };
}

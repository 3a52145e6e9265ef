import { startPrivateRedis } from "@dispatcher/testing";
import { describe, expect, it } from "vitest";
import { startApi } from "./api-harness.js";

describe("GET /health, /readyz and /livez", () => {
  it("answers up when Postgres and Redis both answer", async () => {
    const h = await startApi();
    try {
      for (const url of ["/health", "/readyz"]) {
        const res = await h.app.inject({ method: "GET", url });
        expect(res.statusCode, url).toBe(200);
        expect(res.json()).toEqual({ status: "up", postgres: "up", redis: "up" });
      }
      const live = await h.app.inject({ method: "GET", url: "/livez" });
      expect(live.statusCode).toBe(200);
      expect(live.json()).toEqual({ status: "up" });
    } finally {
      await h.close();
    }
  });

  it("answers 503 degraded and names Redis when Redis is unreachable, while /livez stays up", async () => {
    // Nothing listens on port 1.
    const h = await startApi({ redisUrl: "redis://127.0.0.1:1" });
    try {
      for (const url of ["/health", "/readyz"]) {
        const res = await h.app.inject({ method: "GET", url });
        expect(res.statusCode, url).toBe(503);
        expect(res.json()).toEqual({ status: "degraded", postgres: "up", redis: "down" });
      }
      // Alive all the same: restarting the API would not bring Redis back.
      expect((await h.app.inject({ method: "GET", url: "/livez" })).statusCode).toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe("a Redis that may evict keys", () => {
  it("makes /health degraded naming the policy, unless REDIS_ALLOW_EVICTION, where it is only shown; /readyz is about reachability", async () => {
    const redis = await startPrivateRedis({ args: ["--maxmemory-policy", "allkeys-lru"] });
    const strict = await startApi({ redisUrl: redis.url });
    const lenient = await startApi({ redisUrl: redis.url, settings: { allowEviction: true } });
    try {
      const res = await strict.app.inject({ method: "GET", url: "/health" });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        status: "degraded",
        postgres: "up",
        redis: "up",
        redisEvictionPolicy: "allkeys-lru",
      });
      const ready = await strict.app.inject({ method: "GET", url: "/readyz" });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: "up", postgres: "up", redis: "up" });
      const allowed = await lenient.app.inject({ method: "GET", url: "/health" });
      expect(allowed.statusCode).toBe(200);
      expect(allowed.json()).toMatchObject({ status: "up", redisEvictionPolicy: "allkeys-lru" });
    } finally {
      await strict.close();
      await lenient.close();
      await redis.stop();
    }
  });
});

import { describe, expect, it } from "vitest";
import { startApi } from "./api-harness.js";

describe("GET /health", () => {
  it("answers up when Postgres and Redis both answer", async () => {
    const h = await startApi();
    try {
      const res = await h.app.inject({ method: "GET", url: "/health" });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: "up", postgres: "up", redis: "up" });
    } finally {
      await h.close();
    }
  });

  it("answers 503 degraded and names Redis when Redis is unreachable", async () => {
    // Nothing listens on port 1.
    const h = await startApi({ redisUrl: "redis://127.0.0.1:1" });
    try {
      const res = await h.app.inject({ method: "GET", url: "/health" });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: "degraded", postgres: "up", redis: "down" });
    } finally {
      await h.close();
    }
  });
});

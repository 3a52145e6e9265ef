import { describe, expect, it, onTestFinished } from "vitest";
import { startPrivatePostgres } from "../src/private-postgres.js";
import { finishScenario } from "../src/run-scenario.js";
import { useFaultStack, waitForSent } from "../src/use-fault-stack.js";

const startStack = useFaultStack();

describe("Postgres outage", () => {
  it("workers and APIs survive a Postgres restart, report degraded meanwhile, and finish after", async () => {
    const pg = await startPrivatePostgres();
    onTestFinished(() => pg.stop());
    const stack = await startStack({
      postgresUrl: pg.url,
      workers: 2,
      apis: 1,
      intervalMs: 1_000,
      batchSize: 100,
    });
    await stack.setSwitches({ latencyMs: 50 });
    const started = Date.now();
    await stack.insert(1_000);
    await waitForSent(stack, 150, { timeoutMs: 60_000, intervalMs: 100 });
    const health: string[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const res = await fetch(`${stack.apiUrls[0]}/health`).catch(() => undefined);
        if (res) health.push(`${res.status}:${((await res.json()) as { postgres: string }).postgres}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    await pg.restart(4_000);
    await new Promise((r) => setTimeout(r, 2_000));
    watching = false;
    await watcher;
    expect(health).toContain("503:down");
    expect(health.at(-1)).toBe("200:up");
    for (const app of [...stack.workers, ...stack.apis]) {
      expect(app.child.exitCode, `${app.name}: ${app.output().slice(-3000)}`).toBeNull();
    }
    await finishScenario(stack, "5. Postgres restart mid-run (4 s down)", started);
  });
});

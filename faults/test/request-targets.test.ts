import { nonCanonicalTargets, rawHttp } from "@dispatcher/testing";
import { describe, expect, it } from "vitest";
import { finishScenario } from "../src/run-scenario.js";
import { useFaultStack } from "../src/use-fault-stack.js";

const startStack = useFaultStack();

/** Routes whose handler would change or reveal something, if reached without a key. */
const PROTECTED = [
  { method: "POST", path: "/api/v1/dispatcher/stop" },
  { method: "POST", path: "/api/v1/dispatcher/start" },
  { method: "PATCH", path: "/api/v1/dispatcher", body: '{"batchSize":1}' },
  { method: "POST", path: "/api/v1/messages", body: '{"to":"+905551111111","content":"forged"}' },
  {
    method: "POST",
    path: "/api/v1/messages/bulk",
    body: '{"messages":[{"to":"+905551111111","content":"forged"}]}',
  },
  { method: "POST", path: "/api/v1/messages/1/retry" },
  { method: "GET", path: "/api/v1/messages" },
  { method: "GET", path: "/api/v1/messages/sent" },
  { method: "GET", path: "/api/v1/dispatcher/events" },
  { method: "GET", path: "/admin/queues" },
  { method: "PUT", path: "/admin/queues/api/queues/dispatch-tick/pause" },
  { method: "PUT", path: "/admin/queues/api/queues/send-message/obliterate" },
  {
    method: "PUT",
    path: "/admin/queues/api/queues/send-message/rate-limit",
    body: '{"expireTimeMs":86400000}',
  },
  {
    method: "POST",
    path: "/admin/queues/api/queues/send-message/add",
    body: '{"name":"x","data":{"messageId":1}}',
  },
];

describe("non-canonical request targets", () => {
  it("against the running API, no encoding of a protected route reaches a handler without a key, while sending goes on", async () => {
    const stack = await startStack({ workers: 1, apis: 1, batchSize: 20, apiKey: "faults-targets-key" });
    await stack.setSwitches({ latencyMs: 20 });
    const started = Date.now();
    await stack.insert(300);
    const base = stack.apiUrls[0]!;
    const authority = new URL(base).host;
    const reached: string[] = [];
    let requests = 0;
    for (const route of PROTECTED) {
      for (const form of nonCanonicalTargets(route.path, authority)) {
        const attempts: Array<Record<string, string>> = [
          {},
          { authorization: "Bearer guess" },
          { "x-api-key": "guess" },
        ];
        for (const headers of attempts) {
          requests++;
          const res = await rawHttp(base, {
            method: route.method,
            target: form.target,
            headers: { "content-type": "application/json", ...headers },
            body: route.body ?? "",
          });
          if (![400, 401, 404].includes(res.status))
            reached.push(`${route.method} ${form.target}: ${res.status}`);
        }
      }
    }
    expect(requests).toBeGreaterThan(1_000);
    expect(reached).toEqual([]);
    await finishScenario(stack, "14. non-canonical request targets without a key, under load", started);
    const events = (await stack.api("GET", "/api/v1/dispatcher/events?limit=50")).body.items as Array<{
      actor: string;
    }>;
    expect(events.every((e) => e.actor === "system")).toBe(true);
    const state = (await stack.api("GET", "/api/v1/dispatcher")).body;
    expect(state).toMatchObject({ state: "running", batchSize: 20, providerPause: null });
  });
});

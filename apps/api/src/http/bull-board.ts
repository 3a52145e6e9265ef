import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import type { DispatcherQueues } from "@dispatcher/redis";
import type { FastifyInstance } from "fastify";
import { problemOf } from "./error-handler.js";
import { PROBLEM_CONTENT_TYPE } from "./problem-types.js";

/** The Bull Board path. */
export const BULL_BOARD_PATH = "/admin/queues";

/**
 * Mounts Bull Board at BULL_BOARD_PATH, showing the tick and send queues. Register it inside the
 * protected scope; its routes ask for credentials with a Basic challenge, so a browser prompts
 * for the key (as the password). Its own error answers (an unknown queue or job, a failed action)
 * become problems like the API's (application/problem+json), keeping every member Bull Board
 * wrote, its `error` object (the key its page translates) included.
 */
export async function registerBullBoard(app: FastifyInstance, queues: DispatcherQueues): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queues.tick), new BullMQAdapter(queues.send)],
    serverAdapter,
    options: { uiConfig: { boardTitle: "Message dispatcher" } },
  });
  await app.register(async (dashboard) => {
    dashboard.addHook("onRoute", (route) => {
      route.config = { ...route.config, authChallenge: "basic" };
    });
    dashboard.addHook("onSend", async (request, reply, payload) => {
      const type = String(reply.getHeader("content-type") ?? "");
      if (reply.statusCode < 400 || typeof payload !== "string" || !type.startsWith("application/json"))
        return payload;
      let written: Record<string, unknown>;
      try {
        written = JSON.parse(payload) as Record<string, unknown>;
      } catch {
        return payload;
      }
      const { key } = (written.error ?? {}) as { key?: unknown };
      const message =
        typeof written.message === "string" ? written.message : typeof key === "string" ? key : "failed";
      reply.type(PROBLEM_CONTENT_TYPE);
      return JSON.stringify({ ...problemOf(request, { statusCode: reply.statusCode, message }), ...written });
    });
    await dashboard.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
  });
}

import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import type { DispatcherQueues } from "@dispatcher/redis";
import type { FastifyInstance } from "fastify";

/** The Bull Board path. */
export const BULL_BOARD_PATH = "/admin/queues";

/**
 * Mounts Bull Board at BULL_BOARD_PATH, showing the tick and send queues. Register it inside the
 * protected scope; its routes ask for credentials with a Basic challenge, so a browser prompts
 * for the key (as the password).
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
    await dashboard.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
  });
}

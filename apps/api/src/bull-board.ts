import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import type { DispatcherQueues } from "@dispatcher/queue";
import type { FastifyInstance } from "fastify";

/** The Bull Board path. The auth hook protects it like `/api/*`. */
export const BULL_BOARD_PATH = "/admin/queues";

/** Mounts Bull Board at BULL_BOARD_PATH, showing the tick and send queues. */
export async function registerBullBoard(app: FastifyInstance, queues: DispatcherQueues): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queues.tick), new BullMQAdapter(queues.send)],
    serverAdapter,
    options: { uiConfig: { boardTitle: "Message dispatcher" } },
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
}

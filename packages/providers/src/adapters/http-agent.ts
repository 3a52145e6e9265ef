import { Agent } from "undici";
import type { AdapterContext } from "../provider-adapter.js";

/**
 * The kept-alive connections of one provider: at most `maxSockets`, headers and body each within
 * the request timeout, host names resolved by the context's bounded lookup.
 */
export function createHttpAgent(context: Pick<AdapterContext, "timeoutMs" | "maxSockets" | "lookup">): Agent {
  return new Agent({
    connections: context.maxSockets,
    keepAliveTimeout: 30_000,
    headersTimeout: context.timeoutMs,
    bodyTimeout: context.timeoutMs,
    connect: { lookup: context.lookup },
  });
}

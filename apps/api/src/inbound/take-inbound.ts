import {
  type InboundAction,
  type InboundKeywords,
  maskNumber,
  RECIPIENT_OPT_OUT_SOURCES,
  readInboundAction,
} from "@dispatcher/core";
import { addOptOut, type Db, recordHelpRequest, removeOptOut } from "@dispatcher/db";
import type { FastifyBaseLogger } from "fastify";
import type { InboundMetrics } from "../metrics/inbound-metrics.js";

/**
 * Takes one authenticated, valid inbound message from `provider`: when its whole text is a
 * keyword (see readInboundAction), a stop puts the sender on the suppression list (source
 * `keyword`, the keyword as its detail; an operator's entry stays as it is), a start takes off a
 * `keyword` or `provider` entry (never an operator's), and a help is audited; anything else is
 * `ignored`. Counted, and logged with the number masked; the text is never logged or stored.
 */
export async function takeInbound(
  deps: { db: Db; keywords: InboundKeywords; metrics: InboundMetrics },
  message: { provider: string; from: string; text: string },
  log: FastifyBaseLogger,
): Promise<InboundAction> {
  const { action, keyword } = readInboundAction(message.text, deps.keywords);
  const { provider, from } = message;
  // What it did to the list: whose entry stands after a stop, whether a start took one off.
  let effect: { listedAs?: string; removed?: boolean } = {};
  if (action === "stop" && keyword !== null) {
    const { optOut } = await addOptOut(deps.db, {
      recipient: from,
      reason: `sent ${keyword} through ${provider}`,
      source: "keyword",
      detail: keyword,
      actor: "recipient",
    });
    effect = { listedAs: optOut.source };
  } else if (action === "start" && keyword !== null) {
    const removed = await removeOptOut(deps.db, from, {
      actor: "recipient",
      source: "keyword",
      detail: keyword,
      from: RECIPIENT_OPT_OUT_SOURCES,
    });
    effect = { removed: removed !== undefined };
  } else if (action === "help" && keyword !== null) {
    await recordHelpRequest(deps.db, { recipient: from, provider, keyword });
  }
  deps.metrics.inbound(provider, action);
  log.info({ provider, number: maskNumber(from), action, keyword, ...effect }, "inbound message");
  return action;
}

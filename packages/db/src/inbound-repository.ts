import { maskNumber } from "@dispatcher/core";
import type { Db } from "./database.js";
import { recordEvent } from "./dispatcher-repository.js";

/**
 * Audits a recipient's HELP (`help`, actor `recipient`): the number masked, the provider it came
 * through and the keyword; never the message's text.
 */
export async function recordHelpRequest(
  db: Db,
  request: { recipient: string; provider: string; keyword: string },
): Promise<void> {
  await recordEvent(db, {
    kind: "help",
    actor: "recipient",
    details: { number: maskNumber(request.recipient), provider: request.provider, keyword: request.keyword },
  });
}

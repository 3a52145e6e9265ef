import { maskNumber, SCRUBBED_CONTENT_MIN_LENGTH } from "@dispatcher/core";
import type { Db } from "@dispatcher/db";

/** How many distinct contents are looked for (evenly spread over the stack's messages). */
const CONTENTS_LOOKED_FOR = 2_000;

/**
 * The privacy rule checked on a stack's own processes (docs/protection.md#privacy): no line of
 * their output holds a recipient or a content of the stack's messages. Answers one problem per
 * process that broke it (the number masked, the content's message id), none when all kept it.
 * Contents shorter than SCRUBBED_CONTENT_MIN_LENGTH are not looked for: they match unrelated text.
 */
export async function findLeaks(
  db: Db,
  outputs: readonly { name: string; text: string }[],
): Promise<string[]> {
  const rows = await db
    .selectFrom("messages")
    .select(["id", "recipient", "content"])
    .where("recipient", "is not", null)
    .orderBy("id")
    .execute();
  const recipients = new Set(rows.map((row) => row.recipient));
  const long = rows.filter((row) => (row.content ?? "").length >= SCRUBBED_CONTENT_MIN_LENGTH);
  const step = Math.max(1, Math.ceil(long.length / CONTENTS_LOOKED_FOR));
  const contents = long.filter((_, i) => i % step === 0);
  const problems: string[] = [];
  for (const { name, text } of outputs) {
    const number = [...text.matchAll(/\+\d{7,15}/g)].map((m) => m[0]).find((n) => recipients.has(n));
    if (number) problems.push(`${name}'s output holds a recipient (${maskNumber(number)})`);
    const content = contents.find((row) => text.includes(row.content!));
    if (content) problems.push(`${name}'s output holds the content of message ${content.id}`);
  }
  return problems;
}

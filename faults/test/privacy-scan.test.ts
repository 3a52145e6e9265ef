import { useTestDatabase } from "@dispatcher/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { findLeaks } from "../src/privacy-scan.js";

// The check every fault stack runs on its processes' output when it stops (see fault-stack.ts).

const t = useTestDatabase();

describe("findLeaks", () => {
  it("names each process whose output holds a stored recipient or content, and passes clean output", async () => {
    await sql`insert into messages (recipient, content)
              values ('+905551234567', 'your code is 483920'), ('+905559876543', 'short')`.execute(t.db);
    const leaks = await findLeaks(t.db, [
      { name: "api-0", text: '{"msg":"request completed","url":"/api/v1/messages?to=+905551234567"}\n' },
      { name: "worker-0", text: '{"msg":"provider said: your code is 483920 is bad"}\n' },
      {
        name: "worker-1",
        text: '{"msg":"sent","to":"+90555***4567","other":"+905550000000","note":"short"}\n',
      },
    ]);
    expect(leaks).toEqual([
      "api-0's output holds a recipient (+90555***4567)",
      "worker-0's output holds the content of message 1",
    ]);
  });
});

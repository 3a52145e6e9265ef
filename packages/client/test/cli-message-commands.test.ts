import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { useApiUnderTest } from "./api-under-test.js";

// The CLI's message commands (get, list, sent, receipts, estimate, opt-outs, bulk cancel and retry
// in rounds) against a running API process with its own database and queues.

const KEY = "cli-messages-key-0123456789";
const running = useApiUnderTest({ label: "client-messages", key: KEY });

const cli = (...argv: string[]) =>
  runCli(argv, { DISPATCHER_URL: running.api.baseUrl, DISPATCHER_API_KEY: KEY });
const json = <T = Record<string, unknown>>(stdout: string) => JSON.parse(stdout) as T;
type Items = { items: { id: number; status: string; to: string }[]; nextCursor: string | null };

/** Stores `count` messages to `to` through the CLI; resolves their ids, oldest first. */
async function sendMessages(to: string, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const sent = await cli("send", "--to", to, "--content", `message ${i}`);
    expect(sent.code).toBe(0);
    ids.push(json<{ id: number }>(sent.stdout).id);
  }
  return ids;
}

describe("reading messages", () => {
  it("get shows one message; list finds it by status and recipient, a page at a time or --all", async () => {
    const ids = await sendMessages("+905551110001", 3);
    const got = await cli("get", String(ids[0]));
    expect(got.code).toBe(0);
    expect(json(got.stdout)).toMatchObject({ id: ids[0], to: "+905551110001", status: "pending" });

    const page = await cli("list", "--to", "+905551110001", "--status", "pending", "--limit", "2");
    expect(page.code).toBe(0);
    const first = json<Items>(page.stdout);
    expect(first.items.map((m) => m.id)).toEqual([ids[2], ids[1]]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const next = json<Items>(
      (await cli("list", "--to", "+905551110001", "--limit", "2", "--cursor", first.nextCursor!)).stdout,
    );
    expect(next.items.map((m) => m.id)).toEqual([ids[0]]);

    const all = await cli("list", "--to", "+905551110001", "--limit", "1", "--all");
    expect(all.code).toBe(0);
    expect(json<Items>(all.stdout)).toEqual({ items: expect.any(Array), nextCursor: null });
    expect(json<Items>(all.stdout).items.map((m) => m.id)).toEqual([ids[2], ids[1], ids[0]]);
    // A full last page still has a next cursor: the API says there is no more with an empty page.
    expect(all.stderr).toBe("page 1: 1 so far\npage 2: 2 so far\npage 3: 3 so far\n");
    expect(
      json<Items>((await cli("list", "--to", "+905551110001", "--status", "failed")).stdout).items,
    ).toEqual([]);
  });

  it("list --lane shows one lane's messages only", async () => {
    const [bulk] = await sendMessages("+905551110009", 1);
    const otp = await cli(
      "send",
      "--to",
      "+905551110009",
      "--content",
      "code",
      "--priority",
      "transactional",
    );
    expect(otp.code).toBe(0);
    const otpId = json<{ id: number }>(otp.stdout).id;
    const lane = (name: string) =>
      cli("list", "--to", "+905551110009", "--lane", name).then((r) =>
        json<Items>(r.stdout).items.map((m) => m.id),
      );
    expect(await lane("transactional")).toEqual([otpId]);
    expect(await lane("bulk")).toEqual([bulk]);
  });

  it("prints a table on a terminal, and JSON there with --json", async () => {
    const [id] = await sendMessages("+905551110002", 1);
    const tty = (...argv: string[]) =>
      runCli(argv, { DISPATCHER_URL: running.api.baseUrl, DISPATCHER_API_KEY: KEY }, { tty: true });
    const table = await tty("list", "--to", "+905551110002");
    expect(table.stdout.split("\n")[0]).toMatch(
      /^id\s+status\s+priority\s+to\s+attempts\s+segments\s+createdAt\s+lastError$/,
    );
    expect(table.stdout.split("\n")[1]).toMatch(
      new RegExp(`^${id}\\s+pending\\s+bulk\\s+\\+905551110002\\s+0\\s+1\\s`),
    );
    expect(table.stdout).toContain("1 shown\n");
    expect((await tty("get", String(id))).stdout).toMatch(/^status\s+pending$/m);
    expect(json((await tty("get", String(id), "--json")).stdout)).toMatchObject({ id });
  });

  it("sent lists sent messages, newest first", async () => {
    const ids = await sendMessages("+905551110003", 2);
    for (const [i, id] of ids.entries()) {
      await running.sandbox.db
        .updateTable("messages")
        .set({
          status: "sent",
          sentAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
          providerMessageId: `p-${id}`,
        })
        .where("id", "=", id)
        .execute();
    }
    const sent = await cli("sent", "--all");
    expect(sent.code).toBe(0);
    expect(json<{ items: { id: number; messageId: string }[] }>(sent.stdout).items).toEqual([
      expect.objectContaining({ id: ids[1], messageId: `p-${ids[1]}` }),
      expect.objectContaining({ id: ids[0], messageId: `p-${ids[0]}` }),
    ]);
    expect(json((await cli("receipts", String(ids[0]))).stdout)).toEqual({ items: [] });
  });

  it("estimate counts a content's segments without storing it", async () => {
    const before = await running.sandbox.db
      .selectFrom("messages")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    const estimate = await cli("estimate", "--content", "Şifreniz 1234");
    expect(estimate.code).toBe(0);
    expect(json(estimate.stdout)).toMatchObject({ encoding: "UCS-2", segments: 1, ucs2Characters: ["Ş"] });
    const after = await running.sandbox.db
      .selectFrom("messages")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe("opt-outs", () => {
  it("adds a number, looks it up, and removes it", async () => {
    const added = await cli("opt-outs", "add", "+905551110004", "--reason", "asked by phone");
    expect(added.code).toBe(0);
    expect(json(added.stdout)).toMatchObject({
      number: "+905551110004",
      reason: "asked by phone",
      actor: "ops",
    });
    expect(json((await cli("opt-outs", "+905551110004")).stdout)).toMatchObject({ source: "operator" });
    const refused = await cli("send", "--to", "+905551110004", "--content", "hi");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^409: to is on the suppression list \(asked by phone\)/);
    expect(json((await cli("opt-outs", "remove", "+905551110004")).stdout)).toEqual({
      removed: "+905551110004",
    });
    const gone = await cli("opt-outs", "+905551110004");
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^404: /);
  });

  it("lists the suppression list in number order, page by page or --all, and by --source", async () => {
    for (const n of ["+905551110103", "+905551110101", "+905551110102"]) {
      expect((await cli("opt-outs", "add", n)).code).toBe(0);
    }
    const all = json((await cli("opt-outs", "--all", "--limit", "2")).stdout) as {
      items: { number: string }[];
    };
    const mine = all.items.map((i) => i.number).filter((n) => n.startsWith("+90555111010"));
    expect(mine).toEqual(["+905551110101", "+905551110102", "+905551110103"]);
    const page = json((await cli("opt-outs", "--limit", "1")).stdout) as {
      items: unknown[];
      nextCursor: string;
    };
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toEqual(expect.any(String));
    const keyword = json((await cli("opt-outs", "--source", "keyword")).stdout) as { items: unknown[] };
    expect(keyword.items).toEqual([]);
    const bad = await cli("opt-outs", "--source", "everyone");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--source must be one of operator, provider, keyword/);
  });
});

describe("bulk cancel and retry", () => {
  it("cancel runs rounds of --batch-size until none is left, with a progress line each", async () => {
    const ids = await sendMessages("+905551110005", 5);
    const cancelled = await cli("cancel", "--to", "+905551110005", "--batch-size", "2");
    expect(cancelled.code).toBe(0);
    expect(json(cancelled.stdout)).toEqual({ count: 5, rounds: 4 });
    expect(cancelled.stderr).toBe(
      "round 1: 2 cancelled (2 in all)\nround 2: 2 cancelled (4 in all)\n" +
        "round 3: 1 cancelled (5 in all)\nround 4: 0 cancelled (5 in all)\n",
    );
    const statuses = await running.sandbox.db
      .selectFrom("messages")
      .select("status")
      .where("id", "in", ids)
      .execute();
    expect(statuses.map((m) => m.status)).toEqual(Array(5).fill("cancelled"));
  });

  it("stops at --max-rounds with messages left, says so and exits 5; --limit caps the total", async () => {
    const ids = await sendMessages("+905551110006", 5);
    const capped = await cli("cancel", "--to", "+905551110006", "--batch-size", "2", "--limit", "3");
    expect(capped.code).toBe(0);
    expect(json(capped.stdout)).toEqual({ count: 3, rounds: 2 });
    const stopped = await cli("cancel", "--to", "+905551110006", "--batch-size", "1", "--max-rounds", "1");
    expect(stopped.code).toBe(5);
    expect(json(stopped.stdout)).toEqual({ count: 1, rounds: 1 });
    expect(stopped.stderr).toContain("stopped after --max-rounds 1 rounds (1 cancelled); more may be left");
    const pending = await running.sandbox.db
      .selectFrom("messages")
      .select("id")
      .where("id", "in", ids)
      .where("status", "=", "pending")
      .execute();
    expect(pending).toHaveLength(1);
  });

  it("retry puts failed messages back to pending in rounds", async () => {
    const ids = await sendMessages("+905551110007", 3);
    await running.sandbox.db
      .updateTable("messages")
      .set({ status: "failed", lastError: "provider answered 503" })
      .where("id", "in", ids)
      .execute();
    const retried = await cli("retry", "--last-error-contains", "503", "--batch-size", "2");
    expect(retried.code).toBe(0);
    expect(json(retried.stdout)).toEqual({ count: 3, rounds: 3 });
    const statuses = await running.sandbox.db
      .selectFrom("messages")
      .select("status")
      .where("id", "in", ids)
      .execute();
    expect(statuses.map((m) => m.status)).toEqual(["pending", "pending", "pending"]);
  });
});

/** One invocation of each new command, as an operator would type it. */
const COMMANDS: string[][] = [
  ["get", "1"],
  ["list"],
  ["sent"],
  ["receipts", "1"],
  ["estimate", "--content", "hi"],
  ["opt-outs", "+905551110008"],
  ["opt-outs", "add", "+905551110008"],
  ["opt-outs", "remove", "+905551110008"],
  ["cancel", "--to", "+905551110008"],
  ["retry", "--failed-since", "2026-01-01T00:00:00Z"],
];

describe("keys", () => {
  it.each(COMMANDS)("%s … without a key is refused with 401 (exit 1)", async (...argv) => {
    const result = await runCli(argv, { DISPATCHER_URL: running.api.baseUrl });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^401: a valid API key is required/);
    expect(result.stderr).toMatch(/request id \S+/);
  });

  it.each(COMMANDS)("%s … with a wrong key is refused with 401 (exit 1)", async (...argv) => {
    const result = await runCli([...argv, "--key", "not-the-key"], { DISPATCHER_URL: running.api.baseUrl });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^401: /);
  });

  it("a wrong key changes nothing", async () => {
    await runCli(["opt-outs", "add", "+905551110008", "--key", "not-the-key"], {
      DISPATCHER_URL: running.api.baseUrl,
    });
    expect((await cli("opt-outs", "+905551110008")).code).toBe(1);
  });
});

describe("hostile input", () => {
  it.each([
    [["get", "../1"], /get needs a message id \(a positive whole number\), got "\.\.\/1"/],
    [["get", "1/../../admin"], /get needs a message id/],
    [["receipts", "%2e%2e"], /receipts needs a message id/],
    [["list", "--limit", "99999999999999999999"], /--limit must be a whole number/],
    [["list", "--limit", "5000"], /--limit must be 1\.\.200, got 5000/],
    [["list", "--limit", "0"], /--limit must be 1\.\.200, got 0/],
    [["list", "--to", "../opt-outs"], /list --to needs a phone number/],
    [["list", "--status", "sent' or 1=1"], /--status must be one of pending, /],
    [["opt-outs", "add", "../../dispatcher/stop"], /opt-outs needs a phone number/],
    [["opt-outs", ".."], /opt-outs needs a phone number/],
    [["cancel", "--to", "+905551110009", "--batch-size", "100000"], /--batch-size must be 1\.\.10000/],
    [["cancel", "--to", "+905551110009", "--max-rounds", "0"], /--max-rounds must be at least 1/],
    [["estimate"], /estimate needs --content/],
    [["get"], /get needs a message id/],
  ])("%j is a usage error (exit 2) that sends nothing", async (argv, why) => {
    // The wrong URL proves no request is made: one would exit 3.
    const result = await runCli(argv, { DISPATCHER_URL: "http://127.0.0.1:9", DISPATCHER_API_KEY: KEY });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(why);
    expect(result.stderr).toContain(`usage: dispatcher ${argv[0]}`);
  });

  it("the API refuses what only it can judge, naming the field, and stores nothing", async () => {
    const cursor = await cli("list", "--cursor", "not-a-cursor");
    expect(cursor.code).toBe(1);
    expect(cursor.stderr).toMatch(/^400: .*\n {2}field cursor: is not a cursor this API issued\n/);
    const long = await cli("estimate", "--content", "x".repeat(10_001));
    expect(long.code).toBe(1);
    expect(long.stderr).toMatch(/field content: /);
    const lane = await cli("list", "--lane", "../bulk");
    expect(lane.code).toBe(1);
    expect(lane.stderr).toMatch(/field priority: /);
    const number = await cli("opt-outs", "add", "+999");
    expect(number.code).toBe(1);
    expect(number.stderr).toMatch(/field number: /);
    expect(
      await running.sandbox.db.selectFrom("optOuts").selectAll().where("recipient", "=", "+999").execute(),
    ).toEqual([]);
  });
});

describe("help and version", () => {
  it("--version prints the package's version", async () => {
    const { version } = (await import("../package.json", { with: { type: "json" } })).default;
    expect(await runCli(["--version"], {})).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("help <command> and <command> --help print that command's help; an unknown one exits 2", async () => {
    const help = await runCli(["help", "list"], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: dispatcher list /);
    expect(help.stdout).toContain("--all");
    expect((await runCli(["cancel", "--help"], {})).stdout).toContain("--max-rounds N");
    expect(await runCli(["help", "frobnicate"], {})).toMatchObject({ code: 2 });
    expect((await runCli(["--help"], {})).stdout).toContain("4 the API did not answer within");
  });
});

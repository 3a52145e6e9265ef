import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { REPO_ROOT } from "@dispatcher/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useApiUnderTest } from "./api-under-test.js";

// The package as a user gets it: built, packed with `pnpm pack`, installed with npm from the
// tarball into an empty folder, then its `dispatcher` bin run and its module imported against a
// running API, and its type declarations checked with TypeScript.

const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const KEY = "installed-client-key-0123456789";

/**
 * The environment of a user's shell: without the workspace's node_modules/.bin folders on PATH
 * (so `node` and `npm` are the machine's, as for someone installing the package) and without the
 * npm_* settings pnpm hands its scripts.
 */
const USER_ENV = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))),
  PATH: (process.env.PATH ?? "")
    .split(":")
    .filter((dir) => !dir.includes("node_modules"))
    .join(":"),
};

let folder: string;
let manifest: Record<string, unknown>;

/** Runs the installed `dispatcher` bin with `argv` under the machine's node; resolves its exit code and output, whatever the code. */
async function dispatcher(argv: string[], env: Record<string, string> = {}) {
  const bin = join(folder, "node_modules", ".bin", "dispatcher");
  return run(bin, argv, { cwd: folder, env: { PATH: USER_ENV.PATH, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "client-install-"));
  // `pnpm pack` builds first (the package's prepack) and writes catalog: and workspace: versions out.
  const packs = join(folder, "packs");
  await run("pnpm", ["pack", "--pack-destination", packs], { cwd: PACKAGE_DIR });
  const [tarball] = await readdir(packs);
  await writeFile(
    join(folder, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  await mkdir(join(folder, "npm-cache"));
  await run(
    "npm",
    ["install", "--cache", join(folder, "npm-cache"), "--no-audit", "--no-fund", join(packs, tarball!)],
    { cwd: folder, env: USER_ENV },
  );
  manifest = JSON.parse(await readFile(join(folder, "node_modules/@dispatcher/client/package.json"), "utf8"));
}, 300_000);

const running = useApiUnderTest({ label: "client-installed", key: KEY });

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("has no workspace: or catalog: versions, points at dist only and carries its licence", async () => {
    const source = JSON.parse(await readFile(join(PACKAGE_DIR, "package.json"), "utf8"));
    const text = JSON.stringify(manifest);
    expect(text).not.toMatch(/workspace:|catalog:/);
    expect(manifest).toMatchObject({
      name: "@dispatcher/client",
      version: source.version,
      bin: { dispatcher: "./dist/cli-main.js" },
      exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } },
      engines: { node: ">=20" },
    });
    expect(manifest.private).toBeUndefined();
    expect(Object.keys(manifest.dependencies as object)).toEqual(["openapi-fetch"]);
    const installed = await readdir(join(folder, "node_modules/@dispatcher/client"));
    // pnpm pack adds the workspace's LICENSE to a package that has none of its own.
    expect(installed.sort()).toEqual(["LICENSE", "README.md", "dist", "package.json"]);
    expect(await readFile(join(folder, "node_modules/@dispatcher/client/LICENSE"), "utf8")).toContain(
      "Apache License",
    );
    expect(manifest.license).toBe("Apache-2.0");
  });
});

describe("the installed dispatcher bin", () => {
  const env = () => ({ DISPATCHER_URL: running.api.baseUrl, DISPATCHER_API_KEY: KEY });

  it("--version prints the package's version", async () => {
    expect(await dispatcher(["--version"])).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: "" });
  });

  it("sends a message, gets it, and finds it in the list", async () => {
    const sent = await dispatcher(
      ["send", "--to", "+905551112001", "--content", "from the installed bin"],
      env(),
    );
    expect(sent.code).toBe(0);
    const { id } = JSON.parse(sent.stdout) as { id: number };
    const got = await dispatcher(["get", String(id)], env());
    expect(JSON.parse(got.stdout)).toMatchObject({
      id,
      content: "from the installed bin",
      status: "pending",
    });
    const listed = await dispatcher(["list", "--to", "+905551112001"], env());
    expect((JSON.parse(listed.stdout) as { items: { id: number }[] }).items.map((m) => m.id)).toEqual([id]);
  });

  it("a wrong key exits 1 and prints the API's error", async () => {
    const refused = await dispatcher(["status"], {
      DISPATCHER_URL: running.api.baseUrl,
      DISPATCHER_API_KEY: "wrong",
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^401: a valid API key is required/);
  });

  it("wrong usage exits 2", async () => {
    expect(await dispatcher(["get", "../1"], env())).toMatchObject({ code: 2 });
  });
});

describe("the installed module", () => {
  it("imports and calls the API from plain JavaScript", async () => {
    const script = join(folder, "use-client.mjs");
    await writeFile(
      script,
      `import { createDispatcherClient, readApiProblem } from "@dispatcher/client";
const client = createDispatcherClient({ baseUrl: process.env.URL, apiKey: process.env.KEY, timeoutMs: 10000 });
const state = await client.GET("/api/v1/dispatcher");
const missing = await client.GET("/api/v1/messages/{id}", { params: { path: { id: "987654" } } });
console.log(JSON.stringify({ state: state.data.state, problem: readApiProblem(missing.error, missing.response) }));
`,
    );
    const { stdout } = await run("node", [script], {
      cwd: folder,
      env: { PATH: USER_ENV.PATH, URL: running.api.baseUrl, KEY },
    });
    expect(JSON.parse(stdout)).toMatchObject({
      state: "stopped",
      problem: { status: 404, detail: "message 987654 not found", requestId: expect.any(String) },
    });
  });

  it("has type declarations that TypeScript checks a consumer against", async () => {
    await writeFile(
      join(folder, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2023",
          lib: ["ES2023", "DOM"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          types: [],
        },
        include: ["consumer.ts"],
      }),
    );
    const tsc = join(REPO_ROOT, "node_modules/.bin/tsc");
    const consumer = (call: string) =>
      writeFile(
        join(folder, "consumer.ts"),
        `import { createDispatcherClient, type ApiProblem, type components } from "@dispatcher/client";
const client = createDispatcherClient({ baseUrl: "http://127.0.0.1:3000" });
export type Message = components["schemas"] extends object ? unknown : never;
export const problem: ApiProblem | undefined = undefined;
export const answer = ${call};
`,
      );
    await consumer(`client.GET("/api/v1/messages/{id}", { params: { path: { id: "1" } } })`);
    await expect(run(tsc, ["-p", folder], { cwd: folder })).resolves.toMatchObject({ stdout: "" });
    // A body of the wrong shape is a type error: the declarations are the API's, not `any`.
    await consumer(`client.POST("/api/v1/messages", { body: { to: 905551111111, content: "hi" } })`);
    const failed = await run(tsc, ["-p", folder], { cwd: folder }).catch(
      (error: { stdout: string }) => error,
    );
    expect(failed).toMatchObject({
      stdout: expect.stringMatching(
        /^consumer\.ts\(5,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/,
      ),
    });
  });
});

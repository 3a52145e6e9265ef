import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { eventually } from "./eventually.js";
import { freePort } from "./spawn-app.js";

const exec = promisify(execFile);

export interface PrivateRedis {
  url: string;
  port: number;
  /**
   * Stops the server (SIGTERM: it writes its append-only file) and starts it again on the same
   * port and data folder, so it comes back with its data. Only with `persist`.
   */
  restartKeepingData: (downMs?: number) => Promise<void>;
  /** Closes every client connection (`CLIENT KILL TYPE normal`), as a failover does. */
  killClients: () => Promise<void>;
  /** Kills the server (SIGKILL) and starts an empty one on the same port: all data is lost. */
  restartEmpty: (downMs?: number) => Promise<void>;
  /**
   * Blocks the server for `seconds` (`DEBUG SLEEP`): connections stay open, no command is
   * answered. Resolves when the server answers again.
   */
  stall: (seconds: number) => Promise<void>;
  /** Kills the server (SIGKILL); `start` brings an empty one back on the same port. */
  kill: () => Promise<void>;
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * A redis-server of a test's own on a free loopback port, so a test can kill, stall or restart it
 * without touching the machine's Redis. It keeps nothing on disk unless `persist` (an
 * append-only file in a folder of its own, fsynced on every write); `args` go to redis-server.
 */
export async function startPrivateRedis(
  options: { persist?: boolean; args?: string[] } = {},
): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = options.persist ? await mkdtemp(join(tmpdir(), "dispatcher-redis-")) : undefined;
  const extra = [
    ...(dir ? ["--appendonly", "yes", "--appendfsync", "always", "--dir", dir] : []),
    ...(options.args ?? []),
  ];
  let child = launch(port, extra);
  await waitPing(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    restartEmpty: async (downMs = 0) => {
      await kill(child);
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      child = launch(port, options.args ?? []);
      await waitPing(port);
    },
    restartKeepingData: async (downMs = 0) => {
      if (!dir) throw new Error("restartKeepingData needs a private Redis started with persist");
      await kill(child, "SIGTERM");
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      child = launch(port, extra);
      await waitPing(port);
    },
    killClients: async () => {
      await exec("redis-cli", ["-p", String(port), "client", "kill", "type", "normal"]);
    },
    stall: async (seconds) => {
      await exec("redis-cli", ["-p", String(port), "debug", "sleep", String(seconds)]);
    },
    kill: () => kill(child),
    start: async () => {
      child = launch(port, extra);
      await waitPing(port);
    },
    stop: async () => {
      await kill(child);
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface PrivateRedisCluster {
  /** Seed nodes, `redis://127.0.0.1:<port>` each. */
  urls: string[];
  stop: () => Promise<void>;
}

/** A 3-master Redis Cluster (no replicas) of this suite's own on free loopback ports. */
export async function startPrivateRedisCluster(nodes = 3): Promise<PrivateRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), "dispatcher-cluster-"));
  const ports: number[] = [];
  const children: ChildProcess[] = [];
  for (let i = 0; i < nodes; i++) {
    const port = await freePort();
    ports.push(port);
    children.push(
      launch(port, [
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        join(dir, `nodes-${port}.conf`),
        "--cluster-node-timeout",
        "5000",
        "--dir",
        dir,
      ]),
    );
  }
  for (const port of ports) await waitPing(port);
  await exec("redis-cli", [
    "--cluster",
    "create",
    ...ports.map((p) => `127.0.0.1:${p}`),
    "--cluster-replicas",
    "0",
    "--cluster-yes",
  ]);
  await eventually(
    async () => {
      const { stdout } = await exec("redis-cli", ["-p", String(ports[0]), "cluster", "info"]);
      if (!stdout.includes("cluster_state:ok")) throw new Error("cluster not ready");
    },
    30_000,
    200,
  );
  return {
    urls: ports.map((p) => `redis://127.0.0.1:${p}`),
    stop: async () => {
      await Promise.all(children.map((c) => kill(c)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function launch(port: number, extra: string[]): ChildProcess {
  return spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--enable-debug-command",
      "local",
      ...extra,
    ],
    { stdio: "ignore" },
  );
}

async function waitPing(port: number): Promise<void> {
  await eventually(
    async () => {
      const { stdout } = await exec("redis-cli", ["-p", String(port), "ping"]);
      if (stdout.trim() !== "PONG") throw new Error(`redis on ${port} not ready`);
    },
    20_000,
    100,
  );
}

async function kill(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill(signal);
  await exited;
}

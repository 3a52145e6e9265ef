import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { createDb } from "@dispatcher/db";
import { Redis } from "ioredis";
import { sql } from "kysely";

/** What the numbers were measured on. */
export interface MachineFacts {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  /** 1-, 5- and 15-minute load averages when the run started (others share this machine). */
  loadAverage: number[];
  node: string;
  postgres: string;
  /** Postgres settings that shape write throughput (synchronous_commit, shared_buffers, …). */
  postgresSettings: Record<string, string>;
  redis: string;
  /** The repo's commit, with `+dirty` when the work tree has changes. */
  commit: string;
}

/** Reads the facts: /proc/cpuinfo, os, `SHOW`s on the Postgres server, Redis INFO, git. */
export async function readMachineFacts(serverUrl: string, redisUrl: string): Promise<MachineFacts> {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const db = createDb({ url: serverUrl, poolSize: 1, applicationName: "dispatcher-bench" });
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    const settings = await sql<{ name: string; setting: string; unit: string | null }>`
      select name, setting, unit from pg_settings
       where name in ('server_version', 'synchronous_commit', 'fsync', 'shared_buffers', 'wal_level',
                      'max_connections', 'commit_delay', 'work_mem', 'autovacuum',
                      'autovacuum_naptime')`.execute(db);
    const postgresSettings = Object.fromEntries(
      settings.rows.map((r) => [r.name, r.unit ? `${r.setting} × ${r.unit}` : r.setting]),
    );
    await redis.connect();
    const info = await redis.info("server");
    return {
      date: new Date().toISOString(),
      cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
      node: process.version,
      postgres: postgresSettings.server_version ?? "unknown",
      postgresSettings,
      redis: /redis_version:(\S+)/.exec(info)?.[1] ?? "unknown",
      commit: gitCommit(),
    };
  } finally {
    redis.disconnect();
    await db.destroy();
  }
}

function gitCommit(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      stdio: ["ignore", "pipe", "ignore"],
    })
      .toString()
      .trim();
    const dirty = execFileSync("git", ["status", "--porcelain"], { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
    return dirty ? `${head}+dirty` : head;
  } catch {
    return "unknown";
  }
}

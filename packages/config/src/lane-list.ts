import { BUILT_IN_LANES, LANE_NAME_PATTERN, type Lane, PACE_LIMITS } from "@dispatcher/core";
import { ConfigError } from "./config-error.js";

/**
 * The lanes an API seeds: transactional and bulk with the paces TRANSACTIONAL_* and DISPATCH_*
 * give them, then every lane of LANES (a JSON array of {name, intervalMs, batchSize, ahead?, arrival?}).
 * Throws one ConfigError naming every bad field.
 */
export function readLanes(config: {
  DISPATCH_INTERVAL_MS: number;
  DISPATCH_BATCH_SIZE: number;
  TRANSACTIONAL_INTERVAL_MS: number;
  TRANSACTIONAL_BATCH_SIZE: number;
  LANES: string;
}): Lane[] {
  const [transactional, bulk] = BUILT_IN_LANES as [Lane, Lane];
  const lanes: Lane[] = [
    {
      ...transactional,
      intervalMs: config.TRANSACTIONAL_INTERVAL_MS,
      batchSize: config.TRANSACTIONAL_BATCH_SIZE,
    },
    { ...bulk, intervalMs: config.DISPATCH_INTERVAL_MS, batchSize: config.DISPATCH_BATCH_SIZE },
  ];
  if (config.LANES.trim() === "") return lanes;
  let parsed: unknown;
  try {
    parsed = JSON.parse(config.LANES);
  } catch (error) {
    throw new ConfigError(`LANES: must be a JSON array of lanes (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw new ConfigError("LANES: must be a JSON array of lanes (see docs/api.md)");
  const problems: string[] = [];
  for (const [index, raw] of parsed.entries()) {
    const where = `LANES[${index}]`;
    const fields = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const said = (message: string) => problems.push(`${where}: ${message}`);
    const name = fields.name;
    if (typeof name !== "string" || !LANE_NAME_PATTERN.test(name)) {
      said("name must be 1-32 lower-case letters, digits or dashes, starting with a letter");
    } else if (lanes.some((l) => l.name === name)) {
      said(
        `name "${name}" is given twice (transactional and bulk always exist: set their paces with TRANSACTIONAL_* and DISPATCH_*)`,
      );
    }
    for (const key of ["intervalMs", "batchSize"] as const) {
      const { min, max } = PACE_LIMITS[key];
      const value = fields[key];
      if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        said(`${key} must be an integer from ${min} to ${max}`);
      }
    }
    for (const key of ["ahead", "arrival"] as const) {
      if (fields[key] !== undefined && typeof fields[key] !== "boolean") said(`${key} must be true or false`);
    }
    const unknown = Object.keys(fields).filter(
      (k) => !["name", "intervalMs", "batchSize", "ahead", "arrival"].includes(k),
    );
    if (unknown.length > 0) said(`unknown fields: ${unknown.join(", ")}`);
    lanes.push({
      name: name as string,
      intervalMs: fields.intervalMs as number,
      batchSize: fields.batchSize as number,
      ahead: fields.ahead === true,
      arrival: fields.arrival === true,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems.join("\n"));
  return lanes;
}

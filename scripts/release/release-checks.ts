import { parse } from "yaml";

/**
 * What `pnpm check:generated` checks about a release (scripts/check-release.ts reads the files):
 * one version and one licence everywhere, as docs/versioning.md promises. Each check is pure and
 * returns the failures it finds, one sentence each naming the file and the field; none is a pass.
 */

/** The licence of the project, as package.json files and the image's label name it (SPDX). */
export const LICENSE = "Apache-2.0";

/** The image's OCI labels that come from a build argument, by label, with that argument. */
export const LABEL_ARGS: Readonly<Record<string, string>> = {
  version: "VERSION",
  revision: "REVISION",
  created: "CREATED",
  source: "SOURCE",
};

/** The image's OCI labels with a fixed value, besides `licenses` (which must be LICENSE). */
const FIXED_LABELS = ["title", "description"];

/** Passages only the Apache License 2.0's own text has (the explicit patent grant among them). */
const APACHE_2_0_PASSAGES = [
  "Apache License",
  "Version 2.0, January 2004",
  "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION",
  "Grant of Patent License",
  "END OF TERMS AND CONDITIONS",
];

/** A workspace package.json, as the checks read it. */
export interface PackageManifest {
  /** Its path from the repository root, for the failures. */
  path: string;
  name?: string;
  version?: string;
  license?: string;
}

/** LICENSE holds the Apache License 2.0's text; `text` is undefined when there is no LICENSE. */
export function checkLicenseText(text: string | undefined): string[] {
  if (text === undefined) return ["LICENSE: missing (the Apache License 2.0's text belongs there)"];
  const normal = text.replace(/\s+/g, " ");
  const missing = APACHE_2_0_PASSAGES.filter((passage) => !normal.includes(passage));
  return missing.length === 0
    ? []
    : [`LICENSE: not the Apache License 2.0's text (missing ${missing.map((m) => `"${m}"`).join(", ")})`];
}

/**
 * Every package.json has the same `version`, a semantic version, and `license` LICENSE. The
 * first manifest's version is the one the others must match (the root's, when it comes first).
 */
export function checkPackages(manifests: readonly PackageManifest[]): string[] {
  const failures: string[] = [];
  const version = manifests[0]?.version;
  if (version === undefined || !isSemver(version)) {
    failures.push(
      `${manifests[0]?.path ?? "package.json"}: version ${String(version)} is not a semantic version`,
    );
  }
  for (const m of manifests) {
    if (m.version !== version)
      failures.push(`${m.path}: version ${String(m.version)}, not ${String(version)}`);
    if (m.license !== LICENSE) failures.push(`${m.path}: license ${String(m.license)}, not ${LICENSE}`);
  }
  return failures;
}

/** The OpenAPI document's `info.version` is `version`. */
export function checkOpenApiVersion(document: { info?: { version?: unknown } }, version: string): string[] {
  const found = document.info?.version;
  return found === version ? [] : [`docs/openapi.json: info.version ${String(found)}, not ${version}`];
}

/** CHANGELOG.md has a section headed `## <version>` (a date or a link may follow it). */
export function checkChangelog(text: string | undefined, version: string): string[] {
  if (text === undefined) return ["CHANGELOG.md: missing"];
  const heading = new RegExp(`^## \\[?${escapeRegExp(version)}(\\]|\\s|$)`, "m");
  return heading.test(text) ? [] : [`CHANGELOG.md: no section "## ${version}"`];
}

/**
 * The Dockerfile's last stage declares each OCI label of LABEL_ARGS as `"${ARG}"` of an `ARG` it
 * declares before it, `licenses` as LICENSE, and a non-empty title and description.
 */
export function checkDockerfileLabels(dockerfile: string): string[] {
  const lastStage = dockerfile.split(/^FROM\s/m).at(-1) ?? "";
  // One instruction per entry: continuation lines joined, comments dropped.
  const instructions = lastStage
    .split("\n")
    .filter((line) => !/^\s*#/.test(line))
    .join("\n")
    .replace(/\\\n/g, " ")
    .split("\n");
  const declared = new Set(
    instructions.flatMap((line) => {
      const arg = /^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(line)?.[1];
      return arg ? [arg] : [];
    }),
  );
  const labels = new Map<string, string>();
  for (const line of instructions.filter((l) => /^\s*LABEL\s/.test(l))) {
    for (const [, key = "", quoted, bare] of line.matchAll(/([\w.-]+)=(?:"([^"]*)"|(\S+))/g)) {
      labels.set(key, quoted ?? bare ?? "");
    }
  }
  const failures: string[] = [];
  const label = (name: string) => labels.get(`org.opencontainers.image.${name}`);
  for (const [name, arg] of Object.entries(LABEL_ARGS)) {
    const value = label(name);
    if (value !== `\${${arg}}` && value !== `$${arg}`) {
      failures.push(
        `infra/Dockerfile: label org.opencontainers.image.${name} is ${String(value)}, not "\${${arg}}"`,
      );
    } else if (!declared.has(arg)) {
      failures.push(
        `infra/Dockerfile: label org.opencontainers.image.${name} uses ARG ${arg}, which the stage does not declare`,
      );
    }
  }
  if (label("licenses") !== LICENSE) {
    failures.push(
      `infra/Dockerfile: label org.opencontainers.image.licenses is ${String(label("licenses"))}, not ${LICENSE}`,
    );
  }
  for (const name of FIXED_LABELS) {
    if (!label(name)) failures.push(`infra/Dockerfile: label org.opencontainers.image.${name} is missing`);
  }
  return failures;
}

/**
 * Every service of the compose file that builds the image passes each build argument of
 * LABEL_ARGS as `${ARG:-default}` (so it works unset), VERSION's default being `version`.
 */
export function checkComposeBuildArgs(composeYaml: string, version: string): string[] {
  const compose = parse(composeYaml, { merge: true }) as {
    services?: Record<string, { build?: { args?: Record<string, unknown> } | string }>;
  };
  const building = Object.entries(compose.services ?? {}).filter(([, s]) => s.build !== undefined);
  if (building.length === 0) return ["docker-compose.yml: no service builds the image"];
  const failures: string[] = [];
  for (const [name, service] of building) {
    const args = typeof service.build === "object" ? (service.build.args ?? {}) : {};
    for (const arg of Object.values(LABEL_ARGS)) {
      const value = args[arg];
      const fallback =
        typeof value === "string" ? new RegExp(`^\\$\\{${arg}:-([^}]*)\\}$`).exec(value)?.[1] : undefined;
      if (fallback === undefined || fallback === "") {
        failures.push(
          `docker-compose.yml: service ${name} passes build arg ${arg} as ${String(value)}, not \${${arg}:-<default>}`,
        );
      } else if (arg === "VERSION" && fallback !== version) {
        failures.push(
          `docker-compose.yml: service ${name} passes build arg VERSION defaulting to ${fallback}, not ${version}`,
        );
      }
    }
  }
  return failures;
}

/**
 * The changesets config puts every workspace package in one `fixed` group (names or `*` globs),
 * and versions and tags private packages.
 */
export function checkChangesetConfig(
  config: { fixed?: string[][]; privatePackages?: boolean | { version?: boolean; tag?: boolean } },
  packageNames: readonly string[],
): string[] {
  const failures: string[] = [];
  const groups = config.fixed ?? [];
  const [group = []] = groups;
  if (groups.length !== 1) failures.push(`.changeset/config.json: ${groups.length} fixed groups, not one`);
  const patterns = group.map((g) => new RegExp(`^${g.split("*").map(escapeRegExp).join(".*")}$`));
  for (const name of packageNames) {
    if (!patterns.some((p) => p.test(name)))
      failures.push(`.changeset/config.json: ${name} is not in the fixed group`);
  }
  const privatePackages = config.privatePackages;
  if (
    typeof privatePackages !== "object" ||
    privatePackages.version !== true ||
    privatePackages.tag !== true
  ) {
    failures.push(".changeset/config.json: privatePackages must be { version: true, tag: true }");
  }
  return failures;
}

function isSemver(version: string): boolean {
  return /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

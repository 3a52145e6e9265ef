// `pnpm check:generated` (CI's `generated` suite): the release is consistent. LICENSE is the
// Apache License 2.0; every workspace package.json (the root's and packages/client's among them)
// has one version and the Apache-2.0 licence; docs/openapi.json's info.version and CHANGELOG.md's
// newest section name that version; infra/Dockerfile labels the image from its build arguments
// and docker-compose.yml passes them; .changeset/config.json versions every package together.
// The checks themselves are in scripts/release/release-checks.ts.
import { existsSync, globSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import {
  checkChangelog,
  checkChangesetConfig,
  checkComposeBuildArgs,
  checkDockerfileLabels,
  checkLicenseText,
  checkOpenApiVersion,
  checkPackages,
  type PackageManifest,
} from "./release/release-checks.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const read = (path: string) =>
  existsSync(`${root}${path}`) ? readFileSync(`${root}${path}`, "utf8") : undefined;
const readJson = <T>(path: string) => JSON.parse(read(path) ?? "{}") as T;

const workspace = parse(read("pnpm-workspace.yaml") ?? "") as { packages: string[] };
const paths = [
  "package.json",
  ...globSync(
    workspace.packages.map((p) => `${p}/package.json`),
    { cwd: root },
  ).sort(),
];
const manifests = paths.map((path) => ({ ...readJson<Omit<PackageManifest, "path">>(path), path }));
const version = manifests[0]?.version ?? "";

const failures = [
  ...checkLicenseText(read("LICENSE")),
  ...checkPackages(manifests),
  ...checkOpenApiVersion(readJson("docs/openapi.json"), version),
  ...checkChangelog(read("CHANGELOG.md"), version),
  ...checkDockerfileLabels(read("infra/Dockerfile") ?? ""),
  ...checkComposeBuildArgs(read("docker-compose.yml") ?? "", version),
  ...checkChangesetConfig(
    readJson(".changeset/config.json"),
    manifests.slice(1).flatMap((m) => (m.name ? [m.name] : [])),
  ),
];
if (failures.length > 0) {
  console.error(`The release is not consistent:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(
  `release ${version}: ${manifests.length} package.json files, LICENSE, OpenAPI, CHANGELOG.md, image labels and compose agree`,
);

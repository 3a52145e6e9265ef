// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings hold the Dockerfile's and compose's own ${ARG} syntax
import { readFileSync } from "node:fs";
import type { NewChangeset } from "@changesets/types";
import { describe, expect, it } from "vitest";
import { addSection, changelogSection } from "../../scripts/release/changelog-section.js";
import {
  checkChangelog,
  checkChangesetConfig,
  checkComposeBuildArgs,
  checkDockerfileLabels,
  checkLicenseText,
  checkOpenApiVersion,
  checkPackages,
} from "../../scripts/release/release-checks.js";

const repo = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

const GOOD_DOCKERFILE = `FROM node:26 AS build
RUN true
FROM node:26
ARG VERSION=unknown
ARG REVISION=unknown
ARG CREATED=1970-01-01T00:00:00Z
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="message-dispatcher" \\
      org.opencontainers.image.description="Sends SMS" \\
      org.opencontainers.image.version="\${VERSION}" \\
      org.opencontainers.image.revision="\${REVISION}" \\
      org.opencontainers.image.source="\${SOURCE}" \\
      org.opencontainers.image.licenses="Apache-2.0" \\
      org.opencontainers.image.created="\${CREATED}"
`;

const GOOD_COMPOSE = `
x-app: &app
  build:
    context: .
    args:
      VERSION: \${VERSION:-1.2.0}
      REVISION: \${REVISION:-unknown}
      CREATED: \${CREATED:-1970-01-01T00:00:00Z}
      SOURCE: \${SOURCE:-unknown}
services:
  postgres:
    image: postgres:16
  api:
    <<: *app
  worker:
    <<: *app
`;

describe("checkLicenseText", () => {
  it("passes the Apache License 2.0 of the repository", () => {
    expect(checkLicenseText(repo("LICENSE"))).toEqual([]);
  });

  it("names a missing LICENSE, and another licence's text", () => {
    expect(checkLicenseText(undefined)).toEqual([expect.stringMatching(/^LICENSE: missing/)]);
    const mit = "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy";
    expect(checkLicenseText(mit)).toEqual([
      expect.stringMatching(/^LICENSE: not the Apache License 2.0's text/),
    ]);
  });

  it("names the passages an Apache text without its patent grant lacks", () => {
    const withoutPatents = repo("LICENSE").replace("Grant of Patent License", "Grant");
    expect(checkLicenseText(withoutPatents)).toEqual([expect.stringContaining('"Grant of Patent License"')]);
  });
});

describe("checkPackages", () => {
  const pkg = (path: string, version?: string, license?: string) => ({ path, version, license });

  it("passes packages that share one version and the licence", () => {
    expect(
      checkPackages([
        pkg("package.json", "1.2.0", "Apache-2.0"),
        pkg("apps/api/package.json", "1.2.0", "Apache-2.0"),
      ]),
    ).toEqual([]);
  });

  it("names each package at another version or licence, and one without either", () => {
    expect(
      checkPackages([
        pkg("package.json", "1.2.0", "Apache-2.0"),
        pkg("apps/api/package.json", "1.1.0", "Apache-2.0"),
        pkg("packages/client/package.json", "1.2.0", "MIT"),
        pkg("packages/core/package.json"),
      ]),
    ).toEqual([
      "apps/api/package.json: version 1.1.0, not 1.2.0",
      "packages/client/package.json: license MIT, not Apache-2.0",
      "packages/core/package.json: version undefined, not 1.2.0",
      "packages/core/package.json: license undefined, not Apache-2.0",
    ]);
  });

  it("names a version that is not a semantic version", () => {
    expect(checkPackages([pkg("package.json", "1.2", "Apache-2.0")])).toEqual([
      "package.json: version 1.2 is not a semantic version",
    ]);
  });
});

describe("checkOpenApiVersion", () => {
  it("passes the document's info.version when it is the version, and names another", () => {
    expect(checkOpenApiVersion({ info: { version: "1.2.0" } }, "1.2.0")).toEqual([]);
    expect(checkOpenApiVersion({ info: { version: "1.0.0" } }, "1.2.0")).toEqual([
      "docs/openapi.json: info.version 1.0.0, not 1.2.0",
    ]);
    expect(checkOpenApiVersion({}, "1.2.0")).toEqual([
      "docs/openapi.json: info.version undefined, not 1.2.0",
    ]);
  });
});

describe("checkChangelog", () => {
  it("finds the version's section heading, dated or linked", () => {
    expect(checkChangelog("# Changelog\n\n## 1.2.0 (2026-12-07)\n\n- x\n", "1.2.0")).toEqual([]);
    expect(checkChangelog("# Changelog\n\n## [1.2.0](https://example.org)\n", "1.2.0")).toEqual([]);
  });

  it("names a missing section, one for a longer version, and a missing file", () => {
    const failure = ['CHANGELOG.md: no section "## 1.2.0"'];
    expect(checkChangelog("# Changelog\n\n## 1.1.0 (2026-11-01)\n", "1.2.0")).toEqual(failure);
    expect(checkChangelog("# Changelog\n\n## 1.2.0-rc.1\n", "1.2.0")).toEqual(failure);
    expect(checkChangelog("# Changelog\n\nMentions 1.2.0 in passing.\n", "1.2.0")).toEqual(failure);
    expect(checkChangelog(undefined, "1.2.0")).toEqual(["CHANGELOG.md: missing"]);
  });
});

describe("checkDockerfileLabels", () => {
  it("passes labels from declared ARGs, and the repository's Dockerfile", () => {
    expect(checkDockerfileLabels(GOOD_DOCKERFILE)).toEqual([]);
    expect(checkDockerfileLabels(repo("infra/Dockerfile"))).toEqual([]);
  });

  it("names a label written as a literal, and one whose ARG the last stage does not declare", () => {
    const literal = GOOD_DOCKERFILE.replace('version="${VERSION}"', 'version="1.0.0"');
    expect(checkDockerfileLabels(literal)).toEqual([
      'infra/Dockerfile: label org.opencontainers.image.version is 1.0.0, not "${VERSION}"',
    ]);
    // Declared in the build stage only: the last stage's LABEL would read it empty.
    const undeclared = GOOD_DOCKERFILE.replace("ARG REVISION=unknown\n", "").replace(
      "RUN true",
      "ARG REVISION\nRUN true",
    );
    expect(checkDockerfileLabels(undeclared)).toEqual([
      "infra/Dockerfile: label org.opencontainers.image.revision uses ARG REVISION, which the stage does not declare",
    ]);
  });

  it("names a missing label, another licence and a label left in a comment", () => {
    const broken = GOOD_DOCKERFILE.replace('licenses="Apache-2.0"', 'licenses="MIT"')
      .replace('      org.opencontainers.image.created="${CREATED}"\n', "")
      .replace(
        'LABEL org.opencontainers.image.title="message-dispatcher" \\\n',
        '# org.opencontainers.image.title="x"\nLABEL ',
      );
    expect(checkDockerfileLabels(broken)).toEqual([
      'infra/Dockerfile: label org.opencontainers.image.created is undefined, not "${CREATED}"',
      "infra/Dockerfile: label org.opencontainers.image.licenses is MIT, not Apache-2.0",
      "infra/Dockerfile: label org.opencontainers.image.title is missing",
    ]);
  });
});

describe("checkComposeBuildArgs", () => {
  it("passes build args with defaults, through a YAML merge key, and the repository's compose file", () => {
    expect(checkComposeBuildArgs(GOOD_COMPOSE, "1.2.0")).toEqual([]);
    const { version } = JSON.parse(repo("apps/api/package.json")) as { version: string };
    expect(checkComposeBuildArgs(repo("docker-compose.yml"), version)).toEqual([]);
  });

  it("names an argument not passed, one without a default, and a VERSION default of another version", () => {
    const broken = GOOD_COMPOSE.replace("      SOURCE: ${SOURCE:-unknown}\n", "").replace(
      "${REVISION:-unknown}",
      "${REVISION}",
    );
    expect(checkComposeBuildArgs(broken, "1.3.0")).toEqual([
      "docker-compose.yml: service api passes build arg VERSION defaulting to 1.2.0, not 1.3.0",
      "docker-compose.yml: service api passes build arg REVISION as ${REVISION}, not ${REVISION:-<default>}",
      "docker-compose.yml: service api passes build arg SOURCE as undefined, not ${SOURCE:-<default>}",
      "docker-compose.yml: service worker passes build arg VERSION defaulting to 1.2.0, not 1.3.0",
      "docker-compose.yml: service worker passes build arg REVISION as ${REVISION}, not ${REVISION:-<default>}",
      "docker-compose.yml: service worker passes build arg SOURCE as undefined, not ${SOURCE:-<default>}",
    ]);
  });

  it("names a compose file where no service builds the image", () => {
    expect(checkComposeBuildArgs("services:\n  api:\n    image: x\n", "1.2.0")).toEqual([
      "docker-compose.yml: no service builds the image",
    ]);
  });
});

describe("checkChangesetConfig", () => {
  const names = ["@dispatcher/api", "@dispatcher/client"];
  const versioned = { version: true, tag: true };

  it("passes one fixed group covering every package, by glob or by name, and the repository's config", () => {
    expect(checkChangesetConfig({ fixed: [["@dispatcher/*"]], privatePackages: versioned }, names)).toEqual(
      [],
    );
    expect(checkChangesetConfig({ fixed: [names], privatePackages: versioned }, names)).toEqual([]);
    expect(checkChangesetConfig(JSON.parse(repo(".changeset/config.json")), names)).toEqual([]);
  });

  it("names a package outside the group, a second group and unversioned private packages", () => {
    expect(
      checkChangesetConfig(
        { fixed: [["@dispatcher/api"], ["@dispatcher/worker"]], privatePackages: false },
        names,
      ),
    ).toEqual([
      ".changeset/config.json: 2 fixed groups, not one",
      ".changeset/config.json: @dispatcher/client is not in the fixed group",
      ".changeset/config.json: privatePackages must be { version: true, tag: true }",
    ]);
  });
});

describe("changelogSection", () => {
  const changeset = (
    id: string,
    summary: string,
    ...types: Array<"major" | "minor" | "patch">
  ): NewChangeset => ({
    id,
    summary,
    releases: types.map((type, i) => ({ name: `@dispatcher/p${i}`, type })),
  });

  it("lists each changeset once, under the largest bump it asks for", () => {
    const section = changelogSection("2.0.0", "2026-12-07", [
      changeset("a", "Retries on 429.", "patch"),
      changeset("b", "GET /api/v1/things.\nPaged like messages.", "minor", "patch"),
      changeset("c", "Removes `legacyField`.", "patch", "major"),
    ]);
    expect(section).toBe(
      [
        "## 2.0.0 (2026-12-07)",
        "",
        "### Breaking changes",
        "",
        "- Removes `legacyField`.",
        "",
        "### Added and changed",
        "",
        "- GET /api/v1/things.",
        "  Paged like messages.",
        "",
        "### Fixed",
        "",
        "- Retries on 429.",
        "",
      ].join("\n"),
    );
    expect(checkChangelog(section, "2.0.0")).toEqual([]);
  });

  it("puts the new section above the newest release, under the file's introduction", () => {
    const changelog = "# Changelog\n\nIntro.\n\n## 1.0.0 (2026-01-01)\n\n- First.\n";
    const updated = addSection(
      changelog,
      changelogSection("1.0.1", "2026-02-01", [changeset("a", "Fix.", "patch")]),
    );
    expect(updated).toBe(
      "# Changelog\n\nIntro.\n\n## 1.0.1 (2026-02-01)\n\n### Fixed\n\n- Fix.\n\n## 1.0.0 (2026-01-01)\n\n- First.\n",
    );
  });
});

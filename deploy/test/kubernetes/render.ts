import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { KubeObject } from "./kube-object.js";

/** Renders a kustomization directory offline (`kubectl kustomize DIR`); throws with kubectl's output on failure. */
export function renderKustomization(kubectl: string, dir: string): KubeObject[] {
  const run = spawnSync(kubectl, ["kustomize", dir], { encoding: "utf8", timeout: 60_000 });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${run.stderr}`);
  return parseYamlObjects(run.stdout);
}

/** Every object of a multi-document YAML text (empty documents skipped). */
export function parseYamlObjects(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null);
}

/** The overlays under `root` (deploy/kubernetes/overlays): each folder holding a kustomization.yaml. */
export function listOverlays(root: string): string[] {
  return readdirSync(root)
    .filter((name) => existsSync(join(root, name, "kustomization.yaml")))
    .sort();
}

/** A rendered Kubernetes object, as kustomize writes it: typed further by each check. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** The objects of `kind`, cast to the shape the caller reads (validated separately by the models). */
export function ofKind<T>(objects: KubeObject[], kind: string): Array<T & KubeObject> {
  return objects.filter((o) => o.kind === kind) as Array<T & KubeObject>;
}

// What changed between two versions of the API's OpenAPI document, and which changes break a
// client written against the older one. Conservative: it follows the shapes the API uses
// (objects, arrays, unions, enums, `$ref`-free schemas, as @fastify/swagger prints TypeBox).

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  additionalProperties?: boolean | Schema;
};
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};
export type OpenApiDocument = { paths?: Record<string, Record<string, Operation>> };

export interface OpenApiChanges {
  /** Changes a client of the older document may trip on: something it sends is refused, or something it reads is gone. */
  breaking: string[];
  /** Everything else that differs: new routes, new optional inputs, new output fields and values. */
  additive: string[];
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** The changes from `base` to `next`. */
export function diffOpenApi(base: OpenApiDocument, next: OpenApiDocument): OpenApiChanges {
  const changes: OpenApiChanges = { breaking: [], additive: [] };
  const operations = (doc: OpenApiDocument) =>
    new Map(
      Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([method]) => METHODS.includes(method))
          .map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as const),
      ),
    );
  const before = operations(base);
  const after = operations(next);
  for (const [route, op] of before) {
    const now = after.get(route);
    if (!now) changes.breaking.push(`${route}: removed`);
    else compareOperation(route, op, now, changes);
  }
  for (const route of after.keys()) if (!before.has(route)) changes.additive.push(`${route}: added`);
  return changes;
}

function compareOperation(route: string, base: Operation, next: Operation, changes: OpenApiChanges) {
  const key = (p: Parameter) => `${p.in} ${p.name}`;
  const nextParams = new Map((next.parameters ?? []).map((p) => [key(p), p]));
  const baseParams = new Map((base.parameters ?? []).map((p) => [key(p), p]));
  for (const [name, p] of baseParams) {
    const now = nextParams.get(name);
    if (!now) changes.breaking.push(`${route}: parameter ${name} removed`);
    else {
      if (now.required && !p.required) changes.breaking.push(`${route}: parameter ${name} now required`);
      compareInput(`${route}: parameter ${name}`, p.schema, now.schema, changes);
    }
  }
  for (const [name, p] of nextParams) {
    if (baseParams.has(name)) continue;
    (p.required ? changes.breaking : changes.additive).push(
      `${route}: parameter ${name} added${p.required ? " (required)" : ""}`,
    );
  }
  const body = (op: Operation) => op.requestBody?.content?.["application/json"]?.schema;
  if (body(base) || body(next)) compareInput(`${route}: request body`, body(base), body(next), changes);
  for (const [status, response] of Object.entries(base.responses ?? {})) {
    if (!/^2/.test(status)) continue;
    const now = next.responses?.[status];
    if (!now) {
      changes.breaking.push(`${route}: response ${status} removed`);
      continue;
    }
    for (const [media, content] of Object.entries(response.content ?? {})) {
      compareOutput(`${route}: response ${status}`, content.schema, now.content?.[media]?.schema, changes);
    }
  }
}

/** The values a schema admits, as far as enums and consts say (undefined: not an enumeration). */
function enumeration(schema: Schema | undefined): unknown[] | undefined {
  if (!schema) return undefined;
  if (schema.enum) return schema.enum;
  if ("const" in schema) return [schema.const];
  const variants = schema.anyOf ?? schema.oneOf;
  if (!variants) return undefined;
  const values = variants.map(enumeration);
  return values.every((v) => v !== undefined) ? values.flat() : undefined;
}

const typesOf = (schema: Schema | undefined): string[] =>
  schema?.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];

/** What the client sends: it breaks when the server refuses more than it did. */
function compareInput(
  where: string,
  base: Schema | undefined,
  next: Schema | undefined,
  changes: OpenApiChanges,
) {
  if (!base || !next) {
    if (!base && next) changes.additive.push(`${where}: added`);
    else if (base && !next) changes.breaking.push(`${where}: removed`);
    return;
  }
  const baseTypes = typesOf(base);
  const nextTypes = typesOf(next);
  const narrowed = baseTypes.filter(
    (t) => !nextTypes.includes(t) && !(t === "integer" && nextTypes.includes("number")),
  );
  if (nextTypes.length > 0 && narrowed.length > 0)
    changes.breaking.push(`${where}: no longer accepts ${narrowed.join(", ")}`);
  const [was, is] = [enumeration(base), enumeration(next)];
  if (was && is) {
    const dropped = was.filter((v) => !is.some((w) => JSON.stringify(w) === JSON.stringify(v)));
    if (dropped.length > 0) changes.breaking.push(`${where}: no longer accepts ${JSON.stringify(dropped)}`);
  }
  for (const name of next.required ?? []) {
    if (!(base.required ?? []).includes(name)) changes.breaking.push(`${where}: ${name} now required`);
  }
  for (const [name, schema] of Object.entries(base.properties ?? {})) {
    const now = next.properties?.[name];
    if (!now) {
      if (next.additionalProperties === false) changes.breaking.push(`${where}: ${name} no longer accepted`);
    } else compareInput(`${where}.${name}`, schema, now, changes);
  }
  for (const name of Object.keys(next.properties ?? {})) {
    if (!base.properties?.[name]) changes.additive.push(`${where}: ${name} added`);
  }
  if (base.items || next.items) compareInput(`${where}[]`, base.items, next.items, changes);
}

/** What the client reads: it breaks when something it could rely on is gone or changed type. */
function compareOutput(
  where: string,
  base: Schema | undefined,
  next: Schema | undefined,
  changes: OpenApiChanges,
) {
  if (!base) return;
  if (!next) {
    changes.breaking.push(`${where}: removed`);
    return;
  }
  const baseTypes = typesOf(base);
  const widened = typesOf(next).filter((t) => baseTypes.length > 0 && !baseTypes.includes(t));
  if (widened.length > 0) changes.breaking.push(`${where}: may now be ${widened.join(", ")}`);
  const [was, is] = [enumeration(base), enumeration(next)];
  if (was && is) {
    const added = is.filter((v) => !was.some((w) => JSON.stringify(w) === JSON.stringify(v)));
    // New values of an enumeration are a minor change: clients tolerate values they do not know
    // (docs/versioning.md).
    if (added.length > 0) changes.additive.push(`${where}: may now be ${JSON.stringify(added)}`);
  }
  for (const [name, schema] of Object.entries(base.properties ?? {})) {
    const now = next.properties?.[name];
    if (!now) changes.breaking.push(`${where}.${name}: removed`);
    else {
      if ((base.required ?? []).includes(name) && !(next.required ?? []).includes(name)) {
        changes.breaking.push(`${where}.${name}: no longer always present`);
      }
      compareOutput(`${where}.${name}`, schema, now, changes);
    }
  }
  for (const name of Object.keys(next.properties ?? {})) {
    if (!base.properties?.[name]) changes.additive.push(`${where}.${name}: added`);
  }
  if (base.items) compareOutput(`${where}[]`, base.items, next.items, changes);
}

import { Ajv, type AnySchema, type KeywordDefinition, type SchemaValidateFunction } from "ajv";
import type { FastifyInstance } from "fastify";

/** The keyword the compiler adds to every string schema of a request (see installValidatorCompiler). */
const STORABLE = "x-storable-text";

// NUL, which Postgres text refuses, or a UTF-16 surrogate without its pair, which UTF-8 cannot
// encode (text would get U+FFFD in its place; jsonb refuses it).
const UNSTORABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is this pattern's job
  /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const isStorable: SchemaValidateFunction = (_schema: boolean, data: string) => {
  if (!UNSTORABLE.test(data)) return true;
  isStorable.errors = [
    {
      keyword: STORABLE,
      message: "must not contain NUL (\\u0000) or a lone surrogate (\\uD800-\\uDFFF)",
      params: {},
    },
  ];
  return false;
};

const storableText: KeywordDefinition = {
  keyword: STORABLE,
  type: "string",
  schemaType: "boolean",
  errors: true,
  validate: isStorable,
};

// Keys whose values are data, not subschemas: never marked.
const DATA_KEYWORDS = new Set(["default", "examples", "example", "const", "enum"]);

/** A copy of `schema` with every string subschema marked STORABLE; the route's own schema is left as is. */
function withStorableStrings(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withStorableStrings);
  if (schema === null || typeof schema !== "object") return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] = DATA_KEYWORDS.has(key) ? value : withStorableStrings(value);
  }
  const type = copy.type;
  if (type === "string" || (Array.isArray(type) && type.includes("string"))) copy[STORABLE] = true;
  return copy;
}

/**
 * Request validation with two rule sets: bodies are validated strictly (no type coercion, so
 * `"to": 5` is a wrong type, not the string "5"), while querystrings, params and headers, which
 * arrive as text, are coerced (`?limit=5` is the integer 5). Both report every error at once so a
 * bulk body's 400 can name every bad item. Every string of every part must be storable: one with
 * a NUL or a lone surrogate (which Postgres text and jsonb refuse) is a 400 naming its field.
 */
export function installValidatorCompiler(app: FastifyInstance): void {
  const common = { allErrors: true, useDefaults: true, removeAdditional: false, strict: false } as const;
  const strict = new Ajv({ ...common, coerceTypes: false }).addKeyword(storableText);
  const coercing = new Ajv({ ...common, coerceTypes: "array" }).addKeyword(storableText);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === "body" ? strict : coercing).compile(withStorableStrings(schema) as AnySchema),
  );
}

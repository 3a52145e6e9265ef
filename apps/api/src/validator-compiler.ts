import { Ajv } from "ajv";
import type { FastifyInstance } from "fastify";

/**
 * Request validation with two rule sets: bodies are validated strictly (no type coercion, so
 * `"to": 5` is a wrong type, not the string "5"), while querystrings, params and headers, which
 * arrive as text, are coerced (`?limit=5` is the integer 5). Both report every error at once so a
 * bulk body's 400 can name every bad item.
 */
export function installValidatorCompiler(app: FastifyInstance): void {
  const common = { allErrors: true, useDefaults: true, removeAdditional: false, strict: false } as const;
  const strict = new Ajv({ ...common, coerceTypes: false });
  const coercing = new Ajv({ ...common, coerceTypes: "array" });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === "body" ? strict.compile(schema) : coercing.compile(schema),
  );
}

import { Secret } from "@dispatcher/core";
import { Ajv, type ErrorObject } from "ajv";
import { type TSchema, Type } from "typebox";

/**
 * A credential field of an adapter's settings. In PROVIDERS it is written `{"env": "NAME"}` or
 * `{"file": "/path"}`, never as the value itself; the config reads it into a Secret before the
 * settings are checked, so a literal string here is refused.
 */
export const SecretSchema = Type.Unsafe<Secret>({
  secret: true,
  description: 'A credential: {"env": "VARIABLE"} or {"file": "/path/to/file"}',
});

/** An http(s) URL. */
export const HttpUrlSchema = Type.String({ pattern: "^https?://[^\\s]+$", maxLength: 2_048 });

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes: false });
ajv.addKeyword({
  keyword: "secret",
  schemaType: "boolean",
  errors: true,
  validate: function isSecret(_schema: boolean, data: unknown) {
    return data instanceof Secret;
  },
});

/** What one failing field says: ajv's words, with the credential rule spelled out. */
function describe(error: ErrorObject): string {
  if (error.keyword === "secret")
    return 'must be {"env": "VARIABLE"} or {"file": "/path"}: credentials are never written into PROVIDERS';
  if (error.keyword === "additionalProperties")
    return `has an unknown field "${String(error.params.additionalProperty)}"`;
  return error.message ?? "is invalid";
}

const compiled = new WeakMap<TSchema, ReturnType<typeof ajv.compile>>();

/**
 * Checks `settings` against `schema`, filling in its defaults. Returns every problem as
 * `field message` (`from must match pattern …`); empty when they pass.
 */
export function checkSettings(schema: TSchema, settings: Record<string, unknown>): string[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(settings)) return [];
  return (validate.errors ?? []).map((error) => {
    const field = error.instancePath.replace(/^\//, "").replaceAll("/", ".");
    const missing = error.keyword === "required" ? String(error.params.missingProperty) : "";
    const name = [field, missing].filter(Boolean).join(".");
    return missing ? `${name} is required` : `${name || "(entry)"} ${describe(error)}`;
  });
}

/** One problem with the input: `field` names it; `index` is the item's position in a bulk body. */
export interface ApiFieldError {
  index?: number;
  field: string;
  message: string;
}

/**
 * An error answer of the API, read from either of its shapes: RFC 9457 problem details
 * (`application/problem+json`: `type`, `title`, `status`, `detail`, `instance`) or the v1 body
 * (`statusCode`, `error`, `message`), each with the extension members `requestId`, `field`,
 * `errors`, `code` and `rule`.
 */
export interface ApiProblem {
  /** The HTTP status of the answer. */
  status: number;
  /** The status in words (`title`, else `error`, else the response's status text). */
  title: string;
  /** What went wrong, for people (`detail`, else `message`, else the body as text). */
  detail: string;
  /** The problem type's URI, when the API names one. */
  type?: string;
  /** The URI of this occurrence, when the API names one. */
  instance?: string;
  /** The request's id (the answer's `x-request-id` when the body has none), to quote when asking about it. */
  requestId?: string;
  /** The first offending field. */
  field?: string;
  /** Every problem with the input. */
  errors?: ApiFieldError[];
  /** Why a rule refused the request, for programs (`country_blocked`, `spend_daily_limit`, …). */
  code?: string;
  /** The rule that refused the request, in words. */
  rule?: string;
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

function fieldErrors(value: unknown): ApiFieldError[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const errors = value.flatMap((e): ApiFieldError[] => {
    if (typeof e !== "object" || e === null) return [];
    const { index, field, message } = e as Record<string, unknown>;
    const read: ApiFieldError = { field: text(field) ?? "(body)", message: text(message) ?? "is invalid" };
    return [typeof index === "number" ? { index, ...read } : read];
  });
  return errors.length > 0 ? errors : undefined;
}

/**
 * Reads an error answer: `body` as openapi-fetch gives it (`{error}`: the parsed JSON, or the text
 * when it was not JSON, or undefined when empty) and its `response`. Never throws; any member
 * missing or of the wrong type is left out (or, for `title` and `detail`, taken from the response).
 */
export function readApiProblem(
  body: unknown,
  response: Pick<Response, "status" | "statusText" | "headers">,
): ApiProblem {
  const fields =
    typeof body === "object" && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  const status =
    typeof fields.status === "number"
      ? fields.status
      : typeof fields.statusCode === "number"
        ? fields.statusCode
        : response.status;
  const problem: ApiProblem = {
    status,
    title: text(fields.title) ?? text(fields.error) ?? (response.statusText || `HTTP ${response.status}`),
    detail:
      text(fields.detail) ??
      text(fields.message) ??
      (typeof body === "string" && body.trim() !== ""
        ? body.trim().slice(0, 500)
        : response.statusText || `HTTP ${response.status}`),
  };
  const optional = {
    type: text(fields.type),
    instance: text(fields.instance),
    requestId: text(fields.requestId) ?? response.headers.get("x-request-id") ?? undefined,
    field: text(fields.field),
    errors: fieldErrors(fields.errors),
    code: text(fields.code),
    rule: text(fields.rule),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(problem, { [key]: value });
  }
  return problem;
}

/**
 * The problem as lines for a person: `<status>: <detail>` first, then the field errors, the code
 * and rule, and the request id, each on a line of its own; ends with a newline.
 */
export function formatApiProblem(problem: ApiProblem): string {
  const lines = [`${problem.status}: ${problem.detail}`];
  const errors = problem.errors ?? (problem.field ? [{ field: problem.field, message: "" }] : []);
  for (const e of errors) {
    const where = e.index === undefined ? e.field : `messages[${e.index}].${e.field}`;
    lines.push(`  field ${where}${e.message ? `: ${e.message}` : ""}`);
  }
  if (problem.code) lines.push(`  code ${problem.code}${problem.rule ? ` (${problem.rule})` : ""}`);
  else if (problem.rule) lines.push(`  rule ${problem.rule}`);
  if (problem.requestId) lines.push(`  request id ${problem.requestId}`);
  return `${lines.join("\n")}\n`;
}

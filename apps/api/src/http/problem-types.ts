/**
 * The problem types of the API's error answers (RFC 9457 `type`), one per kind of error a program
 * may want to tell apart; docs/api.md lists them with their meaning. A type is a `tag:` URI
 * (RFC 4151): stable and owned by this project, an identifier, never fetched. An error whose status
 * code says all there is to say has no type of its own: its `type` is `about:blank` and its `title`
 * the status code's reason phrase (RFC 9457 §4.2.1).
 */

/** The part every type of this API starts with. */
export const PROBLEM_TYPE_PREFIX = "tag:message-dispatcher,2026:problem/";

/** The content type of every error answer. */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** Each kind with a type of its own, and its `title`: the same for every occurrence of the kind. */
export const PROBLEM_TITLES = {
  "invalid-input": "The request's input is invalid",
  "rate-limited": "Too many requests for this API key",
  "country-blocked": "A recipient's country is blocked",
  "number-blocked": "A recipient's number is blocked",
  "recipient-hourly-cap": "A recipient's hourly cap is reached",
  "recipient-daily-cap": "A recipient's daily cap is reached",
  "same-content-hourly-cap": "A recipient's hourly cap for the same content is reached",
  "key-daily-quota": "The API key's daily quota is reached",
  "key-international-daily-quota": "The API key's international daily quota is reached",
  "protection-unavailable": "Caps and quotas cannot be counted now",
  "spend-daily-limit": "A daily spend limit is reached",
  "spend-monthly-limit": "A monthly spend limit is reached",
  "spend-unpriced": "A spend limit applies and a message has no price",
} as const;

export type ProblemKind = keyof typeof PROBLEM_TITLES;

/** The status codes' reason phrases, the `title` (and `error`) of an `about:blank` problem. */
export const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  413: "Payload Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** The kind of a refusal's code (`recipient_hourly_cap` → `recipient-hourly-cap`), when it has one. */
export function kindOfCode(code: string): ProblemKind | undefined {
  const kind = code.replaceAll("_", "-");
  return Object.hasOwn(PROBLEM_TITLES, kind) ? (kind as ProblemKind) : undefined;
}

/** A problem's `type` and `title`: its kind's, or `about:blank` and the status code's reason phrase. */
export function typeAndTitle(kind: ProblemKind | undefined, status: number): { type: string; title: string } {
  if (kind === undefined) return { type: "about:blank", title: REASONS[status] ?? "Error" };
  return { type: `${PROBLEM_TYPE_PREFIX}${kind}`, title: PROBLEM_TITLES[kind] };
}

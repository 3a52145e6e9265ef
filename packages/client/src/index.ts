/**
 * @dispatcher/client: a typed client of the dispatcher's REST API, made with openapi-fetch from the
 * types openapi-typescript generates from docs/openapi.json (src/openapi.ts), and the `dispatcher`
 * CLI built on it (src/cli.ts).
 */
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./openapi.js";

export { type ApiFieldError, type ApiProblem, formatApiProblem, readApiProblem } from "./api-problem.js";
export type { components, operations, paths } from "./openapi.js";

export type DispatcherClient = Client<paths>;

/** How to reach the API. */
export interface DispatcherClientOptions {
  /** The API's origin, `http://host:port`. */
  baseUrl: string;
  /** Sent as a Bearer token on every request; none when left out. */
  apiKey?: string;
  /** The fetch to call. @defaultValue the global fetch */
  fetch?: typeof fetch;
  /**
   * Each request (its answer's body included) is aborted after this many ms, rejecting with a
   * DOMException named `TimeoutError`. @defaultValue no limit
   */
  timeoutMs?: number;
}

/**
 * A client of the API at `baseUrl`. Calls are typed by route:
 * `client.GET("/api/v1/messages/{id}", {params: {path: {id}}})` answers `{data}` on 2xx and
 * `{error}` (the API's error body, either shape: read it with `readApiProblem`) otherwise, and
 * rejects when the API cannot be reached or does not answer within `timeoutMs`.
 */
export function createDispatcherClient(options: DispatcherClientOptions): DispatcherClient {
  const { timeoutMs } = options;
  const base = options.fetch ?? globalThis.fetch;
  const send: typeof fetch =
    timeoutMs === undefined
      ? base
      : (input, init) => {
          const timeout = AbortSignal.timeout(timeoutMs);
          const given = init?.signal ?? (input instanceof Request ? input.signal : undefined);
          return base(input, { ...init, signal: given ? AbortSignal.any([given, timeout]) : timeout });
        };
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
    fetch: send,
  });
}

/**
 * @dispatcher/client: a typed client of the dispatcher's REST API, made with openapi-fetch from the
 * types openapi-typescript generates from docs/openapi.json (src/openapi.ts), and the `dispatcher`
 * CLI built on it (src/cli.ts).
 */
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./openapi.js";

export type { components, operations, paths } from "./openapi.js";

export type DispatcherClient = Client<paths>;

/**
 * A client of the API at `baseUrl` (`http://host:port`), sending `apiKey` as a Bearer token on
 * every request. Calls are typed by route: `client.GET("/api/v1/messages/{id}", {params: {path: {id}}})`
 * answers `{data}` on 2xx and `{error}` (the API's error body) otherwise.
 */
export function createDispatcherClient(options: {
  baseUrl: string;
  apiKey?: string;
  fetch?: typeof fetch;
}): DispatcherClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
    fetch: options.fetch,
  });
}

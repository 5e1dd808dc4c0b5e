// The Switchboard client: openapi-fetch typed by `schema.ts`, which
// `just sdks` generates from openapi/openapi.json (never edit it by hand).
import createClient, { type ClientOptions } from "openapi-fetch";
import type { paths } from "./schema.ts";

export type { components, operations, paths } from "./schema.ts";

/** A client for `baseUrl`; `token` is an access token or an API key (`sbk_…`). */
export function switchboard(baseUrl: string, token?: string, options: ClientOptions = {}) {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  return createClient<paths>({ ...options, baseUrl, headers: { ...headers, ...(options.headers as Record<string, string> | undefined) } });
}

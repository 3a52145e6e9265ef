import { maskNumber } from "@dispatcher/core";
import type { FastifyRequest } from "fastify";

/** A phone number in a URL: `+` (or `%2B`) and 7 to 15 digits. */
const NUMBER_IN_URL = /(?:\+|%2B)(\d{7,15})/gi;

/** `url` with every phone number in it masked (see maskNumber): `/opt-outs/+905551234567` → `/opt-outs/+90555***4567`. */
export function maskNumbersInUrl(url: string): string {
  return url.replace(NUMBER_IN_URL, (_match, digits: string) => maskNumber(`+${digits}`));
}

/**
 * A request as its log lines show it: Fastify's own fields, its URL with phone numbers masked
 * (the suppression list's routes carry one in their path).
 */
export function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: maskNumbersInUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

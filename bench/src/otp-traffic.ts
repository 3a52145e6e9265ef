import { setTimeout as sleep } from "node:timers/promises";
import { request } from "undici";

/** The lane one-time passwords are sent in: their `priority`. */
export const OTP_LANE = "transactional";

/** One `POST /api/v1/messages` of the OTP traffic. */
export interface OtpRequest {
  /** Epoch milliseconds just before the request was sent. */
  sentAt: number;
  /** Milliseconds from `sentAt` to the whole answer. */
  answeredAfterMs: number;
  /** The answer's HTTP status; 0 when none came (a network error, or the run stopped). */
  status: number;
  /** The stored message's id (a 201 answer), else null. */
  messageId: number | null;
}

export interface OtpTrafficOptions {
  /** The API's base URL, `http://host:port`. */
  apiUrl: string;
  /** Presented as `Authorization: Bearer`. */
  apiKey: string;
  /** Requests a second, evenly spaced. */
  perSecond: number;
  seconds: number;
  /** Epoch milliseconds of the first request. */
  startAt: number;
  /** Stops sending (requests in flight still end). */
  signal: AbortSignal;
  /** Hears each message stored (a 201 answer). */
  onStored?: () => void;
}

/**
 * Sends `perSecond × seconds` one-time passwords (`priority: transactional`, no validity, each to
 * a number of its own) on a fixed schedule from `startAt`: an open loop, so a slow answer never
 * delays the next request and a queue shows in the latencies instead of thinning the traffic.
 * Resolves once every request sent has its answer (or failed), in the order they were sent.
 */
export async function sendOtpTraffic(options: OtpTrafficOptions): Promise<OtpRequest[]> {
  const total = options.perSecond * options.seconds;
  const spacingMs = 1_000 / options.perSecond;
  const inFlight: Promise<OtpRequest>[] = [];
  for (let i = 0; i < total && !options.signal.aborted; i++) {
    const due = options.startAt + i * spacingMs;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal: options.signal }).catch(() => undefined);
    if (options.signal.aborted) break;
    inFlight.push(postOtp(options, i));
  }
  return Promise.all(inFlight);
}

async function postOtp(options: OtpTrafficOptions, i: number): Promise<OtpRequest> {
  const sentAt = Date.now();
  const started = performance.now();
  try {
    // undici's request rather than fetch: the same pooled keep-alive connections at a fraction of
    // the client's CPU, which runs on the same 2 cores as the dispatcher it measures.
    const response = await request(`${options.apiUrl}/api/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${options.apiKey}` },
      body: JSON.stringify({
        to: `+90532${String(i).padStart(7, "0")}`,
        content: `Your code is ${String((i * 7_919) % 1_000_000).padStart(6, "0")}`,
        priority: OTP_LANE,
      }),
    });
    const body = (await response.body.json().catch(() => ({}))) as { id?: number };
    const stored = response.statusCode === 201 && typeof body.id === "number";
    if (stored) options.onStored?.();
    return {
      sentAt,
      answeredAfterMs: performance.now() - started,
      status: response.statusCode,
      messageId: stored ? body.id! : null,
    };
  } catch {
    return { sentAt, answeredAfterMs: performance.now() - started, status: 0, messageId: null };
  }
}

import type { FastifyRequest } from "fastify";
import type { AnswerRecord } from "./mock-provider-state.js";

// Arrival time of each request in flight, by request; an entry goes with its request.
const arrivals = new WeakMap<FastifyRequest, number>();

/** An onRequest hook (the app's first): notes the request's arrival for answerTimes. */
export async function markArrival(request: FastifyRequest): Promise<void> {
  arrivals.set(request, Date.now());
}

/**
 * The two times of an answer-log entry, read as the answer is sent: `at` is now, and `receivedAt`
 * is when markArrival saw the request (now when it did not), so the `latencyMs` wait and the
 * handler's own time fall between them. Both epoch milliseconds.
 */
export function answerTimes(request: FastifyRequest): Pick<AnswerRecord, "at" | "receivedAt"> {
  const at = Date.now();
  return { at, receivedAt: arrivals.get(request) ?? at };
}

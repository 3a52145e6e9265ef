import { SIGNATURE_HEADER, type SignatureCheck, verifySignature } from "@dispatcher/core";
import type { ReceiptRequest } from "@dispatcher/providers";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { HttpError } from "./error-handler.js";

// What the providers call (receipts, inbound messages) is open to the network and authenticated
// by a signature over the body's bytes as sent, so these scopes read every body as bytes.

declare module "fastify" {
  interface FastifyRequest {
    /** The body's bytes as received, for its signature (set by readSignedJsonBodies' parser). */
    rawBody?: Buffer;
  }
}

/** A provider's callback is small; anything bigger is refused (413) before it is read. */
export const CALLBACK_BODY_LIMIT = 16_384;

type ParserScope = Pick<
  FastifyInstance,
  "addContentTypeParser" | "removeContentTypeParser" | "removeAllContentTypeParsers"
>;

/**
 * Makes `app`'s scope keep every body's bytes in `request.rawBody` and parse a JSON one (the body
 * is undefined when it is not JSON). Any content type is read, so an unsigned request gets its
 * 401 whatever it sends, and a signed non-JSON body fails validation.
 */
export function readSignedJsonBodies(app: ParserScope): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(
    ["application/json", "*"],
    { parseAs: "buffer", bodyLimit: CALLBACK_BODY_LIMIT },
    (request, body, done) => {
      request.rawBody = body as Buffer;
      try {
        done(null, JSON.parse((body as Buffer).toString("utf8")));
      } catch {
        done(null, undefined);
      }
    },
  );
}

/**
 * A preValidation hook that answers 401 (naming `what` and why) unless the request's `x-signature`
 * verifies over its raw body with one of `secrets`, its time within `toleranceSeconds` (see
 * signatures.ts in @dispatcher/core); `refused` hears of each refusal first. Needs
 * readSignedJsonBodies in the same scope.
 */
export function requireSignature(
  signing: { secrets: readonly string[]; toleranceSeconds: number },
  what: string,
  refused: (check: Exclude<SignatureCheck, "ok">) => void = () => {},
): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const check = verifySignature({
      header: request.headers[SIGNATURE_HEADER] as string | undefined,
      body: request.rawBody ?? Buffer.alloc(0),
      secrets: signing.secrets,
      toleranceSeconds: signing.toleranceSeconds,
    });
    if (check !== "ok") {
      refused(check);
      request.log.warn({ check }, `${what} refused: bad signature`);
      throw new HttpError(401, `the ${what}'s ${SIGNATURE_HEADER} is ${check}`);
    }
  };
}

/**
 * Makes `app`'s scope read every body as its bytes (`request.body` a Buffer), as a named
 * provider's adapter needs them: providers sign the bytes (or the form fields in them).
 */
export function readRawBodies(app: ParserScope): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    "*",
    { parseAs: "buffer", bodyLimit: CALLBACK_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );
}

/** A request read by readRawBodies, as an adapter reads a callback: the URL it was called at, headers, bytes. */
export function providerCallbackOf(request: FastifyRequest): ReceiptRequest {
  return {
    url: `${request.protocol}://${request.host}${request.url}`,
    headers: request.headers,
    rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
  };
}

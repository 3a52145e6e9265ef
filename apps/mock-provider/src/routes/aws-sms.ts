import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { answerTimes } from "../answer-times.js";
import { decideFailure } from "../decide-failure.js";
import type { MockProviderState } from "../mock-provider-state.js";
import { failedAfterAcceptStatus } from "./messages.js";

/** An AWS key pair requests must be signed with (SigV4). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface AwsSmsRouteDeps {
  state: MockProviderState;
  /** Returns a number in [0, 1); decides `failRate`, `failAfterAcceptRate` and `dropRate`. */
  random: () => number;
  /** Aborted when the app starts closing: a request still waiting out `latencyMs` then answers 503. */
  closing: AbortSignal;
  /** When set (a non-empty key id), every request must be SigV4-signed with it; absent: signatures are not checked. */
  credentials?: AwsCredentials;
}

/** The one operation the dialect serves, as the `x-amz-target` header names it. */
export const SEND_TEXT_MESSAGE_TARGET = "PinpointSMSVoiceV2.SendTextMessage";

/** The content type of AWS's JSON 1.0 protocol, of requests and answers. */
export const AWS_JSON_CONTENT_TYPE = "application/x-amz-json-1.0";

/** SigV4's signing name of the service (`aws.auth#sigv4` in its model). */
const SIGNING_SERVICE = "sms-voice";

/** How far a request's `x-amz-date` may be from the mock's clock, as AWS allows. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** An AWS error answer: its HTTP status and JSON body (`__type` also goes in `x-amzn-errortype`). */
export interface AwsError {
  status: number;
  body: { __type: string; message: string; Reason?: string; Fields?: { Name: string; Message: string }[] };
}

/**
 * The AWS End User Messaging SMS dialect of the mock provider: `POST /` with `x-amz-target:
 * PinpointSMSVoiceV2.SendTextMessage` and an `application/x-amz-json-1.0` body, as the AWS SDK
 * sends it, answered 200 `{MessageId}` or with AWS's error shape (`__type` in the body and
 * `x-amzn-errortype`). With credentials, the SigV4 signature is checked first (403
 * `InvalidSignatureException`, `UnrecognizedClientException` for another key id); then the
 * target (400 `UnknownOperationException`), the JSON (400 `SerializationException`) and the
 * service model's constraints (400 `ValidationException` with `Reason` and `Fields`).
 *
 * It shares the state and switches of `POST /messages`: a simulated failure answers AWS's error
 * for its status (429 `ThrottlingException` 400, 400 `ValidationException`, 401 and 403
 * `AccessDeniedException` 400, other 4xx `ValidationException`, 5xx `InternalServerException`
 * 500), `errorBody` and `acceptBody` replace the bodies, `failAfterAcceptRate` answers
 * `InternalServerException` after accepting and `dropRate` closes the connection unanswered.
 * AWS takes no idempotency key: a message's record is keyed by `Context.reference`, and every
 * accepted repeat is another SMS (`sends`, `doubleSends`) with a MessageId of its own. No
 * `Retry-After` is sent (AWS sends none) and no delivery receipts (AWS sends them elsewhere).
 */
export function awsSmsRoutes(deps: AwsSmsRouteDeps): FastifyPluginAsync {
  const { state, random, closing } = deps;
  const credentials = deps.credentials?.accessKeyId ? deps.credentials : undefined;
  // The reference each request carried, for the answer log written once its answer is known.
  const references = new WeakMap<FastifyRequest, string>();

  return async (app) => {
    // The raw bytes: the signature covers them exactly.
    app.addContentTypeParser(AWS_JSON_CONTENT_TYPE, { parseAs: "buffer" }, (_request, body, done) =>
      done(null, body),
    );
    app.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
      // A client error here is the body's (too large, another content type); the rest are the mock's.
      const status = error.statusCode ?? 500;
      if (status < 500)
        return sendAwsError(reply, awsError(status, "SerializationException", String(error.message)));
      request.log.error({ err: error }, "unexpected error");
      return sendAwsError(reply, awsError(500, "InternalFailure", "Internal Failure"));
    });

    app.post(
      "/",
      {
        onRequest: async () => state.countRequest(),
        // onSend (not onResponse) so the counters are final before the client can read the answer.
        onSend: async (request, reply, payload) => {
          if (reply.statusCode < 200 || reply.statusCode > 299) state.countRejected();
          state.logAnswer({
            ...answerTimes(request),
            idempotencyKey: references.get(request) ?? null,
            status: reply.statusCode,
          });
          return payload;
        },
      },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body)) {
          return sendAwsError(
            reply,
            awsError(400, "SerializationException", `expected ${AWS_JSON_CONTENT_TYPE}`),
          );
        }
        if (credentials) {
          const refusal = await verifySignature(request, request.body, credentials);
          if (refusal) {
            request.log.info({ reason: refusal.body.message }, "rejected: bad signature");
            return sendAwsError(reply, refusal);
          }
        }
        const target = request.headers["x-amz-target"];
        if (target !== SEND_TEXT_MESSAGE_TARGET) {
          return sendAwsError(
            reply,
            awsError(400, "UnknownOperationException", `unknown operation ${String(target)}`),
          );
        }
        let input: unknown;
        try {
          input = JSON.parse(request.body.toString("utf8"));
        } catch {
          return sendAwsError(reply, awsError(400, "SerializationException", "the body is not JSON"));
        }
        const invalid = validateSendTextMessage(input);
        if (invalid) return sendAwsError(reply, invalid);
        const {
          DestinationPhoneNumber: to,
          MessageBody: content = "",
          Context: context,
          DryRun,
        } = input as SendTextMessage;
        const reference = context?.reference;
        if (reference !== undefined) references.set(request, reference);
        // Validated and not sent, as AWS does.
        if (DryRun === true) return sendAccepted(reply, JSON.stringify({ MessageId: randomUUID() }));

        const { latencyMs } = state.switches;
        if (latencyMs > 0) {
          try {
            await sleep(latencyMs, undefined, { signal: closing });
          } catch {
            return sendAwsError(
              reply,
              awsError(503, "ServiceUnavailableException", "mock provider is shutting down"),
            );
          }
        }

        const failure = decideFailure(state, to, random);
        if (failure) {
          const answer = simulatedAwsError(failure.status, `simulated failure (${failure.reason})`);
          request.log.info(
            { reference, to, status: answer.status, type: answer.body.__type, reason: failure.reason },
            "simulated failure",
          );
          return sendAwsError(reply, answer, state.switches.errorBody);
        }

        const { record, duplicate } = state.accept({
          idempotencyKey: reference,
          to,
          content,
          deduplicate: false,
        });
        // Every request is an SMS of its own at AWS, with its own MessageId.
        const messageId = duplicate ? randomUUID() : record.messageId;
        request.log.info(
          { reference: record.idempotencyKey, messageId, to, duplicate },
          duplicate ? "accepted again (sent twice)" : "accepted",
        );
        if (state.switches.failAfterAcceptRate > 0 && random() < state.switches.failAfterAcceptRate) {
          const answer = simulatedAwsError(
            failedAfterAcceptStatus(state.switches.failStatus),
            "simulated failure after accepting (failAfterAcceptRate)",
          );
          request.log.info(
            { reference: record.idempotencyKey, status: answer.status },
            "accepted, then answered a failure",
          );
          return sendAwsError(reply, answer, state.switches.errorBody);
        }
        if (state.switches.dropRate > 0 && random() < state.switches.dropRate) {
          request.log.info({ reference: record.idempotencyKey }, "accepted, then dropped the connection");
          state.logAnswer({ ...answerTimes(request), idempotencyKey: record.idempotencyKey, status: 0 });
          reply.hijack();
          request.raw.socket.destroy();
          return;
        }
        return sendAccepted(reply, state.switches.acceptBody ?? JSON.stringify({ MessageId: messageId }));
      },
    );
  };
}

/** SendTextMessage's request members the dialect reads; the others are only validated. */
interface SendTextMessage {
  DestinationPhoneNumber: string;
  MessageBody?: string;
  Context?: Record<string, string>;
  DryRun?: boolean;
}

function awsError(
  status: number,
  type: string,
  message: string,
  extra: Partial<AwsError["body"]> = {},
): AwsError {
  return { status, body: { __type: type, message, ...extra } };
}

/** AWS's error for a simulated failure `status` (see awsSmsRoutes). */
export function simulatedAwsError(status: number, message: string): AwsError {
  if (status >= 500) return awsError(500, "InternalServerException", message);
  if (status === 429) return awsError(400, "ThrottlingException", message);
  if (status === 401 || status === 403) return awsError(400, "AccessDeniedException", message);
  return awsError(400, "ValidationException", message, { Reason: "OTHER" });
}

/** Answers 200 with `body`. */
function sendAccepted(reply: FastifyReply, body: string): FastifyReply {
  return reply.code(200).header("x-amzn-requestid", randomUUID()).type(AWS_JSON_CONTENT_TYPE).send(body);
}

/** Answers `error`; `rawBody`, when not null, replaces its JSON body (the `errorBody` switch). */
function sendAwsError(reply: FastifyReply, error: AwsError, rawBody: string | null = null): FastifyReply {
  return reply
    .code(error.status)
    .header("x-amzn-requestid", randomUUID())
    .header("x-amzn-errortype", error.body.__type)
    .type(AWS_JSON_CONTENT_TYPE)
    .send(rawBody ?? JSON.stringify(error.body));
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/** `x-amz-date`'s `YYYYMMDDTHHMMSSZ` as a Date, or undefined. */
function parseAmzDate(value: unknown): Date | undefined {
  const m = typeof value === "string" ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/**
 * Checks the request's SigV4 signature: re-signs the method, path, query, the headers it lists
 * as signed and the exact body bytes with `credentials` and its own `x-amz-date`, and compares
 * in constant time. Returns AWS's 403 error, or undefined when it verifies.
 */
export async function verifySignature(
  request: FastifyRequest,
  body: Buffer,
  credentials: AwsCredentials,
): Promise<AwsError | undefined> {
  const refuse = (type: string, message: string) => awsError(403, type, message);
  const header = request.headers.authorization;
  const m = typeof header === "string" ? AUTHORIZATION.exec(header) : null;
  if (!m)
    return refuse(
      "IncompleteSignatureException",
      "missing or malformed AWS4-HMAC-SHA256 Authorization header",
    );
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = m as unknown as string[];
  if (accessKeyId !== credentials.accessKeyId) {
    return refuse("UnrecognizedClientException", "The security token included in the request is invalid.");
  }
  const signingDate = parseAmzDate(request.headers["x-amz-date"]);
  if (!signingDate || request.headers["x-amz-date"]?.slice(0, 8) !== scopeDate) {
    return refuse(
      "IncompleteSignatureException",
      "x-amz-date is missing or does not match the credential scope",
    );
  }
  if (Math.abs(Date.now() - signingDate.getTime()) > MAX_CLOCK_SKEW_MS) {
    return refuse("InvalidSignatureException", "Signature expired: x-amz-date is more than 5 minutes away");
  }
  if (service !== SIGNING_SERVICE) {
    return refuse(
      "InvalidSignatureException",
      `Credential should be scoped to correct service: '${SIGNING_SERVICE}'.`,
    );
  }
  // The signer takes a signed x-amz-content-sha256 (the SDK sends one) as the payload's hash
  // without hashing the body: unchecked, any body would pass under the original signature.
  const contentHash = request.headers["x-amz-content-sha256"];
  if (contentHash !== undefined && contentHash !== createHash("sha256").update(body).digest("hex")) {
    return refuse("InvalidSignatureException", "x-amz-content-sha256 does not match the body");
  }
  const headers: Record<string, string> = {};
  for (const name of signedHeaderList!.split(";")) {
    const value = request.headers[name];
    if (value === undefined)
      return refuse("InvalidSignatureException", `the signed header ${name} is missing`);
    headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const url = new URL(request.url, "http://mock.invalid");
  const signer = new SignatureV4({
    credentials,
    region: region!,
    service: SIGNING_SERVICE,
    sha256: Sha256,
    // The client signed its own x-amz-content-sha256 (it is among `headers` then); invent none.
    applyChecksum: false,
    uriEscapePath: true,
  });
  const resigned = await signer.sign(
    {
      method: request.method,
      protocol: "http:",
      hostname: headers.host ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    },
    { signingDate, signingRegion: region, signingService: SIGNING_SERVICE },
  );
  const expected = AUTHORIZATION.exec(String(resigned.headers.authorization));
  const same =
    expected !== null &&
    expected[5] === signedHeaderList &&
    timingSafeEqual(Buffer.from(expected[6]!, "hex"), Buffer.from(signature!, "hex"));
  if (same) return undefined;
  return refuse(
    "InvalidSignatureException",
    "The request signature we calculated does not match the signature you provided.",
  );
}

/** One string member's constraints in the service model (pinpoint-sms-voice-v2 2022-03-31). */
interface StringConstraint {
  min: number;
  max: number;
  pattern: RegExp;
}

/**
 * SendTextMessage's string members and their constraints, from the service model, except
 * DestinationPhoneNumber: the model allows a missing `+` and 19 digits, the API reference asks
 * for E.164, which this checks.
 */
const STRING_MEMBERS: Record<string, StringConstraint> = {
  DestinationPhoneNumber: { min: 1, max: 20, pattern: /^\+[1-9][0-9]{1,14}$/ },
  OriginationIdentity: { min: 1, max: 256, pattern: /^[A-Za-z0-9_:/+-]+$/ },
  MessageBody: { min: 1, max: 1600, pattern: /^(?!\s*$)[\s\S]+$/ },
  Keyword: { min: 1, max: 30, pattern: /^[ \S]+$/ },
  ConfigurationSetName: { min: 1, max: 256, pattern: /^[A-Za-z0-9_:/-]+$/ },
  MaxPrice: { min: 2, max: 8, pattern: /^[0-9]{0,2}\.[0-9]{1,5}$/ },
  ProtectConfigurationId: { min: 1, max: 256, pattern: /^[A-Za-z0-9_:/-]+$/ },
};
const MESSAGE_TYPES = ["TRANSACTIONAL", "PROMOTIONAL"];
const CONTEXT = {
  maxEntries: 5,
  key: { min: 1, max: 100, pattern: /^\S+$/ },
  value: { min: 1, max: 800, pattern: /^(?!\s)[\s\S]+(?<!\s)$/ },
};
const COUNTRY_PARAMETERS = {
  maxEntries: 10,
  keys: ["IN_TEMPLATE_ID", "IN_ENTITY_ID"],
  value: { min: 1, max: 64, pattern: /^\S+$/ },
};
const TIME_TO_LIVE = { min: 5, max: 259_200 };

/** What is wrong with `value` under `constraint`, or undefined. Lengths count code points, as Smithy's do. */
function checkString(value: unknown, constraint: StringConstraint): string | undefined {
  if (typeof value !== "string") return "Member must be a string";
  const length = [...value].length;
  if (length < constraint.min || length > constraint.max) {
    return `Member must have length between ${constraint.min} and ${constraint.max}`;
  }
  if (!constraint.pattern.test(value))
    return `Member must satisfy regular expression pattern: ${constraint.pattern.source}`;
  return undefined;
}

function checkMap(
  value: unknown,
  maxEntries: number,
  checkKey: (key: string) => string | undefined,
  checkValue: (value: unknown) => string | undefined,
): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "Member must be a map";
  const entries = Object.entries(value);
  if (entries.length > maxEntries) return `Member must have at most ${maxEntries} entries`;
  for (const [key, item] of entries) {
    const problem = checkKey(key) ?? checkValue(item);
    if (problem) return `${problem} (entry ${JSON.stringify(key)})`;
  }
  return undefined;
}

/**
 * A SendTextMessage request body checked against the service model's constraints (required
 * members, lengths, patterns, ranges, enums, map sizes): AWS's 400 `ValidationException` with
 * `Reason` (`MISSING_PARAMETER` or `FIELD_VALIDATION_FAILED`) and one `Fields` entry per bad
 * member, or undefined when it passes. Members the model does not know are ignored, as AWS does.
 */
export function validateSendTextMessage(input: unknown): AwsError | undefined {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return awsError(400, "SerializationException", "the body must be a JSON object");
  }
  const body = input as Record<string, unknown>;
  if (body.DestinationPhoneNumber === undefined) {
    const message = "Member DestinationPhoneNumber is required";
    return awsError(400, "ValidationException", message, {
      Reason: "MISSING_PARAMETER",
      Fields: [{ Name: "DestinationPhoneNumber", Message: message }],
    });
  }
  const problems: { Name: string; Message: string }[] = [];
  const check = (name: string, problem: string | undefined) => {
    if (body[name] !== undefined && problem) problems.push({ Name: name, Message: problem });
  };
  for (const [name, constraint] of Object.entries(STRING_MEMBERS))
    check(name, checkString(body[name], constraint));
  check(
    "MessageType",
    MESSAGE_TYPES.includes(body.MessageType as string)
      ? undefined
      : `Member must satisfy enum value set: [${MESSAGE_TYPES.join(", ")}]`,
  );
  const ttl = body.TimeToLive;
  check(
    "TimeToLive",
    Number.isInteger(ttl) && (ttl as number) >= TIME_TO_LIVE.min && (ttl as number) <= TIME_TO_LIVE.max
      ? undefined
      : `Member must be an integer between ${TIME_TO_LIVE.min} and ${TIME_TO_LIVE.max}`,
  );
  check(
    "Context",
    checkMap(
      body.Context,
      CONTEXT.maxEntries,
      (key) => checkString(key, CONTEXT.key),
      (value) => checkString(value, CONTEXT.value),
    ),
  );
  check(
    "DestinationCountryParameters",
    checkMap(
      body.DestinationCountryParameters,
      COUNTRY_PARAMETERS.maxEntries,
      (key) =>
        COUNTRY_PARAMETERS.keys.includes(key) ? undefined : "Key must be IN_TEMPLATE_ID or IN_ENTITY_ID",
      (value) => checkString(value, COUNTRY_PARAMETERS.value),
    ),
  );
  for (const name of ["DryRun", "MessageFeedbackEnabled"]) {
    check(name, typeof body[name] === "boolean" ? undefined : "Member must be a boolean");
  }
  if (problems.length === 0) return undefined;
  const message = `${problems.length} validation error${problems.length === 1 ? "" : "s"} detected: ${problems
    .map((p) => `Value at '${p.Name}' failed to satisfy constraint: ${p.Message}`)
    .join("; ")}`;
  return awsError(400, "ValidationException", message, {
    Reason: "FIELD_VALIDATION_FAILED",
    Fields: problems,
  });
}

import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type {
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  SendTextMessageRequest,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { type Static, Type } from "typebox";
import { noAnswerOutcome } from "../http-answer.js";
import type { AdapterContext, AdapterKind, OutgoingMessage, SendOutcome } from "../provider-adapter.js";
import { HttpUrlSchema, SecretSchema } from "../provider-settings.js";

/** An `aws-sms` provider's own fields in PROVIDERS (see docs/providers.md). */
export const AwsSmsSettingsSchema = Type.Object(
  {
    /** The AWS region whose End User Messaging SMS endpoint is called (`eu-west-1`). */
    region: Type.String({ pattern: "^[a-z]{2,}(-[a-z0-9]+)+$", maxLength: 32 }),
    /** Another endpoint than the region's `https://sms-voice.{region}.amazonaws.com` (a VPC endpoint, the mock provider). */
    endpoint: Type.Optional(HttpUrlSchema),
    /** The IAM access key id the requests are signed with. */
    accessKeyId: SecretSchema,
    /** The IAM secret access key the requests are signed with. */
    secretAccessKey: SecretSchema,
    /** The session token of temporary credentials; absent: the keys are long-term ones. */
    sessionToken: Type.Optional(SecretSchema),
    /**
     * The sender, as AWS takes it: a phone number, a phone number id, a sender id, a pool id, or
     * any of their ARNs (an ARN for a resource shared from another account); absent: AWS picks one.
     */
    originationIdentity: Type.Optional(
      Type.String({ minLength: 1, maxLength: 256, pattern: "^[A-Za-z0-9_:/\\+-]+$" }),
    ),
    /** The configuration set (name or ARN) whose event destinations get the delivery events. */
    configurationSetName: Type.Optional(
      Type.String({ minLength: 1, maxLength: 256, pattern: "^[A-Za-z0-9_:/-]+$" }),
    ),
    /** The message type, which decides the routes AWS may take; absent: the account's default. */
    messageType: Type.Optional(Type.Enum(["TRANSACTIONAL", "PROMOTIONAL"])),
    /** The most a message may cost, in US dollars per message part, as AWS takes it (`"0.05"`). */
    maxPrice: Type.Optional(
      Type.String({ minLength: 2, maxLength: 8, pattern: "^[0-9]{0,2}\\.[0-9]{1,5}$" }),
    ),
    /** The protect configuration (id or ARN) applied to every message; absent: the account's default. */
    protectConfigurationId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 256, pattern: "^[A-Za-z0-9_:/-]+$" }),
    ),
  },
  { additionalProperties: false },
);

export type AwsSmsSettings = Static<typeof AwsSmsSettingsSchema>;

/** AWS's bounds of `TimeToLive`, in seconds (SendTextMessage's API reference). */
export const TIME_TO_LIVE_SECONDS = { min: 5, max: 259_200 } as const;

/**
 * AWS End User Messaging SMS (`pinpoint-sms-voice-v2` SendTextMessage) through the official AWS SDK
 * v3 client, loaded on the first send, making one attempt (the dispatcher owns retries), cut off
 * at `timeoutMs`. The message's reference goes in `Context`; its expiry becomes `TimeToLive`. AWS
 * takes no idempotency key and offers no lookup (no `findSent`) and no receipts to this API (no
 * `readReceipt`): an unclear answer ends the message `unconfirmed`. How each answer is read:
 * readSendError, and the table in docs/providers.md#aws-sms.
 */
export const awsSmsAdapter: AdapterKind<AwsSmsSettings> = {
  kind: "aws-sms",
  settings: AwsSmsSettingsSchema,
  create: (settings, context) => {
    const agents = {
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: context.maxSockets, lookup: context.lookup }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: context.maxSockets, lookup: context.lookup }),
    };
    let client:
      | Promise<{ client: PinpointSMSVoiceV2Client; Command: typeof SendTextMessageCommand }>
      | undefined;
    const connect = () => {
      if (!client) {
        client = createClient(settings, context, agents);
        // A failed load is tried again on the next send.
        client.catch(() => {
          client = undefined;
        });
      }
      return client;
    };
    return {
      deduplicates: false,
      send: async (message) => {
        let aws: Awaited<ReturnType<typeof connect>>;
        try {
          aws = await connect();
        } catch (error) {
          return { outcome: "not-sent", reason: `cannot load the AWS SDK: ${String(error)}` };
        }
        const request = buildSendTextMessageRequest(settings, message, Date.now());
        try {
          const answer = await aws.client.send(new aws.Command(request), {
            abortSignal: AbortSignal.timeout(context.timeoutMs),
          });
          const status = answer.$metadata.httpStatusCode;
          if (typeof answer.MessageId === "string" && answer.MessageId !== "") {
            return { outcome: "accepted", providerMessageId: answer.MessageId, status };
          }
          return {
            outcome: "possibly-accepted",
            reason: `AWS answered ${status ?? "2xx"} without a MessageId`,
            status,
          };
        } catch (error) {
          return readSendError(error);
        }
      },
      close: async () => {
        const created = client;
        client = undefined;
        if (created) (await created.catch(() => undefined))?.client.destroy();
        agents.httpAgent.destroy();
        agents.httpsAgent.destroy();
      },
    };
  },
};

/** The SDK modules, imported on the first send of any aws-sms provider and shared after it. */
let sdk:
  | Promise<
      [typeof import("@aws-sdk/client-pinpoint-sms-voice-v2"), typeof import("@smithy/node-http-handler")]
    >
  | undefined;

function loadSdk(): NonNullable<typeof sdk> {
  if (!sdk) {
    sdk = Promise.all([import("@aws-sdk/client-pinpoint-sms-voice-v2"), import("@smithy/node-http-handler")]);
    sdk.catch(() => {
      sdk = undefined;
    });
  }
  return sdk;
}

/** One provider's SDK client: one attempt per send, its connections and timeouts. */
async function createClient(
  settings: AwsSmsSettings,
  context: AdapterContext,
  agents: { httpAgent: HttpAgent; httpsAgent: HttpsAgent },
) {
  const [{ PinpointSMSVoiceV2Client, SendTextMessageCommand }, { NodeHttpHandler }] = await loadSdk();
  const client = new PinpointSMSVoiceV2Client({
    region: settings.region,
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    credentials: {
      accessKeyId: settings.accessKeyId.reveal(),
      secretAccessKey: settings.secretAccessKey.reveal(),
      ...(settings.sessionToken === undefined ? {} : { sessionToken: settings.sessionToken.reveal() }),
    },
    // The SDK's default of 3 would send a message again after a dropped connection.
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      // Counted from the request's start, name resolution included: no byte has left by then.
      connectionTimeout: Math.max(1, Math.ceil(context.timeoutMs / 2)),
      // Up to the answer's headers; without throwOnRequestTimeout it only logs a warning.
      requestTimeout: context.timeoutMs,
      throwOnRequestTimeout: true,
      ...agents,
    }),
  });
  return { client, Command: SendTextMessageCommand };
}

/** SendTextMessage's request for `message`: the settings' fields, the reference, the time to live. */
export function buildSendTextMessageRequest(
  settings: AwsSmsSettings,
  message: OutgoingMessage,
  now: number,
): SendTextMessageRequest {
  return {
    DestinationPhoneNumber: message.to,
    MessageBody: message.content,
    OriginationIdentity: settings.originationIdentity,
    MessageType: settings.messageType,
    ConfigurationSetName: settings.configurationSetName,
    MaxPrice: settings.maxPrice,
    ProtectConfigurationId: settings.protectConfigurationId,
    Context: { reference: message.reference },
    TimeToLive: message.expiresAt === null ? undefined : timeToLiveSeconds(message.expiresAt, now),
  };
}

/**
 * The whole seconds from `now` (epoch ms) until `expiresAt`, within AWS's 5..259200: a message
 * with less than 5 s left may still go out up to 5 s late, one expiring in over 3 days at most 3
 * days after it was sent.
 */
export function timeToLiveSeconds(expiresAt: Date, now: number): number {
  const left = Math.floor((expiresAt.getTime() - now) / 1_000);
  return Math.min(TIME_TO_LIVE_SECONDS.max, Math.max(TIME_TO_LIVE_SECONDS.min, left));
}

/** What the SDK's errors carry, read without the SDK's classes (see readSendError). */
interface AwsErrorFields {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $fault?: unknown;
  $retryable?: { throttling?: boolean };
  $metadata?: { httpStatusCode?: number };
  Reason?: unknown;
  Fields?: unknown;
}

/** ValidationException reasons about the destination's country: this account's setup, not the number. */
const COUNTRY_REASONS = new Set([
  "DESTINATION_COUNTRY_BLOCKED",
  "COUNTRY_NOT_ENABLED",
  "INTERNATIONAL_SENDING_NOT_SUPPORTED",
  "INVALID_IDENTITY_FOR_DESTINATION_COUNTRY",
]);

/** Error codes with which AWS SDKs mark throttling besides ThrottlingException. */
const THROTTLING_CODES = new Set([
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
]);

/**
 * The outcome of a SendTextMessage call that threw (see awsSmsAdapter's table): a service
 * exception by its name and `Reason`, an answer the SDK could not read by its status, and no
 * answer by its network error code. The SDK names a plain connection reset `TimeoutError` too,
 * so names are never read for network errors.
 */
export function readSendError(error: unknown): SendOutcome {
  const fields = (typeof error === "object" && error !== null ? error : {}) as AwsErrorFields;
  const status = fields.$metadata?.httpStatusCode;
  if (typeof fields.$fault === "string") return readServiceException(fields, status);
  // An answer the SDK could not read (a proxy's HTML, a 200 that is not JSON): its status decides.
  // A body cut short carries a network code, and is read as no answer below.
  if (typeof status === "number" && typeof fields.code !== "string") {
    const reason = `AWS answered ${status} that could not be read: ${describe(fields)}`;
    if (status === 429) return { outcome: "rate-limited", reason, status };
    if (status === 408) return { outcome: "refused", reason, retryable: true, status };
    if (status >= 300 && status < 500) return { outcome: "refused", reason, retryable: false, status };
    return { outcome: "possibly-accepted", reason, status };
  }
  if (isConnectTimeout(fields)) {
    return { outcome: "refused", reason: `provider unreachable: ${describe(fields)}`, retryable: true };
  }
  return noAnswerOutcome(error);
}

function readServiceException(error: AwsErrorFields, status: number | undefined): SendOutcome {
  const name = String(error.name);
  const reasonCode = typeof error.Reason === "string" ? error.Reason : undefined;
  const reason = `AWS answered ${status ?? "an error"}: ${describe(error)}`;
  if (
    name === "ThrottlingException" ||
    THROTTLING_CODES.has(name) ||
    error.$retryable?.throttling === true ||
    status === 429
  ) {
    return { outcome: "rate-limited", reason, status };
  }
  if (error.$fault === "server" || (status !== undefined && status >= 500)) {
    return { outcome: "possibly-accepted", reason, status };
  }
  if (name === "ConflictException" && reasonCode === "DESTINATION_PHONE_NUMBER_OPTED_OUT") {
    return {
      outcome: "invalid-recipient",
      reason: `recipient opted out at AWS: ${reason}`,
      optedOut: true,
      status,
      code: reasonCode,
    };
  }
  if (
    name === "ConflictException" &&
    reasonCode === "DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE"
  ) {
    return { outcome: "invalid-recipient", reason, optedOut: false, status };
  }
  if (
    name === "ValidationException" &&
    !(reasonCode !== undefined && COUNTRY_REASONS.has(reasonCode)) &&
    namesField(error.Fields, "DestinationPhoneNumber")
  ) {
    return { outcome: "invalid-recipient", reason, optedOut: false, status };
  }
  if (
    name === "ServiceQuotaExceededException" &&
    reasonCode !== undefined &&
    /^(MONTHLY_SPEND_LIMIT_REACHED_|DAILY_)/.test(reasonCode)
  ) {
    return { outcome: "refused", reason, retryable: true, status };
  }
  if (name === "AccessDeniedException" || name === "ResourceNotFoundException") {
    // Its credentials or its configuration (a sender, a configuration set that is not there).
    return { outcome: "refused", reason, retryable: false, elsewhere: true, accountFault: true, status };
  }
  if (reasonCode !== undefined && COUNTRY_REASONS.has(reasonCode)) {
    return { outcome: "refused", reason, retryable: false, elsewhere: true, status };
  }
  return { outcome: "refused", reason, retryable: false, status };
}

/** Whether a ValidationException's `Fields` (`[{Name, Message}]`) names `field`. */
function namesField(fields: unknown, field: string): boolean {
  return Array.isArray(fields) && fields.some((f) => (f as { Name?: unknown } | null)?.Name === field);
}

/**
 * The SDK handler's connect timeout: no connection (nor name) within `connectionTimeout`, so no
 * byte of the request left. It carries no code; its message is the only mark.
 */
function isConnectTimeout(error: AwsErrorFields): boolean {
  return (
    error.code === undefined &&
    typeof error.message === "string" &&
    error.message.includes("did not establish a connection with the server")
  );
}

/** `Name (Reason): message`, at most 300 characters, for outcome reasons. */
function describe(error: AwsErrorFields): string {
  const name = typeof error.name === "string" ? error.name : "Error";
  const reasonCode = typeof error.Reason === "string" ? ` (${error.Reason})` : "";
  const code = typeof error.code === "string" ? ` [${error.code}]` : "";
  const text = typeof error.message === "string" ? error.message : "";
  return `${name}${reasonCode}${code}: ${text}`.slice(0, 300);
}

import type { AdapterKind } from "../provider-adapter.js";
import { awsSmsAdapter } from "./aws-sms.js";
import { twilioAdapter } from "./twilio.js";
import { webhookAdapter } from "./webhook.js";

/**
 * Every adapter kind, by the `kind` a PROVIDERS entry names. Adding a kind is one module (its
 * settings schema, its client, its receipts) and one line here; nothing else knows which kinds
 * exist (see docs/providers.md).
 */
export const ADAPTER_KINDS: Readonly<Record<string, AdapterKind<any>>> = {
  webhook: webhookAdapter,
  "aws-sms": awsSmsAdapter,
  twilio: twilioAdapter,
};

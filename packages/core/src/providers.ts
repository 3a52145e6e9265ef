/**
 * The providers a worker may send through: `primary` (PROVIDER_URL) and, when configured,
 * `secondary` (PROVIDER_SECONDARY_URL). Each message records the provider of its latest attempt,
 * and a sent one the provider that accepted it. A message may move to the other provider only
 * while every attempt it made was definitely refused (nothing reached the provider); once one may
 * have reached a provider, every later attempt goes there, with the same Idempotency-Key, so no
 * message reaches both (see startSending).
 */
export const PROVIDER_NAMES = ["primary", "secondary"] as const;

export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** The provider of every attempt made before providers were recorded, and the default one. */
export const PRIMARY_PROVIDER: ProviderName = "primary";

import type { ProviderEntry } from "@dispatcher/core";
import { ADAPTER_KINDS } from "./adapters/index.js";
import type { AdapterContext, ProviderAdapter, ReceiptReading, ReceiptRequest } from "./provider-adapter.js";

/**
 * The client of one configured provider, built by its adapter kind from settings the config
 * checked (see readProviders). Throws on a kind no adapter has.
 */
export function createProviderAdapter(
  entry: Pick<ProviderEntry, "name" | "kind" | "settings">,
  context: Omit<AdapterContext, "name">,
): ProviderAdapter {
  const kind = ADAPTER_KINDS[entry.kind];
  if (!kind) throw new Error(`provider ${entry.name}: no adapter of kind ${entry.kind}`);
  return kind.create(entry.settings, { ...context, name: entry.name });
}

/** Reads one provider's receipt callbacks: its adapter kind's readReceipt with its settings. */
export type ReceiptReader = (request: ReceiptRequest) => Promise<ReceiptReading>;

/**
 * The receipt readers of the providers among `entries` whose adapter kind reads receipts, by
 * provider name: each authenticates and reads one callback with its provider's settings.
 */
export function createReceiptReaders(
  entries: readonly Pick<ProviderEntry, "name" | "kind" | "settings">[],
): Map<string, ReceiptReader> {
  const readers = new Map<string, ReceiptReader>();
  for (const entry of entries) {
    const readReceipt = ADAPTER_KINDS[entry.kind]?.readReceipt;
    if (readReceipt) readers.set(entry.name, (request) => readReceipt(entry.settings, request));
  }
  return readers;
}

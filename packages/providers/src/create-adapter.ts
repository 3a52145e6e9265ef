import type { ProviderEntry } from "@dispatcher/core";
import { ADAPTER_KINDS } from "./adapters/index.js";
import type {
  AdapterContext,
  AdapterKind,
  InboundReading,
  ProviderAdapter,
  ReceiptReading,
  ReceiptRequest,
} from "./provider-adapter.js";

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
  return callbackReaders(entries, (kind) => kind.readReceipt);
}

/** Reads one provider's inbound-message callbacks: its adapter kind's readInbound with its settings. */
export type InboundReader = (request: ReceiptRequest) => Promise<InboundReading>;

/**
 * The inbound-message readers of the providers among `entries` whose adapter kind reads inbound
 * messages, by provider name: each authenticates and reads one callback with its provider's settings.
 */
export function createInboundReaders(
  entries: readonly Pick<ProviderEntry, "name" | "kind" | "settings">[],
): Map<string, InboundReader> {
  return callbackReaders(entries, (kind) => kind.readInbound);
}

/** For each entry whose kind has the reader `pick` chooses, that reader bound to the entry's settings. */
function callbackReaders<Reading>(
  entries: readonly Pick<ProviderEntry, "name" | "kind" | "settings">[],
  pick: (
    kind: AdapterKind,
  ) => ((settings: Record<string, unknown>, request: ReceiptRequest) => Promise<Reading>) | undefined,
): Map<string, (request: ReceiptRequest) => Promise<Reading>> {
  const readers = new Map<string, (request: ReceiptRequest) => Promise<Reading>>();
  for (const entry of entries) {
    const kind = ADAPTER_KINDS[entry.kind];
    const read = kind === undefined ? undefined : pick(kind);
    if (read) readers.set(entry.name, (request) => read(entry.settings, request));
  }
  return readers;
}

import { type ProviderName, validateRecipient } from "@dispatcher/core";
import type { BreakerSettings, BreakerView } from "@dispatcher/redis";
import type { Logger } from "@dispatcher/runtime";
import type { ProviderClient } from "./provider-client.js";

/** One provider a worker may send through. */
export interface RoutedProvider {
  name: ProviderName;
  client: ProviderClient;
  /** ISO country codes it sends to (PROVIDER_COUNTRIES, PROVIDER_SECONDARY_COUNTRIES); empty = all. */
  countries: readonly string[];
}

/** What routing needs of an attempt just started (see SendingMessage). */
export interface AttemptToRoute {
  recipient: string;
  /** The provider startSending gave the attempt. */
  provider: string;
  /** Whether the attempt may go to any provider (else it must go to `provider`). */
  providerFree: boolean;
}

export type Route =
  | { provider: RoutedProvider; moved: boolean }
  /** No provider may take it: `retry` when another worker (or a later attempt) may, else fail. */
  | { reason: string; retry: boolean };

export interface ProviderRouter {
  readonly providers: readonly RoutedProvider[];
  /**
   * The providers a free attempt should go to, best first (see startSending): those whose breaker
   * lets calls through (closed, or half-open with this worker's probe, which this call spends),
   * in configured order; every provider when none does.
   */
  preferred: () => ProviderName[];
  /**
   * The provider of an attempt: the one it is bound to, or for a free attempt the one startSending
   * chose when it sends to the recipient's country, else the first preferred provider that does
   * (`moved`: the caller must record the move before sending).
   */
  route: (attempt: AttemptToRoute) => Route;
  /** A provider call's outcome, for its breaker: `ok` (it answered), `failed` (no answer, 5xx). */
  report: (name: ProviderName, outcome: "ok" | "failed") => void;
  /** Stops reporting to Redis (after a last report). */
  close: () => Promise<void>;
}

export interface BreakerStore {
  /** Adds outcomes to a provider's shared breaker and answers its state (recordBreakerOutcomes). */
  record: (name: ProviderName, outcomes: { ok: number; failed: number }) => Promise<BreakerView>;
  settings: BreakerSettings;
  /** How often outcomes are reported and the state read, in ms. */
  reportEveryMs: number;
}

/**
 * Routes attempts between the configured providers. With one provider there is nothing to route
 * and no breaker; with two, each has a circuit breaker shared through Redis (see
 * provider-breaker.ts). Outcomes are counted locally and reported every `reportEveryMs`, with the
 * breakers' state read in the same call, so a worker sees a breaker another opened within that
 * time, and routing costs no Redis call per send. A failed report keeps the last state seen.
 */
export function createProviderRouter(options: {
  providers: readonly RoutedProvider[];
  breakers?: BreakerStore;
  logger: Logger;
  /** Hears each breaker state this worker reads (for a gauge). */
  onBreakerState?: (name: ProviderName, view: BreakerView) => void;
}): ProviderRouter {
  const { providers, logger } = options;
  const byName = new Map(providers.map((p) => [p.name as string, p]));
  const closed: BreakerView = { state: "closed", remainingMs: 0, probe: false };
  const views = new Map<ProviderName, BreakerView>(providers.map((p) => [p.name, closed]));
  const pending = new Map<ProviderName, { ok: number; failed: number }>(
    providers.map((p) => [p.name, { ok: 0, failed: 0 }]),
  );
  const breakers = providers.length > 1 ? options.breakers : undefined;

  const reportAll = async () => {
    if (!breakers) return;
    await Promise.all(
      providers.map(async (p) => {
        const counts = pending.get(p.name)!;
        pending.set(p.name, { ok: 0, failed: 0 });
        try {
          const view = await breakers.record(p.name, counts);
          const before = views.get(p.name)!;
          if (before.state !== view.state) {
            logger.warn({ provider: p.name, from: before.state, to: view.state }, "provider breaker changed");
          }
          views.set(p.name, view);
          options.onBreakerState?.(p.name, view);
        } catch (error) {
          // Counts not reported are lost; the breaker sees the next ones.
          logger.warn({ err: error, provider: p.name }, "could not report to the provider breaker");
        }
      }),
    );
  };
  // Read at once, so a worker started while a breaker is open does not send there first.
  let reporting = reportAll();
  const timer = breakers
    ? setInterval(() => {
        reporting = reporting.then(reportAll);
      }, breakers.reportEveryMs)
    : undefined;
  timer?.unref();

  const usable = (name: ProviderName): boolean => {
    const view = views.get(name)!;
    if (view.state === "closed") return true;
    if (view.state === "half-open" && view.probe) {
      // One probe per grant: the next report decides what follows.
      views.set(name, { ...view, probe: false });
      return true;
    }
    return false;
  };
  const preferred = (): ProviderName[] => {
    const open = providers.filter((p) => usable(p.name)).map((p) => p.name);
    return open.length > 0 ? open : providers.map((p) => p.name);
  };

  return {
    providers,
    preferred,
    route: (attempt) => {
      const given = byName.get(attempt.provider);
      if (!attempt.providerFree) {
        if (given) return { provider: given, moved: false };
        return {
          reason: `bound to provider ${attempt.provider}, which this worker is not configured with`,
          retry: true,
        };
      }
      const reaches = (p: RoutedProvider) => validateRecipient(attempt.recipient, p.countries).length === 0;
      if (given && reaches(given)) return { provider: given, moved: false };
      const order = [...preferred(), ...providers.map((p) => p.name)];
      const chosen = order.map((name) => byName.get(name)!).find(reaches);
      if (!chosen)
        return { reason: "no configured provider sends to this recipient's country", retry: false };
      return { provider: chosen, moved: true };
    },
    report: (name, outcome) => {
      if (!breakers) return;
      const counts = pending.get(name);
      if (counts) counts[outcome]++;
    },
    close: async () => {
      clearInterval(timer);
      await reporting;
      await reportAll();
    },
  };
}

import { type ProviderName, validateRecipient } from "@dispatcher/core";
import type { BreakerOutcomes, BreakerSettings, BreakerView } from "@dispatcher/redis";
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
  /**
   * `moved`: the caller must record the move before sending. `probe`: this call is the half-open
   * breaker's probe; report its outcome with this token.
   */
  | { provider: RoutedProvider; moved: boolean; probe?: string }
  /** No provider may take it: `retry` when another worker (or a later attempt) may, else fail. */
  | { reason: string; retry: boolean };

export interface ProviderRouter {
  readonly providers: readonly RoutedProvider[];
  /**
   * The providers a free attempt should go to, best first (see startSending): those whose breaker
   * is closed, in configured order; every provider when none is.
   */
  preferred: () => ProviderName[];
  /**
   * The provider of an attempt: the one it is bound to; for a free attempt, the half-open
   * provider whose probe this worker holds (one attempt per probe), else the one startSending
   * chose when it sends to the recipient's country, else the first preferred provider that does.
   * The recipient must be a valid number (validateRecipient): a provider without countries takes it.
   */
  route: (attempt: AttemptToRoute) => Route;
  /**
   * A provider call's outcome, for its breaker: `ok` (it answered), `failed` (no answer, 5xx);
   * `probe` is the route's probe token when the call was the probe.
   */
  report: (name: ProviderName, outcome: "ok" | "failed", probe?: string) => void;
  /** Stops reporting to Redis (after a last report). */
  close: () => Promise<void>;
}

export interface BreakerStore {
  /** Adds outcomes to a provider's shared breaker and answers its state (recordBreakerOutcomes). */
  record: (name: ProviderName, outcomes: BreakerOutcomes) => Promise<BreakerView>;
  settings: BreakerSettings;
  /** How often outcomes are reported and the state read, in ms. */
  reportEveryMs: number;
}

/**
 * Routes attempts between the configured providers. With one provider there is nothing to route
 * and no breaker; with two, each has a circuit breaker shared through Redis (see
 * provider-breaker.ts). Outcomes are counted locally and reported every `reportEveryMs` (a
 * report still running skips the next), with the breakers' state read in the same call, so a
 * worker sees a breaker another opened within that time, and routing costs no Redis call per
 * send. When reports fail, the last state read holds for one cool-down, then counts as closed.
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
  const closed: BreakerView = { state: "closed", remainingMs: 0, probe: null };
  const views = new Map<ProviderName, BreakerView>(providers.map((p) => [p.name, closed]));
  const readAt = new Map<ProviderName, number>();
  const pending = new Map<ProviderName, BreakerOutcomes>(
    providers.map((p) => [p.name, { ok: 0, failed: 0 }]),
  );
  const breakers = providers.length > 1 ? options.breakers : undefined;

  const setView = (name: ProviderName, view: BreakerView) => {
    const before = views.get(name)!;
    if (before.state !== view.state) {
      logger.warn({ provider: name, from: before.state, to: view.state }, "provider breaker changed");
    }
    views.set(name, view);
    options.onBreakerState?.(name, view);
  };
  const reportAll = async () => {
    if (!breakers) return;
    await Promise.all(
      providers.map(async (p) => {
        const outcomes = pending.get(p.name)!;
        pending.set(p.name, { ok: 0, failed: 0 });
        try {
          setView(p.name, await breakers.record(p.name, outcomes));
          readAt.set(p.name, Date.now());
        } catch (error) {
          // Outcomes not reported are lost; the breaker sees the next ones.
          logger.warn({ err: error, provider: p.name }, "could not report to the provider breaker");
          if (Date.now() - (readAt.get(p.name) ?? 0) > breakers.settings.cooldownMs) setView(p.name, closed);
        }
      }),
    );
  };
  let reporting: Promise<void> | undefined;
  const reportNow = () => {
    reporting ??= reportAll().finally(() => {
      reporting = undefined;
    });
    return reporting;
  };
  const timer = breakers ? setInterval(reportNow, breakers.reportEveryMs) : undefined;
  timer?.unref();
  // A first read at once: a worker started while a breaker is open learns it within one report.
  if (breakers) void reportNow();

  const isClosed = (name: ProviderName) => views.get(name)!.state === "closed";
  const preferred = (): ProviderName[] => {
    const usable = providers.filter((p) => isClosed(p.name)).map((p) => p.name);
    return usable.length > 0 ? usable : providers.map((p) => p.name);
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
      // A provider without countries reaches every number the caller validated: no second parse.
      const reaches = (p: RoutedProvider) =>
        p.countries.length === 0 || validateRecipient(attempt.recipient, p.countries).length === 0;
      const probing = providers.find((p) => views.get(p.name)!.probe !== null && reaches(p));
      if (probing) {
        const view = views.get(probing.name)!;
        views.set(probing.name, { ...view, probe: null });
        return { provider: probing, moved: probing !== given, probe: view.probe! };
      }
      if (given && reaches(given)) return { provider: given, moved: false };
      const order = [...preferred(), ...providers.map((p) => p.name)];
      const chosen = order.map((name) => byName.get(name)!).find(reaches);
      if (!chosen)
        return { reason: "no configured provider sends to this recipient's country", retry: false };
      return { provider: chosen, moved: true };
    },
    report: (name, outcome, probe) => {
      if (!breakers) return;
      const outcomes = pending.get(name);
      if (!outcomes) return;
      outcomes[outcome]++;
      if (probe !== undefined) outcomes.probe = { outcome, token: probe };
    },
    close: async () => {
      clearInterval(timer);
      await reporting;
      await reportAll();
    },
  };
}

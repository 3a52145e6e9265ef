import { countryOfNumber, DEFAULT_PROVIDER_ROUTING, type ProviderRouting } from "@dispatcher/core";
import type { ProviderCandidates } from "@dispatcher/db";
import type { ProviderAdapter } from "@dispatcher/providers";
import type { BreakerOutcomes, BreakerSettings, BreakerView } from "@dispatcher/redis";
import type { Logger } from "@dispatcher/runtime";

/** One provider a worker may send through: its name, its client, and what it promises. */
export interface RoutedProvider {
  name: string;
  adapter: ProviderAdapter;
  /** See ProviderEntry.atLeastOnce. */
  atLeastOnce: boolean;
}

/** What routing needs of an attempt just started (see SendingMessage). */
export interface AttemptToRoute {
  recipient: string;
  /** The provider startSending gave the attempt (null: none was usable then). */
  provider: string | null;
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
   * The providers a free attempt may be given, with their draw weights (see startSending): those
   * whose breaker is closed and whose weight is above 0; else the closed standbys (weight 0), each
   * alike; else those with a weight whatever their breaker; else all.
   */
  candidates: () => ProviderCandidates;
  /**
   * The provider of an attempt: the one it is bound to; for a free attempt, the half-open
   * provider whose probe this worker holds (one attempt per probe), else the one startSending
   * chose (or `preferred`, the provider whose throughput slot the attempt holds) when it is in the
   * best tier (see candidates) of those that reach the recipient's country, else one drawn by
   * weight from that tier. The recipient must be a valid number.
   */
  route: (attempt: AttemptToRoute, preferred?: string) => Route;
  /** A provider's routing in force on this worker (weights, countries, throughput limit). */
  routing: (name: string) => ProviderRouting;
  /** The provider named `name` on this worker, if it has one. */
  find: (name: string | null) => RoutedProvider | undefined;
  /** Whether a provider other than `name` sends to `recipient`'s country (its weight aside). */
  reachesElsewhere: (recipient: string, name: string) => boolean;
  /** Gives back a probe a route granted that made no request, so the next attempt uses it. */
  release: (name: string, probe: string) => void;
  /** Replaces the routing of the providers named in `routing` (as read from Postgres). */
  setRouting: (routing: ReadonlyMap<string, ProviderRouting>) => void;
  /**
   * A provider call's outcome, for its breaker: `ok` (it answered), `failed` (no answer, 5xx);
   * `probe` is the route's probe token when the call was the probe.
   */
  report: (name: string, outcome: "ok" | "failed", probe?: string) => void;
  /** Stops reporting to Redis (after a last report). */
  close: () => Promise<void>;
}

export interface BreakerStore {
  /** Adds outcomes to a provider's shared breaker and answers its state (recordBreakerOutcomes). */
  record: (name: string, outcomes: BreakerOutcomes) => Promise<BreakerView>;
  settings: BreakerSettings;
  /** How often outcomes are reported and the state read, in ms. */
  reportEveryMs: number;
}

/**
 * Routes attempts between the configured providers, by the routing read from Postgres
 * (`setRouting`; `routing` until then). With one provider there is no breaker; with more, each
 * has a circuit breaker shared through Redis (see provider-breaker.ts). Outcomes are counted
 * locally and reported every `reportEveryMs` (a report still running skips the next), with the
 * breakers' state read in the same call, so routing costs no Redis call per send. A half-open
 * breaker's probe is asked for only after this worker had a free attempt the provider could
 * take, and a granted probe is kept until an attempt uses it or its time runs out. When reports
 * fail, the last state read holds for one cool-down, then counts as closed.
 */
export function createProviderRouter(options: {
  providers: readonly RoutedProvider[];
  /** Each provider's routing until the first setRouting (its configured one). */
  routing: ReadonlyMap<string, ProviderRouting>;
  breakers?: BreakerStore;
  logger: Logger;
  /** Hears each breaker state this worker reads (for a gauge). */
  onBreakerState?: (name: string, view: BreakerView) => void;
}): ProviderRouter {
  const { providers, logger } = options;
  const byName = new Map(providers.map((p) => [p.name, p]));
  const routings = new Map<string, ProviderRouting>(
    providers.map((p) => [p.name, options.routing.get(p.name) ?? DEFAULT_PROVIDER_ROUTING]),
  );
  const closed: BreakerView = { state: "closed", remainingMs: 0, probe: null };
  const views = new Map<string, BreakerView>(providers.map((p) => [p.name, closed]));
  const readAt = new Map<string, number>();
  const pending = new Map<string, BreakerOutcomes>(providers.map((p) => [p.name, { ok: 0, failed: 0 }]));
  /** Probes granted to this worker and not used yet, until they expire. */
  const held = new Map<string, { token: string; until: number }>();
  /** Half-open providers a free attempt could have gone to since the last report. */
  const wanted = new Set<string>();
  const breakers = providers.length > 1 ? options.breakers : undefined;

  const setView = (name: string, view: BreakerView) => {
    const before = views.get(name)!;
    if (before.state !== view.state) {
      logger.warn({ provider: name, from: before.state, to: view.state }, "provider breaker changed");
    }
    if (view.probe !== null && breakers) {
      held.set(name, { token: view.probe, until: Date.now() + breakers.settings.probeMs });
    } else if (view.state !== "half-open") {
      held.delete(name);
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
        const probeHeld = (held.get(p.name)?.until ?? 0) > Date.now();
        outcomes.wantsProbe = wanted.has(p.name) && !probeHeld;
        wanted.delete(p.name);
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

  const routingOf = (name: string) => routings.get(name) ?? DEFAULT_PROVIDER_ROUTING;
  const weightOf = (p: RoutedProvider) => routingOf(p.name).weight;
  const isClosed = (p: RoutedProvider) => views.get(p.name)!.state === "closed";
  /**
   * Those of `among` a free attempt may go to now, best tier first: closed with a weight; closed
   * standbys (weight 0); any with a weight (every breaker open); any.
   */
  const usable = (among: readonly RoutedProvider[]): RoutedProvider[] => {
    const tiers = [
      among.filter((p) => isClosed(p) && weightOf(p) > 0),
      among.filter(isClosed),
      among.filter((p) => weightOf(p) > 0),
    ];
    return tiers.find((tier) => tier.length > 0) ?? [...among];
  };
  /** The draw weights of a tier: their weights, or 1 each in a tier of standbys. */
  const drawWeights = (tier: readonly RoutedProvider[]) =>
    tier.some((p) => weightOf(p) > 0) ? tier.map(weightOf) : tier.map(() => 1);
  /** Whether `p` sends to `recipient`: one without countries reaches every number the caller validated. */
  const reaches = (p: RoutedProvider, recipient: string) => {
    const { countries } = routingOf(p.name);
    return countries.length === 0 || countries.includes(countryOfNumber(recipient) ?? "");
  };
  /** One of `tier`, drawn in proportion to its draw weight. */
  const draw = (tier: readonly RoutedProvider[]) => {
    const weights = drawWeights(tier);
    let left = Math.random() * weights.reduce((sum, w) => sum + w, 0);
    for (const [i, p] of tier.entries()) {
      left -= weights[i]!;
      if (left < 0) return p;
    }
    return tier.at(-1)!;
  };

  return {
    providers,
    candidates: () => {
      const tier = usable(providers);
      return { names: tier.map((p) => p.name), weights: drawWeights(tier) };
    },
    route: (attempt, preferred) => {
      const given = attempt.provider === null ? undefined : byName.get(attempt.provider);
      if (!attempt.providerFree) {
        if (given) return { provider: given, moved: false };
        return {
          reason: `bound to provider ${attempt.provider}, which this worker is not configured with`,
          retry: true,
        };
      }
      const reaching = providers.filter((p) => reaches(p, attempt.recipient));
      if (reaching.length === 0) {
        return { reason: "no configured provider sends to this recipient's country", retry: false };
      }
      for (const p of reaching) {
        if (views.get(p.name)!.state === "half-open") wanted.add(p.name);
        const probe = held.get(p.name);
        if (probe && probe.until > Date.now()) {
          held.delete(p.name);
          return { provider: p, moved: p !== given, probe: probe.token };
        }
      }
      const choice = usable(reaching);
      const slotted = preferred === undefined ? undefined : byName.get(preferred);
      if (slotted && choice.includes(slotted)) return { provider: slotted, moved: slotted !== given };
      if (given && choice.includes(given)) return { provider: given, moved: false };
      const chosen = draw(choice);
      return { provider: chosen, moved: chosen !== given };
    },
    routing: routingOf,
    find: (name) => (name === null ? undefined : byName.get(name)),
    reachesElsewhere: (recipient, name) => providers.some((p) => p.name !== name && reaches(p, recipient)),
    release: (name, probe) => {
      if (breakers) held.set(name, { token: probe, until: Date.now() + breakers.settings.probeMs });
    },
    setRouting: (routing) => {
      for (const [name, value] of routing) if (byName.has(name)) routings.set(name, value);
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

// A Grafana dashboard's queries, as Grafana sends them to Prometheus: its variables ($__interval,
// $__rate_interval, $__range, and the dashboard's own, such as a lane) replaced by values.

/** A data source reference of a panel or a query. */
export interface DataSourceRef {
  type?: string;
  uid?: string;
}

/** A dashboard variable of `templating.list` (custom, query, interval, constant or datasource). */
export interface DashboardVariable {
  name: string;
  type: string;
  current?: { value?: string | string[] };
  customAllValue?: string;
}

/** A panel; a row keeps its panels in `panels` while collapsed. */
export interface DashboardPanel {
  title: string;
  datasource?: DataSourceRef;
  targets?: { refId: string; expr?: string; datasource?: DataSourceRef }[];
  panels?: DashboardPanel[];
}

/** The parts of a dashboard's JSON model read here. */
export interface Dashboard {
  uid: string;
  title: string;
  templating?: { list: DashboardVariable[] };
  panels: DashboardPanel[];
}

/** One query of a dashboard, its variables replaced. */
export interface DashboardQuery {
  panel: string;
  refId: string;
  /** The query as written in the dashboard. */
  written: string;
  /** The query as Grafana would send it. */
  expr: string;
  /** The data source uid of the query, else of its panel. */
  datasourceUid: string | undefined;
}

/**
 * Grafana's built-in time variables for a dashboard showing the last `rangeSeconds` with the
 * Prometheus data source's scrape interval (its `timeInterval`) as the minimum step: `$__interval`
 * is that step, and `$__rate_interval` is max(`$__interval` + scrape interval, 4 × scrape
 * interval), as Grafana computes it.
 */
export function builtInVariables(scrapeSeconds: number, rangeSeconds: number): Record<string, string> {
  const interval = scrapeSeconds;
  return {
    __interval: `${interval}s`,
    __interval_ms: String(interval * 1_000),
    __rate_interval: `${Math.max(interval + scrapeSeconds, 4 * scrapeSeconds)}s`,
    __range: `${rangeSeconds}s`,
    __range_s: String(rangeSeconds),
    __range_ms: String(rangeSeconds * 1_000),
  };
}

/**
 * Every query of the dashboard (rows' panels included) with `$name`, `${name}`, `${name:format}`
 * and `[[name]]` replaced: the built-in ones from `builtIns`, each dashboard variable by its
 * current value, else its custom "All" value, else `.+` (every value, as "All" matches with `=~`).
 * Throws, naming the panel, on a variable neither defines (PromQL's own `$1` is left alone).
 */
export function dashboardQueries(dashboard: Dashboard, builtIns: Record<string, string>): DashboardQuery[] {
  const values: Record<string, string> = { ...builtIns };
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type === "datasource") continue;
    const current = variable.current?.value;
    const chosen = Array.isArray(current) ? `(${current.join("|")})` : current;
    values[variable.name] = chosen && chosen !== "$__all" ? chosen : (variable.customAllValue ?? ".+");
  }
  const substitute = (expr: string, panel: string) =>
    expr.replace(/\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$([A-Za-z_]\w*)/g, (whole, braced, bracketed, bare) => {
      const name = (braced ?? bracketed ?? bare) as string;
      const value = values[name];
      if (value === undefined) throw new Error(`${panel}: unknown variable ${whole} in ${expr}`);
      return value;
    });
  const flat = (panels: DashboardPanel[]): DashboardPanel[] =>
    panels.flatMap((panel) => [panel, ...flat(panel.panels ?? [])]);
  return flat(dashboard.panels).flatMap((panel) =>
    (panel.targets ?? [])
      .filter((target) => target.expr !== undefined && target.expr.trim() !== "")
      .map((target) => ({
        panel: panel.title,
        refId: target.refId,
        written: target.expr!,
        expr: substitute(target.expr!, panel.title),
        datasourceUid: target.datasource?.uid ?? panel.datasource?.uid,
      })),
  );
}

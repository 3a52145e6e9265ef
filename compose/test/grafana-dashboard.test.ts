import { describe, expect, it } from "vitest";
import { builtInVariables, type Dashboard, dashboardQueries } from "../src/grafana-dashboard.js";

const builtIns = builtInVariables(15, 3_600);

function dashboardWith(exprs: string[], variables: Dashboard["templating"] = { list: [] }): Dashboard {
  return {
    uid: "d",
    title: "D",
    templating: variables,
    panels: [
      {
        title: "Row",
        panels: [
          { title: "Inner", targets: exprs.map((expr, i) => ({ refId: String.fromCharCode(65 + i), expr })) },
        ],
      },
    ],
  };
}

describe("builtInVariables", () => {
  it("a Prometheus scraped every 15 s gives $__interval 15s and $__rate_interval 60s (4 scrapes)", () => {
    expect(builtIns).toMatchObject({ __interval: "15s", __rate_interval: "60s", __range: "3600s" });
  });
});

describe("dashboardQueries", () => {
  it.each([
    ["rate(x[$__rate_interval])", "rate(x[60s])"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a template
    ["rate(x[${__rate_interval}])", "rate(x[60s])"],
    ["sum_over_time(x[$__interval])", "sum_over_time(x[15s])"],
    ["increase(x[$__range])", "increase(x[3600s])"],
    ['label_replace(x, "a", "$1", "b", "(.*)")', 'label_replace(x, "a", "$1", "b", "(.*)")'],
  ])("%s is sent as %s", (written, sent) => {
    expect(dashboardQueries(dashboardWith([written]), builtIns)).toEqual([
      { panel: "Inner", refId: "A", written, expr: sent, datasourceUid: undefined },
    ]);
  });

  it("a lane variable is its current value, or every lane when it is All or unset", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a template
    const exprs = ['x{priority=~"$lane"}', 'x{priority=~"[[all]]"}', 'x{priority=~"${unset:regex}"}'];
    const queries = dashboardQueries(
      dashboardWith(exprs, {
        list: [
          { name: "lane", type: "custom", current: { value: "bulk" } },
          { name: "all", type: "query", current: { value: "$__all" }, customAllValue: "bulk|transactional" },
          { name: "unset", type: "query" },
        ],
      }),
      builtIns,
    );
    expect(queries.map((q) => q.expr)).toEqual([
      'x{priority=~"bulk"}',
      'x{priority=~"bulk|transactional"}',
      'x{priority=~".+"}',
    ]);
  });

  it("a variable the dashboard does not define fails, naming the panel", () => {
    expect(() => dashboardQueries(dashboardWith(['x{priority="$nope"}']), builtIns)).toThrow(
      /Inner: unknown variable \$nope/,
    );
  });
});

// What each dashboard chart shows: its ECharts option, its data as a table
// (the CSV/XLSX export) and the orders behind a clicked bar or point (the
// drill-down filter). Pure functions of the core's figures, so they are
// tested without a window. Money stays exact text until it becomes a bar
// height (fen as an integer).
import type { EChartsCoreOption } from "echarts/core";
import type {
  Buyers,
  CampaignReport,
  CampaignRow,
  ChannelShare,
  Funnel,
  OrderFilter,
  ProductMix,
  Rank,
  StockTurn,
  Trend,
} from "./bindings";
import { fen, yuan } from "./format";
import { label, t, type Key } from "./i18n.svelte";
import { compactYuan, periodLabel } from "./period";

export interface Table {
  header: string[];
  rows: string[][];
}

/** A click's orders: what the drill-down list shows and its title. */
export interface Drill {
  title: string;
  filter: Partial<OrderFilter>;
}

export interface ChartView {
  option: EChartsCoreOption;
  table: Table;
  /** The orders behind the data item at `index`, where there are any. */
  drill?: (index: number, seriesIndex: number) => Drill | null;
}

const ACCENT = "#e8590c";
const BLUE = "#1c7ed6";
const GREEN = "#2b8a3e";
const RED = "#c92a2a";
const GREY = "#adb5bd";

const moneyAxis = (locale: string) => ({
  type: "value",
  axisLabel: { formatter: (v: number) => compactYuan(v, locale) },
});
const yuanTip = { valueFormatter: (v: number) => yuan(fromFenText(v)) };

/** Fen back to yuan text for tooltips (integers only; never money maths). */
function fromFenText(v: number): string {
  const sign = v < 0 ? "-" : "";
  const abs = Math.abs(Math.round(v));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

export function trendView(trend: Trend, locale: string): ChartView {
  const labels = trend.points.map((p) => periodLabel(p.period, locale));
  // A campaign shades the buckets it overlaps.
  const areas = trend.markers.flatMap((m) => {
    const first = trend.points.findIndex((p) => p.to >= m.from);
    const last = trend.points.map((p) => p.from <= m.to).lastIndexOf(true);
    if (first < 0 || last < first) return [];
    return [[{ name: m.name, xAxis: labels[first] }, { xAxis: labels[last] }]];
  });
  return {
    option: {
      grid: { left: 64, right: 48, top: 36, bottom: 28 },
      tooltip: { trigger: "axis" },
      legend: { top: 0, right: 0 },
      xAxis: { type: "category", data: labels },
      yAxis: [moneyAxis(locale), { type: "value", splitLine: { show: false } }],
      series: [
        {
          name: t("series.gmv"),
          type: "bar",
          data: trend.points.map((p) => fen(p.gmv)),
          itemStyle: { color: ACCENT },
          tooltip: yuanTip,
          markArea: {
            silent: true,
            itemStyle: { color: "rgba(28,126,214,0.08)" },
            label: { color: BLUE, fontSize: 11 },
            data: areas,
          },
        },
        {
          name: t("series.orders"),
          type: "line",
          yAxisIndex: 1,
          data: trend.points.map((p) => p.orders),
          itemStyle: { color: BLUE },
          showSymbol: trend.points.length < 60,
        },
      ],
    },
    table: {
      header: [t("by.day"), "from", "to", t("series.orders"), t("series.gmv"), t("series.paid"), t("series.refunds"), t("dash.aov")],
      rows: trend.points.map((p) => [p.period, p.from, p.to, String(p.orders), p.gmv, p.paid, p.refunds, p.aov]),
    },
    drill: (i) => {
      const p = trend.points[i];
      return p ? { title: periodLabel(p.period, locale), filter: { from: p.from, to: p.to, counted: true } } : null;
    },
  };
}

export function channelView(rows: ChannelShare[]): ChartView {
  return {
    option: {
      tooltip: { trigger: "item", ...yuanTip },
      legend: { bottom: 0 },
      series: [
        {
          type: "pie",
          radius: ["34%", "58%"],
          center: ["50%", "45%"],
          label: { formatter: "{b} {d}%", overflow: "none" },
          data: rows.map((r) => ({ name: label("channel", r.channel), value: fen(r.gmv) })),
        },
      ],
    },
    table: {
      header: [t("orders.channel"), t("series.orders"), t("series.gmv")],
      rows: rows.map((r) => [label("channel", r.channel), String(r.orders), r.gmv]),
    },
    drill: (i) => {
      const r = rows[i];
      return r ? { title: label("channel", r.channel), filter: { channel: r.channel, counted: true } } : null;
    },
  };
}

export function productView(mix: ProductMix, locale: string): ChartView {
  const top = [...mix.top].reverse();
  return {
    option: {
      grid: { left: 120, right: 24, top: 28, bottom: 24 },
      tooltip: { trigger: "axis", ...yuanTip },
      legend: { top: 0, right: 0 },
      xAxis: moneyAxis(locale),
      yAxis: { type: "category", data: top.map((p) => p.name + (p.options ? ` ${p.options}` : "")), axisLabel: { width: 110, overflow: "truncate" } },
      series: [
        { name: t("series.revenue"), type: "bar", data: top.map((p) => fen(p.revenue)), itemStyle: { color: ACCENT } },
        { name: t("series.margin"), type: "bar", data: top.map((p) => fen(p.margin)), itemStyle: { color: GREEN } },
      ],
    },
    table: {
      header: ["SKU", t("products.name"), t("products.role"), t("series.qty"), t("series.revenue"), t("series.margin"), t("series.marginPct")],
      rows: mix.top.map((p) => [p.sku, p.name, label("role", p.role), String(p.qty), p.revenue, p.margin, p.margin_pct ?? ""]),
    },
    drill: (i) => {
      const p = top[i];
      return p ? { title: `${p.name} ${p.options}`.trim(), filter: { sku: p.sku, counted: true } } : null;
    },
  };
}

export function roleView(mix: ProductMix, locale: string): ChartView {
  const roles = mix.roles;
  return {
    option: {
      grid: { left: 64, right: 24, top: 28, bottom: 28 },
      tooltip: { trigger: "axis", ...yuanTip },
      legend: { top: 0, right: 0 },
      xAxis: { type: "category", data: roles.map((r) => label("role", r.role)) },
      yAxis: moneyAxis(locale),
      series: [
        { name: t("series.revenue"), type: "bar", data: roles.map((r) => fen(r.revenue)), itemStyle: { color: ACCENT } },
        {
          name: t("series.margin"),
          type: "bar",
          data: roles.map((r) => fen(r.margin)),
          itemStyle: { color: GREEN },
          label: { show: true, position: "top", formatter: (p: { dataIndex: number }) => roles[p.dataIndex]?.margin_pct ? `${roles[p.dataIndex]?.margin_pct}%` : "" },
        },
      ],
    },
    table: {
      header: [t("products.role"), t("series.qty"), t("series.revenue"), t("series.margin"), t("series.marginPct")],
      rows: roles.map((r) => [label("role", r.role), String(r.qty), r.revenue, r.margin, r.margin_pct ?? ""]),
    },
  };
}

export function buyerView(b: Buyers, locale: string): ChartView {
  const months = b.months;
  return {
    option: {
      grid: { left: 48, right: 48, top: 36, bottom: 28 },
      tooltip: { trigger: "axis" },
      legend: { top: 0, right: 0 },
      xAxis: { type: "category", data: months.map((m) => periodLabel(m.month, locale)) },
      yAxis: [{ type: "value" }, { type: "value", axisLabel: { formatter: "{value}%" }, splitLine: { show: false } }],
      series: [
        { name: t("series.newBuyers"), type: "bar", stack: "buyers", data: months.map((m) => m.new_buyers), itemStyle: { color: ACCENT } },
        { name: t("series.returning"), type: "bar", stack: "buyers", data: months.map((m) => m.returning), itemStyle: { color: BLUE } },
        { name: t("series.repurchase"), type: "line", yAxisIndex: 1, data: months.map((m) => Number(m.repurchase_pct ?? 0)), itemStyle: { color: GREEN } },
      ],
    },
    table: {
      header: [t("by.month"), t("series.newBuyers"), t("series.returning"), t("series.repurchase")],
      rows: months.map((m) => [m.month, String(m.new_buyers), String(m.returning), m.repurchase_pct ?? ""]),
    },
  };
}

export function cohortView(b: Buyers, locale: string): ChartView {
  const cohorts = b.cohorts;
  const width = cohorts[0]?.active.length ?? 0;
  const cells = cohorts.flatMap((c, y) => c.retention_pct.map((pct, x) => [x, y, c.size > 0 ? pct : "-"]));
  return {
    option: {
      grid: { left: 96, right: 16, top: 8, bottom: 56 },
      tooltip: { formatter: (p: { value: [number, number, number] }) => {
        const c = cohorts[p.value[1]];
        return c ? `${periodLabel(c.cohort, locale)} ${t("series.monthN", { n: p.value[0] })}: ${c.active[p.value[0]] ?? 0} / ${c.size} (${p.value[2]}%)` : "";
      } },
      xAxis: { type: "category", data: Array.from({ length: width }, (_, n) => t("series.monthN", { n })) },
      yAxis: { type: "category", data: cohorts.map((c) => `${periodLabel(c.cohort, locale)} (${c.size})`), inverse: true },
      visualMap: { min: 0, max: 100, calculable: false, orient: "horizontal", left: "center", bottom: 0, itemHeight: 120, inRange: { color: ["#fff4e6", ACCENT] } },
      series: [{ type: "heatmap", data: cells, label: { show: true, fontSize: 10, formatter: (p: { value: [number, number, number | string] }) => (p.value[2] === "-" ? "" : `${p.value[2]}`) } }],
    },
    table: {
      header: [t("series.cohortSize"), ...Array.from({ length: width }, (_, n) => t("series.monthN", { n }))],
      rows: cohorts.map((c) => [`${c.cohort} (${c.size})`, ...c.active.map(String)]),
    },
  };
}

export function rankView(rows: Rank[], locale: string, who: "leader" | "referrer"): ChartView {
  const shown = [...rows].reverse();
  return {
    option: {
      grid: { left: 140, right: 32, top: 8, bottom: 24 },
      tooltip: { trigger: "axis", ...yuanTip },
      xAxis: moneyAxis(locale),
      yAxis: { type: "category", data: shown.map((r) => r.name), axisLabel: { width: 130, overflow: "truncate" } },
      series: [
        {
          name: t("series.gmv"),
          type: "bar",
          data: shown.map((r) => fen(r.gmv)),
          itemStyle: { color: who === "leader" ? ACCENT : BLUE },
          // A distributor's 信任值 beside their bar: standing from outcomes.
          label: {
            show: who === "referrer",
            position: "insideRight",
            color: "#fff",
            formatter: (p: { dataIndex: number }) => `${t("series.trust")} ${shown[p.dataIndex]?.trust ?? ""}`,
          },
        },
      ],
    },
    table: {
      header: [t("series.name"), t("series.orders"), t("series.gmv"), t("series.paid"), t("series.refunds"), t("series.trust")],
      rows: rows.map((r) => [r.name, String(r.orders), r.gmv, r.paid, r.refunds, r.trust === null ? "" : String(r.trust)]),
    },
    drill: (i) => {
      const r = shown[i];
      if (!r) return null;
      const filter: Partial<OrderFilter> = who === "leader" ? { leader_id: r.id } : { referrer_id: r.id };
      return { title: r.name, filter: { ...filter, counted: true } };
    },
  };
}

export function funnelView(f: Funnel): ChartView {
  const stages: [Key, number][] = [
    ["funnel.joined", f.joined],
    ["funnel.inFilled", f.in_filled],
    ["funnel.paid", f.paid],
    ["funnel.fulfilled", f.fulfilled],
  ];
  return {
    option: {
      tooltip: { trigger: "item", formatter: "{b}: {c}" },
      series: [
        {
          type: "funnel",
          left: "10%",
          width: "80%",
          top: 8,
          bottom: 8,
          sort: "none",
          min: 0,
          max: Math.max(1, f.joined),
          minSize: "30%",
          label: { position: "inside", formatter: "{b} {c}" },
          color: [ACCENT, "#f08c00", BLUE, GREEN],
          data: stages.map(([k, v]) => ({ name: t(k), value: v })),
        },
      ],
    },
    table: { header: ["stage", "orders"], rows: stages.map(([k, v]) => [t(k), String(v)]) },
  };
}

export function turnoverView(rows: StockTurn[]): ChartView {
  return {
    option: {
      grid: { left: 150, right: 24, top: 28, bottom: 28 },
      tooltip: { trigger: "axis" },
      legend: { top: 0, right: 0 },
      yAxis: { type: "category", data: [...rows].reverse().map((r) => r.name + (r.options ? ` ${r.options}` : "")), axisLabel: { width: 140, overflow: "truncate" } },
      xAxis: [{ type: "value" }],
      series: [
        { name: t("series.daysOfStock"), type: "bar", data: [...rows].reverse().map((r) => Number(r.days_of_stock ?? 0)), itemStyle: { color: BLUE } },
        { name: t("series.stockoutDays"), type: "bar", data: [...rows].reverse().map((r) => r.stockout_days), itemStyle: { color: RED } },
      ],
    },
    table: {
      header: ["SKU", t("products.name"), t("series.qty"), "on_hand", "avg_on_hand", t("series.daysOfStock"), t("series.stockoutDays")],
      rows: rows.map((r) => [r.sku, r.name, String(r.sold), String(r.on_hand), String(r.avg_on_hand), r.days_of_stock ?? "", String(r.stockout_days)]),
    },
    drill: (i) => {
      const r = [...rows].reverse()[i];
      return r ? { title: r.name, filter: { sku: r.sku, counted: true } } : null;
    },
  };
}

/** The P&L as a waterfall: running totals from zero, each deduction
 * floating between the total before it and the one after. Stacked with
 * `stackStrategy: "all"`, so a net below zero is drawn below the axis. */
export function waterfallView(r: CampaignReport, locale: string): ChartView {
  let running = 0;
  const base: number[] = [];
  const bars: { value: number; itemStyle: { color: string } }[] = [];
  for (const s of r.steps) {
    const amount = fen(s.amount);
    if (s.total) {
      running = amount;
      base.push(0);
      bars.push({ value: amount, itemStyle: { color: s.key === "net" ? (amount >= 0 ? GREEN : RED) : ACCENT } });
    } else {
      running -= amount;
      base.push(running);
      bars.push({ value: amount, itemStyle: { color: RED } });
    }
  }
  return {
    option: {
      grid: { left: 64, right: 16, top: 16, bottom: 28 },
      tooltip: {
        trigger: "axis",
        formatter: (ps: { dataIndex: number }[]) => {
          const s = r.steps[ps[0]?.dataIndex ?? 0];
          return s ? `${t(`step.${s.key}` as Key)}: ${s.total ? "" : "−"}${yuan(s.amount)}` : "";
        },
      },
      xAxis: { type: "category", data: r.steps.map((s) => t(`step.${s.key}` as Key)), axisLabel: { interval: 0, fontSize: 11 } },
      yAxis: moneyAxis(locale),
      series: [
        { type: "bar", stack: "w", stackStrategy: "all", data: base, itemStyle: { color: "transparent" }, emphasis: { disabled: true }, silent: true },
        {
          type: "bar",
          stack: "w",
          stackStrategy: "all",
          data: bars,
          label: { show: true, position: "top", fontSize: 10, formatter: (p: { dataIndex: number }) => {
            const s = r.steps[p.dataIndex];
            if (!s || (!s.total && fen(s.amount) === 0)) return "";
            return `${s.total ? "" : "−"}${compactYuan(fen(s.amount), locale)}`;
          } },
        },
      ],
    },
    table: {
      header: ["step", t("series.gmv")],
      rows: r.steps.map((s) => [t(`step.${s.key}` as Key), `${s.total ? "" : "-"}${s.amount}`]),
    },
    drill: () => ({ title: r.name, filter: { campaign_id: r.id, counted: true } }),
  };
}

/** ROI of every campaign with spend, this one highlighted. */
export function compareView(rows: CampaignRow[], current: string): ChartView {
  const withRoi = rows.filter((c) => c.roi !== null).slice(0, 12);
  return {
    option: {
      grid: { left: 120, right: 24, top: 8, bottom: 24 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: withRoi.map((c) => c.name), inverse: true, axisLabel: { width: 110, overflow: "truncate" } },
      series: [
        {
          name: t("series.roi"),
          type: "bar",
          barMaxWidth: 24,
          data: withRoi.map((c) => ({ value: Number(c.roi), itemStyle: { color: c.id === current ? ACCENT : GREY } })),
          label: { show: true, position: "right", formatter: "{c}" },
        },
      ],
    },
    table: {
      header: ["campaign", t("series.gmv"), "spend", t("series.roi")],
      rows: withRoi.map((c) => [c.name, c.gmv, c.spend, c.roi ?? ""]),
    },
  };
}

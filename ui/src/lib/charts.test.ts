import { describe, expect, it } from "vitest";
import type { CampaignReport, Rank, Trend } from "./bindings";
import { rankView, trendView, waterfallView } from "./charts";

const point = (period: string, from: string, to: string, gmv: string, orders: number) => ({
  period, from, to, orders, gmv, paid: gmv, refunds: "0.00", aov: gmv,
});

describe("chart views", () => {
  const trend: Trend = {
    by: "week",
    downsampled_from: null,
    points: [
      point("2026-W47", "2026-11-17", "2026-11-23", "100.00", 2),
      point("2026-W48", "2026-11-24", "2026-11-30", "36.50", 1),
      point("2026-W49", "2026-12-01", "2026-12-02", "0.00", 0),
    ],
    markers: [{ id: "c", name: "双12直播", kind: "live", from: "2026-11-28", to: "2026-12-12" }],
  };

  it("drill into exactly the days of a bucket, counted orders only", () => {
    const v = trendView(trend, "zh-CN");
    expect(v.drill?.(1, 0)).toEqual({ title: "2026年第48周", filter: { from: "2026-11-24", to: "2026-11-30", counted: true } });
    expect(v.drill?.(9, 0)).toBeNull();
    expect(v.table.rows[0]).toEqual(["2026-W47", "2026-11-17", "2026-11-23", "2", "100.00", "100.00", "0.00", "100.00"]);
  });

  it("shade the buckets a campaign overlaps", () => {
    const series = (trendView(trend, "zh-CN").option as { series: { markArea?: { data: unknown[] } }[] }).series;
    expect(series[0]?.markArea?.data).toEqual([[{ name: "双12直播", xAxis: "2026年第48周" }, { xAxis: "2026年第49周" }]]);
  });

  it("float each deduction of the waterfall from the total before it", () => {
    const step = (key: string, total: boolean, amount: string) => ({ key, total, amount });
    const r = {
      id: "c", name: "双12直播", steps: [step("gross", true, "109.50"), step("coupons", false, "5.00"), step("gmv", true, "104.50"), step("spend", false, "120.00"), step("net", true, "-15.50")],
    } as unknown as CampaignReport;
    const series = (waterfallView(r, "zh-CN").option as { series: { data: unknown[] }[] }).series;
    // Invisible bases, then the visible heights.
    expect(series[0]?.data).toEqual([0, 10450, 0, -1550, 0]);
    expect((series[1]?.data as { value: number }[] | undefined)?.map((b) => b.value)).toEqual([10950, 500, 10450, 12000, -1550]);
    expect(waterfallView(r, "zh-CN").drill?.(0, 0)?.filter).toEqual({ campaign_id: "c", counted: true });
  });

  it("drill from a ranking into that leader's or referrer's orders", () => {
    const rank = (id: string, name: string, trust: number | null): Rank => ({
      id, name, orders: 1, gmv: "1.00", paid: "1.00", refunds: "0.00", level: trust === null ? null : 1, trust,
    });
    // Shown bottom-up, so the chart's first bar is the last of the ranking.
    const leaders = rankView([rank("a", "陈姐", null), rank("b", "王哥", null)], "zh-CN", "leader");
    expect(leaders.drill?.(0, 0)).toEqual({ title: "王哥", filter: { leader_id: "b", counted: true } });
    const referrers = rankView([rank("d", "小美", 87)], "zh-CN", "referrer");
    expect(referrers.drill?.(0, 0)?.filter).toEqual({ referrer_id: "d", counted: true });
    expect(referrers.table.rows[0]?.[5]).toBe("87");
  });
});

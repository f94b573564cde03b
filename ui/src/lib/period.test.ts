import { describe, expect, it } from "vitest";
import { addDays, compactCount, compactYuan, naturalBy, periodLabel, presetRange, rangeDays } from "./period";

describe("periods in business days", () => {
  it("count back from the shop's business day, across months and years", () => {
    expect(presetRange("7d", "2026-12-02")).toEqual({ from: "2026-11-26", to: "2026-12-02" });
    expect(presetRange("yesterday", "2027-01-01")).toEqual({ from: "2026-12-31", to: "2026-12-31" });
    expect(presetRange("lastMonth", "2026-03-15")).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(presetRange("month", "2026-12-02")).toEqual({ from: "2026-12-01", to: "2026-12-02" });
    expect(rangeDays(presetRange("year", "2026-12-02"))).toBe(365);
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
  });
  it("pick a bucket that fits the length", () => {
    expect(naturalBy({ from: "2026-11-01", to: "2026-11-30" })).toBe("day");
    expect(naturalBy({ from: "2025-12-03", to: "2026-12-02" })).toBe("week");
    expect(naturalBy({ from: "2024-01-01", to: "2026-12-02" })).toBe("month");
  });
});

describe("Chinese number and date formats", () => {
  it("write days, weeks and months as merchants do", () => {
    expect(periodLabel("2026-11-23", "zh-CN")).toBe("11月23日");
    expect(periodLabel("2026-W08", "zh-CN")).toBe("2026年第8周");
    expect(periodLabel("2026-11", "zh-CN")).toBe("2026年11月");
    expect(periodLabel("2026-11-23", "en")).toBe("11/23");
  });
  it("shorten large amounts to 万 and 亿", () => {
    expect(compactYuan(1_234_500, "zh-CN")).toBe("¥1.2万");
    expect(compactYuan(34_500_000_000, "zh-CN")).toBe("¥3.45亿");
    expect(compactYuan(98_50, "zh-CN")).toBe("¥98.5");
    expect(compactYuan(109_50, "zh-CN")).toBe("¥110");
    expect(compactYuan(1_234_500, "en")).toBe("¥12.3k");
    expect(compactCount(123_456, "zh-CN")).toBe("12.3万");
  });
});

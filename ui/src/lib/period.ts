// The dashboard's periods, counted in the shop's business days: "today" is
// the business day the core says it is (a 01:30 order after a late live
// session still belongs to yesterday), never the browser's calendar date.

export type Preset = "today" | "yesterday" | "7d" | "30d" | "month" | "lastMonth" | "90d" | "year";
export const presets: Preset[] = ["today", "yesterday", "7d", "30d", "month", "lastMonth", "90d", "year"];

export interface Range {
  from: string;
  to: string;
}

/** `YYYY-MM-DD` plus `n` days, on the calendar (no time zone involved). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** The days a preset covers, ending on the business day `today`. */
export function presetRange(preset: Preset, today: string): Range {
  switch (preset) {
    case "today":
      return { from: today, to: today };
    case "yesterday":
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case "7d":
      return { from: addDays(today, -6), to: today };
    case "30d":
      return { from: addDays(today, -29), to: today };
    case "90d":
      return { from: addDays(today, -89), to: today };
    case "year":
      return { from: addDays(today, -364), to: today };
    case "month":
      return { from: monthStart(today), to: today };
    case "lastMonth": {
      const end = addDays(monthStart(today), -1);
      return { from: monthStart(end), to: end };
    }
  }
}

/** Whole days in a range, both ends included. */
export function rangeDays(r: Range): number {
  return Math.round((Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The bucket a trend of this length reads best in. */
export function naturalBy(r: Range): "day" | "week" | "month" {
  const days = rangeDays(r);
  return days <= 92 ? "day" : days <= 366 ? "week" : "month";
}

/** A day or a bucket as merchants write it: `11月23日`, `2026年11月`, `第48周`. */
export function periodLabel(period: string, locale: string): string {
  const zh = locale.startsWith("zh");
  const week = /^(\d{4})-W(\d{2})$/.exec(period);
  if (week) return zh ? `${week[1]}年第${Number(week[2])}周` : `W${Number(week[2])} ${week[1]}`;
  const [y, m, d] = period.split("-");
  if (d) return zh ? `${Number(m)}月${Number(d)}日` : `${m}/${d}`;
  return zh ? `${y}年${Number(m)}月` : `${y}-${m}`;
}

/** Fen as a short axis label: `¥1.2万`, `¥3.45亿` in Chinese, `¥12.3k` in English. */
export function compactYuan(fenValue: number, locale: string): string {
  const yuanValue = fenValue / 100;
  const abs = Math.abs(yuanValue);
  const trim = (n: number, digits: number) => Number(n.toFixed(digits)).toString();
  if (locale.startsWith("zh")) {
    if (abs >= 1e8) return `¥${trim(yuanValue / 1e8, 2)}亿`;
    if (abs >= 1e4) return `¥${trim(yuanValue / 1e4, 1)}万`;
  } else {
    if (abs >= 1e6) return `¥${trim(yuanValue / 1e6, 2)}M`;
    if (abs >= 1e3) return `¥${trim(yuanValue / 1e3, 1)}k`;
  }
  return `¥${trim(yuanValue, abs >= 100 ? 0 : 2)}`;
}

/** A count as merchants read it: `1.2万` in Chinese, `12,000` in English. */
export function compactCount(n: number, locale: string): string {
  if (locale.startsWith("zh") && Math.abs(n) >= 1e4) return `${Number((n / 1e4).toFixed(1))}万`;
  return n.toLocaleString(locale);
}

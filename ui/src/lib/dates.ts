// Days as a Chinese merchant writes them, read into `YYYY-MM-DD` (and
// `YYYY-MM-DDTHH:MM` with a time), whatever the system's locale. The
// browser's own date input follows the OS locale (12/05/2026 on an English
// Windows) and cannot be told otherwise, so DateInput uses these instead.

const pad = (n: number) => String(n).padStart(2, "0");

/** A real calendar day, or null (no 2026-02-30). */
function day(y: number, m: number, d: number): string | null {
  if (y < 2000 || y > 2099 || m < 1 || m > 12 || d < 1) return null;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d > last ? null : `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * `2026-12-05`, `2026/12/5`, `2026.12.5`, `20261205`, `2026年12月5日`, or
 * without the year (`12-5`, `12/5`, `12月5日`: this year, `thisYear`).
 */
export function readDay(text: string, thisYear: number): string | null {
  const s = text.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  let m = s.match(/^(\d{4})(\d{2})(\d{2})$/) ?? s.match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/);
  if (m) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  m = s.match(/^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/);
  return m ? day(thisYear, Number(m[1]), Number(m[2])) : null;
}

/** A day and a time (`2026-12-05 20:00`, `2026-12-05T20:00`, `12-5 8:30`). */
export function readDayTime(text: string, thisYear: number): string | null {
  const m = text.trim().match(/^(.+?)[\sT]+(\d{1,2})[:：](\d{2})(?::\d{2})?$/);
  if (!m) return null;
  const d = readDay(m[1] ?? "", thisYear);
  const [h, min] = [Number(m[2]), Number(m[3])];
  return d && h < 24 && min < 60 ? `${d}T${pad(h)}:${pad(min)}` : null;
}

/** How a value is shown: `2026-12-05` or `2026-12-05 20:00`. */
export function shownDay(value: string): string {
  return value.replace("T", " ");
}

/** Year and month (1–12) of `YYYY-MM`. */
function yearMonth(month: string): [number, number] {
  return [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
}

/** The weeks of month `YYYY-MM`, Monday first; null pads the edges. */
export function monthGrid(month: string): (string | null)[][] {
  const [y, m] = yearMonth(month);
  const first = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const cells: (string | null)[] = Array(first).fill(null);
  for (let d = 1; d <= days; d++) cells.push(`${y}-${pad(m)}-${pad(d)}`);
  while (cells.length % 7) cells.push(null);
  const weeks = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** `YYYY-MM` moved by `n` months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = yearMonth(month);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

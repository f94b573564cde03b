// Amounts arrive as exact yuan strings ("1234.50"); they are formatted as
// text, never parsed into floating point.

/** `¥1,234.50` with thousands separators, sign kept. */
export function yuan(amount: string): string {
  const negative = amount.startsWith("-");
  const [whole = "0", frac = "00"] = amount.replace("-", "").split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}¥${grouped}.${frac.padEnd(2, "0")}`;
}

/** Fen as an integer, for comparisons and chart heights only. */
export function fen(amount: string): number {
  const negative = amount.startsWith("-");
  const [whole = "0", frac = "0"] = amount.replace("-", "").split(".");
  const value = Number(whole) * 100 + Number(frac.padEnd(2, "0").slice(0, 2));
  return negative ? -value : value;
}

/** Fen back to the exact yuan string the core reads (`-0.90`, `36.50`). */
export function fromFen(value: number): string {
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(value));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Change against the previous period, as a whole percent, or null if none. */
export function change(current: string, previous: string): number | null {
  const prev = fen(previous);
  if (prev === 0) return null;
  return Math.round(((fen(current) - prev) * 100) / prev);
}

/** Which rows of a fixed-height list are on screen, with some spare. */
export function visibleWindow(scrollTop: number, viewport: number, rowHeight: number, total: number, spare = 10) {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - spare);
  const last = Math.min(total, Math.ceil((scrollTop + viewport) / rowHeight) + spare);
  return { first, last };
}

/** Where browsers stop laying out a tall element (WebKit ~33.5M px,
 * Firefox ~17.9M): a list taller than this scrolls a scaled spacer. */
export const MAX_SCROLL_PX = 8_000_000;

/**
 * A list of `total` rows on a spacer no taller than MAX_SCROLL_PX: the
 * spacer's height, and `offset` to take off each row's natural top
 * (`i * rowHeight - offset`) so the rows the scroll bar points at are the
 * ones shown; the last row is reached at the bottom, however long the list.
 */
export function scrollGeometry(scrollTop: number, viewport: number, rowHeight: number, total: number) {
  const full = total * rowHeight;
  const height = Math.min(full, MAX_SCROLL_PX);
  const virtual = full === height || height <= viewport ? scrollTop : (scrollTop / (height - viewport)) * (full - viewport);
  return { height, virtual, offset: virtual - scrollTop };
}

/** `part` as a whole percent of `whole` (amounts), or null when whole is 0. */
export function share(part: string, whole: string): number | null {
  const w = fen(whole);
  return w === 0 ? null : Math.round((fen(part) * 100) / w);
}

/** Bytes as the merchant reads them: KB, MB or GB. */
export function bytes(n: number): string {
  const units = ["B", "KB", "MB", "GB"];
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u += 1;
  }
  return `${u ? n.toFixed(1) : n} ${units[u]}`;
}

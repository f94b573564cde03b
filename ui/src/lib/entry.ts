// Order entry's small rules, kept out of the component so they are tested.
import type { SoldBy } from "./bindings";
import { label } from "./i18n.svelte";

/** A line being typed: prices stay exact yuan strings. */
export type Line = {
  sku: string;
  name: string;
  options: string;
  /** The catalog's price when the line was added. */
  listPrice: string;
  /** What the merchant charges; a change needs a reason. */
  price: string;
  reason: string;
  qty: number;
  /** By the piece, or by weight: then `weight` is what the scale said. */
  soldBy: SoldBy;
  /** In the priced unit unless it names another (`2.35`, `500克`); "" for pieces. */
  weight: string;
  /** The bundle (套餐) code the line is sold in, if any. */
  bundle: string | null;
};

/** Every pricing unit, the product form's choice. */
export const SOLD_BYS: readonly SoldBy[] = ["piece", "jin", "kg", "g"];

/** Ledger units (pieces, grams) in one priced unit. */
export const PER: Record<SoldBy, number> = { piece: 1, jin: 500, kg: 1000, g: 1 };

export const weighed = (soldBy: SoldBy | undefined): boolean => soldBy !== undefined && soldBy !== "piece";

const UNIT_WORDS: [RegExp, SoldBy][] = [
  [/^(公斤|千克|kg)$/i, "kg"],
  [/^(斤|市斤)$/, "jin"],
  [/^(克|g)$/i, "g"],
];

/** A weight as typed (`2.35`, `2.35斤`, `500克`) in whole grams for goods
 * sold by `soldBy`; null when it is not a weight, or finer than a gram. */
export function grams(text: string, soldBy: SoldBy): number | null {
  const m = /^(\d{1,7})(?:\.(\d{1,3}))?\s*(\S*)$/u.exec(text.trim());
  if (!m || !weighed(soldBy)) return null;
  const unit = m[3] ? UNIT_WORDS.find(([re]) => re.test(m[3] ?? ""))?.[1] : soldBy;
  if (!unit || !weighed(unit)) return null;
  // Thousandths of the unit, exact: no float ever touches a weight.
  const milli = Number(m[1]) * 1000 + Number((m[2] ?? "").padEnd(3, "0"));
  const g = milli * PER[unit];
  return g > 0 && g % 1000 === 0 ? g / 1000 : null;
}

/** Grams as a number in the priced unit: 1175 g by the 斤 → `2.35`. */
export function inUnit(qty: number, soldBy: SoldBy): string {
  const milli = (qty * 1000) / PER[soldBy];
  const whole = Math.trunc(milli / 1000);
  const frac = String(milli % 1000).padStart(3, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : String(whole);
}

/** The unit the shop counts goods in: grams (克) for goods sold by
 * weight, nothing for pieces. */
export function ledgerUnit(soldBy: SoldBy): string {
  return weighed(soldBy) ? label("soldBy", "g") : "";
}

/** A stock or order figure as the merchant reads it: `3`, `2.35斤`. */
export function shownQty(qty: number, soldBy: SoldBy): string {
  return weighed(soldBy) ? `${inUnit(qty, soldBy)}${label("soldBy", soldBy)}` : String(qty);
}

/** A quantity with its unit word: `3 件`, `2.35斤`. */
export function withUnit(qty: number, soldBy: SoldBy): string {
  return weighed(soldBy) ? `${inUnit(qty, soldBy)}${label("soldBy", soldBy)}` : `${qty} ${label("soldBy", soldBy)}`;
}

/** Goods at a price per unit, half-up to the fen once (as the core does). */
export function lineFen(qty: number, priceFen: number, soldBy: SoldBy): number {
  const per = PER[soldBy];
  return Math.floor((2 * qty * priceFen + per) / (2 * per));
}

/** A line's quantity in ledger units: pieces, or grams (0 when unreadable). */
export function lineQty(l: Pick<Line, "qty" | "soldBy" | "weight">): number {
  return weighed(l.soldBy) ? (grams(l.weight, l.soldBy) ?? 0) : l.qty;
}

/** Yuan as a person types it: `36`, `36.5`, `36.50`; never negative. */
export function amountOk(text: string): boolean {
  return /^\d{1,9}(\.\d{1,2})?$/.test(text.trim());
}

/** `桃*3`, `桃x3`, `smt x 3`, `桃×3` → the text and 3; no count means
 * one. An `x` glued to ASCII (`SKU-X1`) is part of a code, not a count. */
export function parseQty(input: string): { text: string; qty: number; weight: string | null } {
  // After a non-ASCII character (a Chinese name), an x is a count.
  const m = /^(.*?)(\s*[*×]\s*|\s+[xX]\s*|(?<=[^\p{ASCII}])[xX]\s*)(\d{1,4})$/u.exec(input.trim());
  if (m?.[1] && Number(m[3]) > 0) return { text: m[1].trim(), qty: Number(m[3]), weight: null };
  // A weight (`苹果 2.35`, `苹果*2.35斤`, `牛肉 500克`): a decimal or a unit,
  // after a space or a `*`, so a name that ends in digits stays a name.
  const w = /^(.*?)(?:\s*[*×]\s*|\s+)(\d{1,7}\.\d{1,3}|\d{1,7}(?:\.\d{1,3})?\s*(?:公斤|千克|kg|斤|克|g))$/iu.exec(input.trim());
  if (w?.[1]) return { text: w[1].trim(), qty: 1, weight: (w[2] ?? "").replace(/\s+/g, "") };
  return { text: input.trim(), qty: 1, weight: null };
}

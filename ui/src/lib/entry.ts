// Order entry's small rules, kept out of the component so they are tested.

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
  /** The bundle (套餐) code the line is sold in, if any. */
  bundle: string | null;
};

/** Yuan as a person types it: `36`, `36.5`, `36.50`; never negative. */
export function amountOk(text: string): boolean {
  return /^\d{1,9}(\.\d{1,2})?$/.test(text.trim());
}

/** `桃*3`, `桃x3`, `smt x 3`, `桃×3` → the text and 3; no count means
 * one. An `x` glued to ASCII (`SKU-X1`) is part of a code, not a count. */
export function parseQty(input: string): { text: string; qty: number } {
  // After a non-ASCII character (a Chinese name), an x is a count.
  const m = /^(.*?)(\s*[*×]\s*|\s+[xX]\s*|(?<=[^\p{ASCII}])[xX]\s*)(\d{1,4})$/u.exec(input.trim());
  if (m?.[1] && Number(m[3]) > 0) return { text: m[1].trim(), qty: Number(m[3]) };
  return { text: input.trim(), qty: 1 };
}

// What the 接龙 screen does to an entry when the merchant settles one of its
// flags. Each change is then sent to the core's recheck, which says what is
// still not sure; nothing here decides that on its own.
import type { Candidate, Entry, Flag, Item, LineChange, ProductCandidate } from "./bindings";
import type { Key } from "./i18n.svelte";

/** The words for each reason the core gives; a new code in the core fails
 * the type check here until it has its words. */
export const FLAG_KEYS: Record<Flag["code"], Key> = {
  unknown_product: "solitaire.flag.unknown_product",
  ambiguous_product: "solitaire.flag.ambiguous_product",
  part_of_name: "solitaire.flag.part_of_name",
  pack_mismatch: "solitaire.flag.pack_mismatch",
  not_a_count: "solitaire.flag.not_a_count",
  too_many: "solitaire.flag.too_many",
  two_counts: "solitaire.flag.two_counts",
  not_understood: "solitaire.flag.not_understood",
  ambiguous_customer: "solitaire.flag.ambiguous_customer",
  no_customer: "solitaire.flag.no_customer",
  no_items: "solitaire.flag.no_items",
  refers: "solitaire.change.change",
  unnumbered: "solitaire.flag.unnumbered",
};

export const CHANGE_KEYS: Record<LineChange, Key> = {
  change: "solitaire.change.change",
  cancel: "solitaire.change.cancel",
  same: "solitaire.change.same",
  plus_one: "solitaire.change.plus_one",
};

const UNITS = "公斤|千克|kg|斤|克|g|个|份|盒|箱|袋|把|串|件|包|只|瓶|颗|杯|块|条|支|提|桶|罐|组|套|束|单|枚";
const QUANTITY = new RegExp(`[x×*✖]?\\s*(?:[\\d０-９.]+|[一二两俩三四五六七八九十贰半]+(?=\\s*(?:${UNITS})))\\s*(?:${UNITS})?装?`, "giu");

/** The words of a piece without its quantities: `西红柿2斤` → `西红柿`, the
 * word the merchant may remember as an alias. */
export function wordOf(text: string): string {
  return text.replace(QUANTITY, "").trim();
}

/** The line as it was written, to put back in the paste box. */
export function lineOf(e: Entry): string {
  return `${e.no}. ${e.text}`;
}

export function chooseCustomer(e: Entry, c: Candidate): void {
  e.customer_id = c.id;
  e.customer = c.name;
  e.customer_phone = c.phone || null;
  e.customer_match = "existing";
  e.candidates = [];
}

/** A new customer of this name, though others share it. */
export function newCustomer(e: Entry): void {
  e.customer_id = null;
  e.customer_match = "new";
  e.candidates = [];
}

/** Settles an ambiguous item on the core's reading of it for the product
 * picked (its quantity read again for that variant). */
export function chooseProduct(e: Entry, item: number, picked: Item): void {
  if (e.items[item]) e.items[item] = picked;
}

/** Turns an unresolved piece into the core's item for the product picked. */
export function resolvePiece(e: Entry, piece: number, picked: Item): void {
  if (e.unresolved[piece] === undefined) return;
  e.items.push(picked);
  e.unresolved.splice(piece, 1);
}

/** The merchant says the line is a new order after all (`+1`, `同上`). */
export function asNewOrder(e: Entry): void {
  e.change = null;
  e.refers_to = null;
}

/** Applies a change or cancel to the line it refers to; the changing line
 * itself is then done. Returns the entries left. */
export function applyChange(entries: Entry[], index: number): Entry[] {
  const e = entries[index];
  if (!e || e.refers_to === null) return entries;
  const target = entries.find((t) => t.line === e.refers_to);
  if (!target) return entries;
  if (e.change === "cancel") return entries.filter((t) => t !== e && t !== target);
  target.items = e.items.map((i) => ({ ...i }));
  target.unresolved = [...e.unresolved];
  return entries.filter((t) => t !== e);
}

/** Flags the merchant can clear by saying "leave it out". */
export function dismissUnnumbered(e: Entry, f: Flag): void {
  if (f.code !== "unnumbered") return;
  e.unresolved = e.unresolved.filter((u) => u !== f.text);
}

/** The first one-step fix of an entry, for Enter: its first customer
 * candidate (done here), else its first ambiguous item's first candidate
 * (returned, for the core to read the item for). */
export function firstFix(e: Entry): "customer" | { item: number; product: ProductCandidate } | null {
  const c = e.candidates[0];
  if (e.customer_match === "ambiguous" && c) {
    chooseCustomer(e, c);
    return "customer";
  }
  const item = e.items.findIndex((it) => it.ambiguous && it.candidates.length > 0);
  const product = e.items[item]?.candidates[0];
  return product ? { item, product } : null;
}

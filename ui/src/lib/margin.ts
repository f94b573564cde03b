// Gross margin of a selling price over its cost, for 引流款 / 利润款
// decisions: integer fen in, a whole percent out (no binary fractions).

/** `(price − cost) ÷ price` as `42%`; `—` when there is no price. */
export function margin(priceFen: number, costFen: number): string {
  if (priceFen <= 0) return "—";
  const pct = Math.round(((priceFen - costFen) * 100) / priceFen);
  return `${pct}%`;
}

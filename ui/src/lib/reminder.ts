// The WeChat messages, ready to paste in the merchant's language with the
// amounts exactly as the core computed them: asking a customer to pay, and
// telling a pickup point's buyers their goods are in.
import type { PickGroup, Reminder } from "./bindings";
import { t } from "./i18n.svelte";

/** `11月3日` / `Nov 3` from `2026-11-03 10:00:00`. */
function shortDate(when: string): string {
  const [, month = "1", day = "1"] = when.slice(0, 10).split("-");
  const name = t("date.months").split(",")[Number(month) - 1] ?? month;
  return t("date.monthDay", { month: name, day: Number(day) });
}

export function reminderText(r: Reminder): string {
  const lines = r.orders
    .map((o) => t("reconcile.remindLine", { date: shortDate(o.placed_at), order: o.order_no, items: o.items || "—", due: o.due }))
    .join("\n");
  return t("reconcile.remindText", { name: r.customer, count: r.orders.length, due: r.due, lines });
}

/** The note a pickup point's group gets when its goods are in: where to
 * collect them, and each buyer with their pickup code and what is due. */
export function arrivalText(g: PickGroup, day: string): string {
  const lines = g.orders.map((o, i) =>
    t("pick.arrivalLine", {
      n: i + 1,
      name: o.customer,
      tail: o.phone_tail,
      code: o.pickup_code ?? "—",
      items: o.items.map((x) => `${x.name}×${x.qty_text}`).join("，"),
      due: o.due === "0.00" ? "" : t("pick.arrivalDue", { due: o.due }),
    }),
  );
  return [t("pick.arrivalHead", { date: shortDate(day), point: g.name || t("pick.noPoint"), address: g.address }), ...lines].join("\n");
}

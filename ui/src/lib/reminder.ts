// The WeChat message asking a customer to pay: ready to paste, in the
// merchant's language, amounts exactly as the core computed them.
import type { Reminder } from "./bindings";
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

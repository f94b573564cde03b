// Which screen is open, and going to one: from the side bar, F2, or a
// screen's own link (the dashboard's to-do block opens the lists it counts).
import { savePref } from "../lib/prefs";
import { ordersTab, type OrdersTab } from "./orders/tab.svelte";

export const nav = $state<{ screen: string }>({ screen: "dashboard" });

/** Opens screen `id` (Orders on `tab`, or on its list when come to from elsewhere). */
export function go(id: string, tab?: OrdersTab) {
  if (id === "orders" && (tab || nav.screen !== "orders")) ordersTab.tab = tab ?? "list";
  nav.screen = id;
  void savePref("screen", id);
}

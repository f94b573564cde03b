// Which Orders tab is open, set from outside the Orders screen too: F2 from
// any screen opens order entry.
export type OrdersTab = "list" | "entry" | "solitaire" | "picking" | "shipping" | "aftersales" | "reviews" | "files";

export const ordersTab = $state<{ tab: OrdersTab }>({ tab: "list" });

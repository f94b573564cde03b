// English strings of the shared controls and of states shown as tags (merged
// into en.ts).
import type { controlsZhCN } from "./controls.zh-CN";

export const controlsEn: Record<keyof typeof controlsZhCN, string> = {
  "date.hint": "yyyy-mm-dd",
  "date.hintTime": "yyyy-mm-dd hh:mm",
  "date.bad": "Write a day as 2026-12-05 (or 12-5)",
  "date.badTime": "Write it as 2026-12-05 20:00 (or 12-5 20:00)",
  "date.pick": "Pick a day",
  "date.clear": "Clear the day",
  "date.prevMonth": "Previous month",
  "date.nextMonth": "Next month",
  "date.weekdays": "Mo,Tu,We,Th,Fr,Sa,Su",
  "date.month": "{year}-{month}",
  "coupon.status": "Status",
  "couponStatus.active": "Usable",
  "couponStatus.not_started": "Not started",
  "couponStatus.expired": "Expired",
  "couponStatus.used_up": "Used up",
  "customers.noResults": "No customer matches “{query}”: try the last four digits of the phone or pinyin initials",
  "customers.emptyList": "No customers yet: they are made as orders are taken or imported, or press New customer",
  "products.noResults": "No product matches “{query}”: try the SKU, barcode or pinyin initials",
  "products.noArchived": "No archived products",
  "products.emptyList": "No products yet: press New product, or import a product file under Import / Export",
  "reconcile.nothingOpen": "Nothing left to match: every payment has its order",
  "reconcile.emptyList": "No payments yet: drop a WeChat Pay or Alipay statement above to import it",
};

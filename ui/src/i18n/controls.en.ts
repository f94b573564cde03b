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
};

// 简体中文 strings of the shared controls and of states shown as tags (merged
// into zh-CN.ts).
export const controlsZhCN = {
  "date.hint": "年-月-日",
  "date.hintTime": "年-月-日 时:分",
  "date.bad": "日期写成 2026-12-05（也可以 12-5、12月5日）",
  "date.badTime": "写成 2026-12-05 20:00（也可以 12-5 20:00）",
  "date.pick": "选择日期",
  "date.clear": "清除日期",
  "date.prevMonth": "上个月",
  "date.nextMonth": "下个月",
  "date.weekdays": "一,二,三,四,五,六,日",
  "date.month": "{year}年{month}月",
  "coupon.status": "状态",
  "couponStatus.active": "可用",
  "couponStatus.not_started": "未开始",
  "couponStatus.expired": "已过期",
  "couponStatus.used_up": "已用完",
};

import { describe, expect, it } from "vitest";
import { i18n } from "./i18n.svelte";
import { reminderText } from "./reminder";

const reminder = {
  customer: "阿花",
  phone: "",
  due: "109.50",
  orders: [
    { order_no: "S20261103-0007", placed_at: "2026-11-03 10:00:00", due: "73.00", items: "水蜜桃×2" },
    { order_no: "S20261104-0002", placed_at: "2026-11-04 09:30:00", due: "36.50", items: "" },
  ],
};

describe("reminderText", () => {
  it("lists every unpaid order with the exact amounts, in Chinese", () => {
    i18n.locale = "zh-CN";
    const text = reminderText(reminder);
    expect(text).toContain("阿花 您好");
    expect(text).toContain("2 笔订单还未付款，共 ¥109.50");
    expect(text).toContain("· 11月3日 S20261103-0007（水蜜桃×2）¥73.00");
    expect(text).toContain("· 11月4日 S20261104-0002（—）¥36.50");
  });

  it("follows the language", () => {
    i18n.locale = "en";
    expect(reminderText(reminder)).toContain("· Nov 3 S20261103-0007 (水蜜桃×2) ¥73.00");
    i18n.locale = "zh-CN";
  });
});

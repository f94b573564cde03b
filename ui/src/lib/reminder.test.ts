import { describe, expect, it } from "vitest";
import { i18n } from "./i18n.svelte";
import { arrivalText, reminderText } from "./reminder";

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

describe("arrivalText", () => {
  const group = {
    name: "幸福里自提点",
    leader: "张姐",
    address: "幸福里 3 栋门口",
    items: [],
    orders: [
      { order_no: "S1", customer: "王阿姨", phone_tail: "1234", pickup_code: "482913", items: [{ sku: "TAO-5", name: "水蜜桃", qty: 2, sold_by: "piece" as const, qty_text: "2" }], total: "73.00", due: "0.00" },
      { order_no: "S2", customer: "李姐", phone_tail: "5678", pickup_code: null, items: [{ sku: "PG-1", name: "苹果", qty: 750, sold_by: "jin" as const, qty_text: "1.5斤" }], total: "29.90", due: "29.90" },
    ],
  };

  it("says where the goods are and each buyer's code and what is still due", () => {
    i18n.locale = "zh-CN";
    const text = arrivalText(group, "2026-12-07");
    expect(text).toContain("【到货通知】12月7日的货已到 幸福里自提点（幸福里 3 栋门口）");
    expect(text).toContain("1. 王阿姨（尾号 1234）取货码 482913：水蜜桃×2");
    expect(text).toContain("2. 李姐（尾号 5678）取货码 —：苹果×1.5斤，待付 ¥29.90");
    expect(text.split("\n")).toHaveLength(3);
  });
});

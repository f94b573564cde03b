import { describe, expect, it } from "vitest";
import { en } from "../i18n/en";
import { zhCN } from "../i18n/zh-CN";

describe("catalogues", () => {
  it("have the same keys and no empty text", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const text of [...Object.values(en), ...Object.values(zhCN)]) expect(text.trim()).not.toBe("");
  });
  it("use the same placeholders in both languages", () => {
    const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) expect(vars(en[key])).toEqual(vars(zhCN[key]));
  });
  it("are Chinese first", () => {
    expect(zhCN["nav.orders"]).toBe("订单");
  });
});

import { describe, expect, it } from "vitest";
import type { Entry } from "./bindings";
import { applyChange, chooseCustomer, firstFix, resolvePiece, wordOf } from "./solitaire";

function entry(line: number, over: Partial<Entry> = {}): Entry {
  return {
    line,
    no: String(line),
    text: "",
    customer: "王阿姨",
    customer_id: null,
    customer_match: "new",
    customer_phone: null,
    candidates: [],
    items: [],
    unresolved: [],
    change: null,
    refers_to: null,
    remark: "",
    flags: [],
    flagged: false,
    ...over,
  };
}

describe("接龙 fixes", () => {
  it("reads the word a merchant may remember, without its quantities", () => {
    expect(wordOf("西红柿2斤")).toBe("西红柿");
    expect(wordOf("榴莲5斤1个")).toBe("榴莲");
    expect(wordOf("两箱桃")).toBe("桃");
    expect(wordOf("狗头枣x3")).toBe("狗头枣");
  });

  it("settles a customer on the candidate picked", () => {
    const e = entry(2, { customer_match: "ambiguous", candidates: [{ id: "c9", name: "黄姐", wechat_nick: "", phone: "13811110002", last_order: null, last_order_day: null }] });
    expect(firstFix(e)).toBe("customer");
    expect([e.customer_id, e.customer_match, e.customer_phone]).toEqual(["c9", "existing", "13811110002"]);
  });

  it("turns an unresolved piece into the item the core read for it", () => {
    const e = entry(3, { unresolved: ["西红柿2"] });
    const item = { sku: "FQ-1", qty: 2, sold_by: "piece" as const, qty_text: "2", name: "番茄", text: "西红柿2", ambiguous: false, candidates: [] };
    resolvePiece(e, 0, item);
    expect(e.unresolved).toEqual([]);
    expect(e.items).toEqual([item]);
  });

  it("leaves an ambiguous item's pick to the core, naming the first candidate", () => {
    const candidates = [{ sku: "LZ-5", name: "增城桂味荔枝 5斤装" }];
    const e = entry(4, { items: [{ sku: "", qty: 1, sold_by: "piece", qty_text: "1", name: "", text: "荔枝5斤装*1", ambiguous: true, candidates }] });
    expect(firstFix(e)).toEqual({ item: 0, product: candidates[0] });
    expect(e.items[0]?.ambiguous).toBe(true);
  });

  it("applies a change to the line it refers to, and a cancel removes both", () => {
    const item = { sku: "CJ-5", qty: 3, sold_by: "piece" as const, qty_text: "3", name: "丑橘", text: "丑橘3", ambiguous: false, candidates: [] };
    const first = entry(2, { items: [{ ...item, qty: 1 }] });
    const change = entry(5, { change: "change", refers_to: 2, items: [item] });
    const left = applyChange([first, change], 1);
    expect(left.map((e) => e.line)).toEqual([2]);
    expect(left[0]?.items[0]?.qty).toBe(3);
    const cancel = entry(6, { change: "cancel", refers_to: 2 });
    expect(applyChange([first, cancel], 1)).toEqual([]);
  });

  it("chooses exactly the candidate given", () => {
    const e = entry(4);
    chooseCustomer(e, { id: "c1", name: "王阿姨", wechat_nick: "桃花朵朵", phone: "", last_order: null, last_order_day: null });
    expect([e.customer_id, e.customer_phone]).toEqual(["c1", null]);
  });
});

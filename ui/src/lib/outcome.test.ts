import { errorText, whyText } from "./api";
import { describe, expect, it, vi } from "vitest";
import { Outcome } from "./outcome.svelte";

describe("Outcome", () => {
  it("keeps the note of a success and runs what follows it", async () => {
    const o = new Outcome();
    const after = vi.fn();
    expect(await o.run(async () => "已开团", after)).toBe(true);
    expect([o.note, o.failure]).toEqual(["已开团", ""]);
    expect(after).toHaveBeenCalledOnce();
  });

  it("words a core error in the merchant's language and skips what follows", async () => {
    const o = new Outcome();
    const after = vi.fn();
    const refused = { kind: "third_level", message: "distribution allows two levels only", field: null, line: null, args: { name: "小美" } };
    expect(await o.run(() => Promise.reject(refused), after)).toBe(false);
    expect([o.note, o.failure]).toEqual(["", "分销只允许两级：小美 已有上级，他发展的人会成为第三级"]);
    expect(after).not.toHaveBeenCalled();
  });
});

describe("errorText", () => {
  it("names what was not found in Chinese, and falls back to the core's text for an unknown kind", () => {
    const missing = { kind: "not_found", message: "order not found: S1", field: null, line: null, args: { entity: "order", key: "S1" } };
    expect(errorText(missing)).toBe("找不到订单「S1」");
    const other = { kind: "something_new", message: "as the core says it", field: null, line: null, args: {} };
    expect(errorText(other)).toBe("as the core says it");
  });

  it("words the codes inside a refusal's arguments: what it is, a status", () => {
    const refuse = (kind: string, args: Record<string, string>) => ({ kind, message: "x", field: null, line: null, args });
    expect(errorText(refuse("name_required", { what: "product" }))).toBe("商品要有名称");
    expect(errorText(refuse("status_step", { order: "S1", from: "fulfilled", to: "paid" }))).toBe("订单 S1 现在是「已发货」，不能直接改为「已付款」");
    expect(errorText(refuse("group_closed", { name: "3人团", group_status: "failed" }))).toBe("拼团「3人团」已结束（未成团）");
  });
});

describe("a file error", () => {
  const bad = (args: Record<string, string>) => ({ kind: "bad_file", message: "x", field: null, line: null, args });

  it("names the place as far as the core knows it, and words a known reason in Chinese", () => {
    expect(errorText(bad({ file: "账单.csv", line: "41", column: "9", why: "cut_short", message: "the file stops…" }))).toBe(
      "账单.csv 第 41 行第 9 列：文件在这一行中途断了，像是下载或复制没有完成：请重新导出或下载这个文件",
    );
    expect(errorText(bad({ file: "空.csv", why: "empty", message: "the file is empty" }))).toBe("空.csv：文件是空的");
    expect(errorText(bad({ file: "a.csv", line: "1", why: "no_rows", message: "x" }))).toBe("a.csv 第 1 行：只有表头，下面没有数据：没有可导入的内容");
  });

  it("words a reason about one cell with the cell quoted", () => {
    expect(errorText(bad({ file: "a.csv", line: "3", column: "3", why: "not_an_amount", cell: "三十", message: "not an amount in yuan" }))).toBe("a.csv 第 3 行第 3 列：「三十」不是金额（以元为单位，最多两位小数）");
    expect(whyText({ code: "no_such_order", order: "S1" }, "no order")).toBe("店铺里没有订单「S1」");
    expect(whyText(null, "as the core says it")).toBe("as the core says it");
  });

  it("keeps the core's own text for a reason it has no code for", () => {
    expect(errorText(bad({ file: "a.csv", line: "3", column: "6", message: "not an amount: \"abc\"" }))).toBe('a.csv 第 3 行第 6 列：not an amount: "abc"');
  });
});

import { describe, expect, it } from "vitest";
import { amountOk, parseQty } from "./entry";

describe("order entry", () => {
  it("reads a count after the product", () => {
    expect(parseQty("桃*3")).toEqual({ text: "桃", qty: 3 });
    expect(parseQty("smt x 2")).toEqual({ text: "smt", qty: 2 });
    expect(parseQty("6901234567001")).toEqual({ text: "6901234567001", qty: 1 });
    expect(parseQty("SKU-X1")).toEqual({ text: "SKU-X1", qty: 1 });
    expect(parseQty("桃x3")).toEqual({ text: "桃", qty: 3 });
    expect(parseQty("*3")).toEqual({ text: "*3", qty: 1 });
  });
  it("accepts yuan as people type them and nothing else", () => {
    expect(["36", "36.5", "36.50", "0"].every(amountOk)).toBe(true);
    expect(["", "-1", "3.333", "abc", "1e3"].some(amountOk)).toBe(false);
  });
});

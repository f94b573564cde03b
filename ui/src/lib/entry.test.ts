import { describe, expect, it } from "vitest";
import { amountOk, grams, inUnit, lineFen, parseQty } from "./entry";

describe("order entry", () => {
  it("reads a count after the product", () => {
    expect(parseQty("桃*3")).toEqual({ text: "桃", qty: 3, weight: null });
    expect(parseQty("smt x 2")).toEqual({ text: "smt", qty: 2, weight: null });
    expect(parseQty("6901234567001")).toEqual({ text: "6901234567001", qty: 1, weight: null });
    expect(parseQty("SKU-X1")).toEqual({ text: "SKU-X1", qty: 1, weight: null });
    expect(parseQty("桃x3")).toEqual({ text: "桃", qty: 3, weight: null });
    expect(parseQty("*3")).toEqual({ text: "*3", qty: 1, weight: null });
  });
  it("reads a weight after the product", () => {
    expect(parseQty("苹果 2.35")).toEqual({ text: "苹果", qty: 1, weight: "2.35" });
    expect(parseQty("苹果*2.35斤")).toEqual({ text: "苹果", qty: 1, weight: "2.35斤" });
    expect(parseQty("牛肉 500 克")).toEqual({ text: "牛肉", qty: 1, weight: "500克" });
    expect(parseQty("iPhone 15")).toEqual({ text: "iPhone 15", qty: 1, weight: null });
  });
  it("weighs in whole grams and prices a weight once, half-up", () => {
    expect(grams("2.35", "jin")).toBe(1175);
    expect(grams("500克", "jin")).toBe(500);
    expect(grams("1.2kg", "jin")).toBe(1200);
    expect(grams("2.3511", "jin")).toBeNull();
    expect(grams("0.0005", "kg")).toBeNull();
    expect(grams("2斤", "piece")).toBeNull();
    expect(inUnit(1175, "jin")).toBe("2.35");
    expect(inUnit(1000, "jin")).toBe("2");
    expect(lineFen(1175, 980, "jin")).toBe(2303);
    expect(lineFen(617, 980, "jin")).toBe(1209);
    expect(lineFen(3, 8800, "piece")).toBe(26400);
  });
  it("accepts yuan as people type them and nothing else", () => {
    expect(["36", "36.5", "36.50", "0"].every(amountOk)).toBe(true);
    expect(["", "-1", "3.333", "abc", "1e3"].some(amountOk)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { change, fen, fromFen, MAX_SCROLL_PX, scrollGeometry, share, visibleWindow, yuan } from "./format";

describe("money formatting", () => {
  it("formats exact yuan strings", () => {
    expect(yuan("36.50")).toBe("¥36.50");
    expect(yuan("1234567.05")).toBe("¥1,234,567.05");
    expect(yuan("-0.90")).toBe("-¥0.90");
  });
  it("reads fen without floating point surprises", () => {
    expect(fen("0.29")).toBe(29);
    expect(fen("-12.30")).toBe(-1230);
    expect(fen("100")).toBe(10000);
  });
  it("computes change against the previous period", () => {
    expect(change("150.00", "100.00")).toBe(50);
    expect(change("10.00", "0.00")).toBeNull();
  });
  it("computes a share of a whole", () => {
    expect(share("255.50", "292.00")).toBe(88);
    expect(share("1.00", "0.00")).toBeNull();
  });
});

describe("virtual list window", () => {
  it("renders only the rows on screen plus a margin", () => {
    expect(visibleWindow(0, 400, 40, 1_000_000)).toEqual({ first: 0, last: 20 });
    expect(visibleWindow(40_000, 400, 40, 1_000_000)).toEqual({ first: 990, last: 1020 });
    expect(visibleWindow(0, 400, 40, 5)).toEqual({ first: 0, last: 5 });
  });
});

describe("fromFen", () => {
  it("writes fen back as exact yuan", () => {
    expect(fromFen(3650)).toBe("36.50");
    expect(fromFen(-90)).toBe("-0.90");
    expect(fromFen(0)).toBe("0.00");
    expect(fen(fromFen(123456789))).toBe(123456789);
  });
});

describe("a million-row list", () => {
  it("scrolls to its last row on a spacer a browser can lay out", () => {
    const [rows, height, viewport] = [1_000_000, 36, 600];
    const top = scrollGeometry(0, viewport, height, rows);
    expect(top.height).toBe(MAX_SCROLL_PX);
    expect(top.offset).toBe(0);
    // The scroll bar at its bottom shows the last row, inside the viewport.
    const scrollTop = MAX_SCROLL_PX - viewport;
    const bottom = scrollGeometry(scrollTop, viewport, height, rows);
    const win = visibleWindow(bottom.virtual, viewport, height, rows);
    expect(win.last).toBe(rows);
    const lastTop = (rows - 1) * height - bottom.offset;
    expect(lastTop).toBeGreaterThanOrEqual(scrollTop);
    expect(lastTop + height).toBeLessThanOrEqual(scrollTop + viewport + 0.001);
    // Halfway down is halfway through the orders.
    const middle = scrollGeometry((MAX_SCROLL_PX - viewport) / 2, viewport, height, rows);
    expect(Math.round(middle.virtual / height)).toBe(Math.round((rows * height - viewport) / 2 / height));
  });
  it("leaves a short list as it is", () => {
    expect(scrollGeometry(360, 600, 36, 1000)).toEqual({ height: 36_000, virtual: 360, offset: 0 });
  });
});

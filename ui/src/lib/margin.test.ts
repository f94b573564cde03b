import { describe, expect, it } from "vitest";
import { margin } from "./margin";

describe("margin", () => {
  it("is a whole percent of the price", () => {
    expect(margin(3990, 2250)).toBe("44%");
    expect(margin(1000, 1000)).toBe("0%");
    expect(margin(1000, 1200)).toBe("-20%");
    expect(margin(0, 100)).toBe("—");
  });
});

import { describe, expect, it } from "vitest";
import { hoursOf, parseSchedule, scanned } from "./schedule";

describe("supplier schedules", () => {
  it("reads the core's words back", () => {
    expect(parseSchedule("every 6h")).toEqual({ kind: "every", minutes: 360 });
    expect(parseSchedule("every 2d")).toEqual({ kind: "every", minutes: 2880 });
    expect(parseSchedule("daily 06:00")).toEqual({ kind: "daily", at: "06:00" });
    expect(parseSchedule(null)).toEqual({ kind: "none" });
    expect(parseSchedule("weekly")).toEqual({ kind: "none" });
  });

  it("counts whole hours for the form", () => {
    expect(hoursOf(parseSchedule("every 90m"))).toBe(2);
    expect(hoursOf(parseSchedule("every 10m"))).toBe(1);
    expect(hoursOf(parseSchedule("every 1d"))).toBe(24);
    expect(hoursOf(parseSchedule(""))).toBe(6);
  });
});

describe("receiving scans", () => {
  it("takes a code as one unit and code*n as n", () => {
    expect(scanned("6901234567890")).toEqual({ code: "6901234567890", qty: 1 });
    expect(scanned(" TAO-5*12 ")).toEqual({ code: "TAO-5", qty: 12 });
    expect(scanned("TAO-5*0")).toBeNull();
    expect(scanned("TAO-5*x")).toBeNull();
    expect(scanned("")).toBeNull();
  });
});

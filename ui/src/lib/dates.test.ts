import { describe, expect, it } from "vitest";
import { addMonths, monthGrid, readDay, readDayTime, shownDay } from "./dates";

describe("days as merchants write them", () => {
  it("read every usual way into YYYY-MM-DD", () => {
    for (const text of ["2026-12-05", "2026/12/5", "2026.12.05", "20261205", "2026年12月5日", " 2026-12-5 ", "２０２６-１２-０５"]) {
      expect(readDay(text, 2030), text).toBe("2026-12-05");
    }
    for (const text of ["12-5", "12/05", "12月5日", "12月5号"]) expect(readDay(text, 2026), text).toBe("2026-12-05");
  });
  it("refuse what is not a day", () => {
    for (const text of ["", "2026-02-30", "2026-13-01", "12/05/2026", "1999-01-01", "明天", "2026-12"]) {
      expect(readDay(text, 2026), text).toBeNull();
    }
    expect(readDay("2024-02-29", 2026)).toBe("2024-02-29");
  });
  it("read a day with a time", () => {
    expect(readDayTime("2099-12-31T20:00", 2026)).toBe("2099-12-31T20:00");
    expect(readDayTime("2026-12-05 8:30", 2026)).toBe("2026-12-05T08:30");
    expect(readDayTime("12月5日 20：00", 2026)).toBe("2026-12-05T20:00");
    expect(readDayTime("2026-12-05 24:00", 2026)).toBeNull();
    expect(readDayTime("2026-12-05", 2026)).toBeNull();
    expect(shownDay("2026-12-05T20:00")).toBe("2026-12-05 20:00");
  });
  it("lay out a month Monday first", () => {
    const weeks = monthGrid("2026-12");
    // 1 December 2026 is a Tuesday.
    expect(weeks[0]).toEqual([null, "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"]);
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
  });
});

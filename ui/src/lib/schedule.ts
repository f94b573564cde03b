// A supplier's sync schedule as the core writes it (`every 6h`, `every 90m`,
// `daily 06:00`), read back for the form (which counts hours) and the list.

export type Schedule = { kind: "none" } | { kind: "every"; minutes: number } | { kind: "daily"; at: string };

export function parseSchedule(s: string | null): Schedule {
  const every = /^every (\d+)([mhd])$/.exec(s ?? "");
  if (every) {
    const n = Number(every[1]);
    return { kind: "every", minutes: every[2] === "d" ? n * 1440 : every[2] === "h" ? n * 60 : n };
  }
  const daily = /^daily (\d\d:\d\d)$/.exec(s ?? "");
  const at = daily?.[1];
  return at ? { kind: "daily", at } : { kind: "none" };
}

/** Whole hours for the form's "every N hours" (at least 1). */
export function hoursOf(s: Schedule): number {
  return s.kind === "every" ? Math.max(1, Math.round(s.minutes / 60)) : 6;
}

/** A scanned or typed receiving entry: `CODE` (one unit) or `CODE*N`. */
export function scanned(text: string): { code: string; qty: number } | null {
  const [code = "", n = "1"] = text.trim().split("*");
  const qty = Number(n);
  return code.trim() && Number.isInteger(qty) && qty > 0 ? { code: code.trim(), qty } : null;
}

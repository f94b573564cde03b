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

  it("shows a core error's own message and skips what follows", async () => {
    const o = new Outcome();
    const after = vi.fn();
    const refused = { kind: "third_level", message: "distribution allows two levels only", field: null, line: null };
    expect(await o.run(() => Promise.reject(refused), after)).toBe(false);
    expect([o.note, o.failure]).toEqual(["", "distribution allows two levels only"]);
    expect(after).not.toHaveBeenCalled();
  });
});

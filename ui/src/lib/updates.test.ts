import { describe, expect, it } from "vitest";
import type { UpdateFailure, UpdatePhase } from "./bindings";
import { i18n } from "./i18n.svelte";
import { atStartText, phaseText } from "./updates.svelte";

// Every failure the core can report; the type makes a new one a compile error here.
const failures = { offline: 1, bad_signature: 1, no_package_for_this_system: 1, install_failed: 1, other: 1 } satisfies Record<UpdateFailure, 1>;

describe("update texts", () => {
  it("say every phase and failure in Chinese, with the figures", () => {
    i18n.locale = "zh-CN";
    const phases: UpdatePhase[] = [
      { phase: "not_checked" },
      { phase: "checking" },
      { phase: "up_to_date" },
      { phase: "downloading", version: "1.2.0", got: 3 * 1024 * 1024, total: 12 * 1024 * 1024 },
      { phase: "ready", version: "1.2.0", notes: "" },
      ...Object.keys(failures).map((reason) => ({ phase: "failed", reason, detail: "端口 443" }) as UpdatePhase),
    ];
    for (const p of phases) expect(phaseText(p)).not.toMatch(/update\.|\{\w+\}/);
    for (const reason of Object.keys(failures) as UpdateFailure[])
      expect(atStartText({ outcome: "discarded", version: "1.2.0", reason, detail: "x" })).not.toMatch(/update\.|\{\w+\}/);
    expect(phaseText({ phase: "downloading", version: "1.2.0", got: 3 * 1024 * 1024, total: 12 * 1024 * 1024 })).toContain("3.0 MB / 12.0 MB");
    expect(phaseText({ phase: "failed", reason: "install_failed", detail: "端口 443" })).toContain("端口 443");
  });
  it("say what the start did with the waiting package", () => {
    i18n.locale = "zh-CN";
    expect(atStartText({ outcome: "installed", from: "1.1.0", to: "1.2.0" })).toBe("已更新：1.1.0 → 1.2.0。");
    expect(atStartText({ outcome: "discarded", version: "1.2.0", reason: "bad_signature", detail: "" })).toBe("新版本 1.2.0 没有安装：更新包签名不对，可能已损坏或被改动，已丢弃。请从官方渠道下载安装包。");
  });
});

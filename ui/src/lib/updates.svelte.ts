// The app's own updates as the window knows them: read once, then kept
// current by the core's `update-status` events (checking, download
// progress, ready, failed).
import { listen } from "@tauri-apps/api/event";
import { api } from "./api";
import type { AtStart, UpdatePhase, UpdateStatus } from "./bindings";
import { bytes } from "./format";
import { t, type Key } from "./i18n.svelte";

export const updates = $state<{ status: UpdateStatus | null }>({ status: null });

let watching = false;

/** Starts following the updates (once, whoever asks first). */
export function watchUpdates(): void {
  if (watching) return;
  watching = true;
  void api.updateStatus().then(
    (s) => (updates.status = s),
    () => {},
  );
  void listen<UpdateStatus>("update-status", (e) => (updates.status = e.payload));
}

/** One line for where this run's check stands. */
export function phaseText(phase: UpdatePhase): string {
  switch (phase.phase) {
    case "downloading": {
      const got = phase.total ? `${bytes(phase.got)} / ${bytes(phase.total)}` : bytes(phase.got);
      return t("update.downloading", { version: phase.version, got });
    }
    case "ready":
      return t("update.ready", { version: phase.version });
    case "failed":
      return t(`update.failed.${phase.reason}` as Key, { detail: phase.detail });
    default:
      return t(`update.${phase.phase}` as Key);
  }
}

/** What this start did with the package the last run left. */
export function atStartText(done: AtStart): string {
  if (done.outcome === "installed") return t("update.installed", { from: done.from, to: done.to });
  const why = t(`update.why.${done.reason}` as Key, { detail: done.detail });
  return `${t("update.discarded", { version: done.version })}${why}`;
}

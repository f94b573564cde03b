// A pasted 接龙 and the fixes made to it survive switching screens and even
// closing the app, until its orders are created or it is cleared.
import type { Entry } from "../../lib/bindings";

const KEY = "storefront.solitaire.draft";

/** `arrives`: the day the goods arrive (`YYYY-MM-DD`, "" for the day of the list). */
export type Draft = { text: string; entries: Entry[]; read: boolean; arrives: string };

function restore(): Draft {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved) return { arrives: "", ...(JSON.parse(saved) as Partial<Draft>) } as Draft;
  } catch {
    // A damaged draft is dropped rather than breaking the screen.
  }
  return { text: "", entries: [], read: false, arrives: "" };
}

export const draft = $state<Draft>(restore());

export function saveDraft(): void {
  if (draft.text || draft.entries.length) localStorage.setItem(KEY, JSON.stringify(draft));
  else localStorage.removeItem(KEY);
}

export function clearDraft(): void {
  draft.text = "";
  draft.entries = [];
  draft.read = false;
  draft.arrives = "";
  saveDraft();
}

/** The lines before the first numbered one: the list's header. */
export function headerOf(text: string): string[] {
  const lines = text.split("\n");
  const first = lines.findIndex((l) => /^\s*[\d０-９]+\s*[.、)）:：,，．\s-]/u.test(l));
  return first < 0 ? lines : lines.slice(0, first);
}

// User preferences (language, theme, last screen, window size) live in
// tauri-plugin-store's file; business data never does.
import { load, type Store } from "@tauri-apps/plugin-store";

export type Prefs = {
  locale: "zh-CN" | "en";
  theme: "light" | "dark";
  screen: string;
  width: number;
  height: number;
  welcomed: boolean;
};

const defaults: Prefs = { locale: "zh-CN", theme: "light", screen: "dashboard", width: 1280, height: 800, welcomed: false };

let store: Store | null = null;

export async function loadPrefs(): Promise<Prefs> {
  store = await load("prefs.json", { defaults: { ...defaults }, autoSave: false });
  const prefs = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof Prefs)[]) {
    const value = await store.get(key);
    if (value !== undefined && value !== null) Object.assign(prefs, { [key]: value });
  }
  return prefs;
}

/** Sets and writes at once: a preference survives even a killed app. */
export async function savePref<K extends keyof Prefs>(key: K, value: Prefs[K]): Promise<void> {
  await store?.set(key, value);
  await store?.save();
}

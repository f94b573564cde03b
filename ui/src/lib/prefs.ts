// User preferences (language, theme, last screen, window size) live in
// tauri-plugin-store's file, read and written by the app's own commands;
// business data never does.
import { invoke } from "@tauri-apps/api/core";

export type Prefs = {
  locale: "zh-CN" | "en";
  theme: "light" | "dark";
  screen: string;
  width: number;
  height: number;
  welcomed: boolean;
  /** Which colour a rising figure takes: red (the Chinese way), green, or by the language. */
  rise: "auto" | "red" | "green";
};

const defaults: Prefs = { locale: "zh-CN", theme: "light", screen: "dashboard", width: 1280, height: 800, welcomed: false, rise: "auto" };

export async function loadPrefs(): Promise<Prefs> {
  const saved = await invoke<Partial<Prefs>>("prefs_load");
  return { ...defaults, ...saved };
}

/** Sets and writes at once: a preference survives even a killed app. */
export async function savePref<K extends keyof Prefs>(key: K, value: Prefs[K]): Promise<void> {
  await invoke("pref_save", { key, value });
}

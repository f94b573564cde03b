// User preferences (language, theme, last screen, window size) live in
// tauri-plugin-store's file, read and written by the app's own commands;
// business data never does.
import { commands } from "./commands";

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
  // The store file is plain JSON: what it holds is taken as the preferences it was written as.
  const saved = (await commands.prefsLoad()) as Partial<Prefs>;
  return { ...defaults, ...saved };
}

/** Sets and writes at once: a preference survives even a killed app. */
export async function savePref<K extends keyof Prefs>(key: K, value: Prefs[K]): Promise<void> {
  await commands.prefSave(key, value);
}

// The live language: switching it re-renders every label at once.
import { en } from "../i18n/en";
import { zhCN } from "../i18n/zh-CN";
import type { ErrorCode } from "./bindings";

export type Locale = "zh-CN" | "en";
export type Key = keyof typeof zhCN;

const catalogues: Record<Locale, Record<Key, string>> = { "zh-CN": zhCN, en };

/** The sentence for each error the core can send: a new code without one
 * in zh-CN.ts (and so in en.ts) fails the type check here. */
export const errorKey = (code: ErrorCode): Key => `error.${code}` satisfies Key;

export const i18n = $state<{ locale: Locale }>({ locale: "zh-CN" });

/** The text for `key` in the current language, with `{name}` filled in. */
export function t(key: Key, vars: Record<string, string | number> = {}): string {
  const text = catalogues[i18n.locale][key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** A label for a value from the core (`status.paid`), or the raw value. */
export function label(prefix: string, value: string): string {
  const key = `${prefix}.${value}` as Key;
  return key in catalogues[i18n.locale] ? t(key) : value;
}

export function catalogue(locale: Locale): Record<Key, string> {
  return catalogues[locale];
}

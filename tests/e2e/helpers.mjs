// What the end-to-end tests share: launching the real app through
// tauri-driver and reading its page in few WebDriver round trips.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { remote } from "webdriverio";

export const APP = process.env.STOREFRONT_APP;
export const CLI = process.env.STOREFRONT_CLI;
export const SHOTS = process.env.SCREENSHOTS ?? join(import.meta.dirname, "screenshots");
mkdirSync(SHOTS, { recursive: true });

/** Starts the app on the shop database `db` and returns the session. */
export async function launch(db, args = []) {
  const options = {
    hostname: "127.0.0.1",
    port: 4444,
    logLevel: "warn",
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: APP, args: ["--db", db, ...args] },
    },
  };
  try {
    return await remote(options);
  } catch (e) {
    // Once in CI the app died as it started, GTK failing to reach the X
    // display, and the new session never answered: start it once more,
    // and say so.
    console.log(`the app did not start (${e.message}); starting it again`);
    return remote(options);
  }
}

export async function byTestId(app, id, timeout = 15000) {
  const el = await app.$(`[data-testid="${id}"]`);
  await el.waitForExist({ timeout });
  return el;
}

export async function openScreen(app, id) {
  const button = await app.$(`button[data-screen="${id}"]`);
  await button.waitForExist({ timeout: 30000 });
  await button.click();
  await byTestId(app, `screen-${id}`);
}

/** Reads the page in one round trip (WebDriver calls per element are slow). */
export function dom(app, fn, ...args) {
  return app.execute(fn, ...args);
}

/** A virtual list's total as it stands (0 until its first page arrives). */
export function totalOf(app, id) {
  return dom(app, (id) => Number(document.querySelector(`[data-testid="${id}"]`)?.getAttribute("data-total") ?? 0), id);
}

/** Waits until the list's total satisfies `ok`, and returns it. */
export async function listTotal(app, id, ok = (n) => n > 0) {
  let n = 0;
  await app.waitUntil(async () => ok((n = await totalOf(app, id))), { timeout: 15000, interval: 100 });
  return n;
}

/** The text of column `col` in the list's first row. */
export function firstCell(app, id, col) {
  return dom(app, (id, col) => document.querySelector(`[data-testid="${id}"] .vrow > :nth-child(${col})`)?.textContent?.trim() ?? "", id, col);
}

/** Waits until the first row's column `col` satisfies `ok` (rows render just after the total). */
export async function waitCell(app, id, col, ok) {
  let text = "";
  await app.waitUntil(async () => ok((text = await firstCell(app, id, col))), { timeout: 10000, interval: 100 });
  return text;
}

export function navText(app, screen) {
  return dom(app, (s) => document.querySelector(`button[data-screen="${s}"]`)?.textContent ?? "", screen);
}

export function rowCount(app) {
  return dom(app, () => document.querySelectorAll("table.grid tbody tr").length);
}

/** `storefront --db DB --json ARGS…` as a function of its arguments, its
 * JSON output read: how a test sets a shop up and checks it, as a merchant's
 * script would. */
export function cliOf(db) {
  return (...args) => JSON.parse(execFileSync(CLI, ["--db", db, "--json", ...args], { encoding: "utf8" }));
}

/** A function writing a file of `text` named `name` into `dir`; its path. */
export function writerIn(dir) {
  return (name, text) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
}

/** Types `text` into whatever has the focus (as one send-keys: a run of
 * key actions drops a repeated key such as the `00` of a barcode), then
 * presses the keys. */
export async function typeIn(app, text, ...keys) {
  const focused = await app.$(await app.getActiveElement());
  await focused.addValue(text);
  if (keys.length) await app.keys(keys);
}

/** Puts `text` in the box with test id `id` as a paste from WeChat does:
 * the whole text at once, line breaks and all. */
export async function paste(app, id, text) {
  await byTestId(app, id);
  await dom(app, (id, text) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    el.value = text;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, id, text);
}

/** Opens order `no`'s panel from the order list, found by its number. */
export async function openOrder(app, no) {
  await openScreen(app, "orders");
  await (await byTestId(app, "orders-tab-list")).click();
  await (await byTestId(app, "orders-search")).setValue(no);
  await app.keys(["Enter"]);
  await (await byTestId(app, `pick-${no}`)).waitForExist({ timeout: 5000 });
  await (await app.$(`[data-testid="orders-list"] .vrow .mono`)).click();
}

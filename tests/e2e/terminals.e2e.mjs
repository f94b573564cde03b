// Several terminals, one shop, in the real window against a real
// PostgreSQL: the shop published from 设置 → 多终端 after a connection test;
// a second terminal (the CLI on its own shop file) joins and takes an order
// that shows in this window's order list; with the server stopped the chip
// says offline and the changes wait, and they go once it is back; a server
// holding a newer version's shop stops the sync with the reason written out.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync, spawn } from "node:child_process";
import { remote } from "webdriverio";
import { APP, byTestId, CLI, cliOf, dom, launch, openOrder, openScreen, SHOTS, typeIn, writerIn } from "./helpers.mjs";
import { startPostgres } from "./postgres.mjs";

const dir = mkdtempSync(join(tmpdir(), "storefront-e2e-terminals-"));
const db = join(dir, "shop.db");
const helperDb = join(dir, "pickup.db");
const cli = cliOf(db);
const helper = cliOf(helperDb);
const file = writerIn(dir);
let app;
let pg;

const PRODUCTS = `Handle,Title,Type,Variant SKU,Variant Price,Cost per item,Variant Inventory Qty
peach,水蜜桃,生鲜水果,TAO-1,29.90,18.00,100
`;

before(async () => {
  pg = await startPostgres();
  pg.createdb("shop");
  cli("products", "import", file("products.csv", PRODUCTS));
  app = await launch(db);
});

after(async () => {
  await app?.deleteSession();
  pg?.close();
});

const chip = () =>
  dom(app, () => {
    const c = document.querySelector('[data-testid="sync-chip"]');
    return c ? { state: c.getAttribute("data-state"), pending: Number(c.getAttribute("data-pending")) } : null;
  });

/** The CLI's JSON, its refusals kept off the test's output (for polling). */
const quietly = (shop, ...args) =>
  JSON.parse(execFileSync(CLI, ["--db", shop, "--json", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));

/** Polls `f` (a CLI call that throws until it succeeds) for up to `ms`. */
async function eventually(f, ms = 10000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return f();
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

test("the shop is published from 设置 → 多终端 after a connection test", async () => {
  await openScreen(app, "settings");
  await (await byTestId(app, "terminals-url")).setValue(pg.url("shop"));
  await (await byTestId(app, "terminals-test")).click();
  const note = await byTestId(app, "terminals-note");
  await app.waitUntil(async () => (await note.getText()).includes("空"), { timeout: 10000, timeoutMsg: "the test says the database is empty" });
  await (await byTestId(app, "terminals-publish")).click();
  const server = await byTestId(app, "terminals-server", 30000);
  assert.equal(await server.getText(), pg.url("shop"));
  assert.equal(await (await byTestId(app, "terminals-name")).getText(), "总店");
  assert.equal(cli("shop", "status").server, pg.url("shop"));
  await app.waitUntil(async () => (await chip())?.state === "online", { timeout: 10000, timeoutMsg: "the chip shows the shop synced" });
  await app.saveScreenshot(join(SHOTS, "terminals-published.png"));
});

test("an order taken on another terminal shows in this window's list", async () => {
  helper("shop", "join", "--server", pg.url("shop"), "--terminal", "自提点");
  const no = helper("orders", "add", "--customer", "自提点客人", "--line", "TAO-1:2").order_no;
  assert.match(no, /-B\d{4}$/, "the second terminal's numbers carry its letter");
  const started = Date.now();
  helper("shop", "sync");
  // The window's background sync pulls it within a couple of seconds.
  await eventually(() => quietly(db, "orders", "show", no));
  console.log(`propagation: ${Date.now() - started} ms from the other terminal's sync to this shop`);
  await openOrder(app, no);
  await app.saveScreenshot(join(SHOTS, "terminals-pulled-order.png"));
  assert.equal(cli("check").ok, true);
});

test("with the server stopped the chip says offline, changes wait, and go when it is back", async () => {
  pg.stop();
  await app.waitUntil(async () => (await chip())?.state === "offline", { timeout: 15000, timeoutMsg: "the chip says offline" });
  const no = cli("orders", "add", "--customer", "断网客人", "--line", "TAO-1:1").order_no;
  await app.waitUntil(async () => (await chip())?.pending > 0, { timeout: 10000, timeoutMsg: "the change waits" });
  await app.saveScreenshot(join(SHOTS, "terminals-offline.png"));
  pg.start();
  await app.waitUntil(async () => {
    const c = await chip();
    return c?.state === "online" && c.pending === 0;
  }, { timeout: 20000, timeoutMsg: "back online, nothing waiting" });
  helper("shop", "sync");
  assert.equal(helper("orders", "show", no).order.order_no, no);
  assert.deepEqual(helper("shop", "digest"), cli("shop", "digest"));
});

test("a server holding a newer version's shop stops the sync with the reason written out, and it goes on once they match", async () => {
  const ours = pg.psql("shop", "SELECT value FROM storefront_meta WHERE key = 'schema_version'");
  const say = (v) => pg.psql("shop", `UPDATE storefront_meta SET value = '${v}' WHERE key = 'schema_version'`);
  say(Number(ours) + 1);
  const no = cli("orders", "add", "--customer", "换版本客人", "--line", "TAO-1:1").order_no;
  await app.waitUntil(async () => (await chip())?.state === "stopped", { timeout: 15000, timeoutMsg: "the chip says the sync stopped" });
  const why = await (await byTestId(app, "sync-chip-why")).getText();
  assert.match(why, /每台终端请用同一版本/, why);
  assert.ok((await chip()).pending > 0, "the order waits here");
  await app.saveScreenshot(join(SHOTS, "terminals-stopped.png"));
  say(ours);
  await app.waitUntil(async () => {
    const c = await chip();
    return c?.state === "online" && c.pending === 0;
  }, { timeout: 20000, timeoutMsg: "syncing again, nothing waiting" });
  helper("shop", "sync");
  assert.equal(helper("orders", "show", no).order.order_no, no);
});

test("a name changed on both terminals is listed as a conflict and settled in 设置 → 多终端", async () => {
  // Changed on both sides while neither has the other's change: whichever
  // push comes second overwrites the first, and the server lists it.
  pg.stop();
  cli("shop", "set", "--name", "总店的店名");
  pg.start();
  helper("shop", "set", "--name", "自提点的店名");
  helper("shop", "sync");
  const listed = await eventually(() => {
    const c = quietly(db, "shop", "conflicts");
    if (!c.length) throw new Error("no conflict yet");
    return c;
  }, 15000);
  const seq = listed[0].seq;
  const lost = listed[0].lost_row.value;
  await openScreen(app, "dashboard");
  await openScreen(app, "settings");
  const restore = await byTestId(app, `conflict-restore-${seq}`);
  await restore.scrollIntoView();
  await app.saveScreenshot(join(SHOTS, "terminals-conflict.png"));
  await restore.click();
  await byTestId(app, "terminals-note");
  assert.deepEqual(cli("shop", "conflicts"), []);
  // The restored name goes out with the window's next sync.
  await eventually(() => {
    helper("shop", "sync");
    if (helper("shop", "show").name !== lost) throw new Error("not there yet");
  }, 15000);
  assert.equal(cli("shop", "show").name, lost);
});

/** A second window of the app, through a tauri-driver of its own (one
 * driver runs one app; the first's WebKitWebDriver has 4445), on the shop
 * file `shop`. */
async function secondWindow(shop) {
  const home = mkdtempSync(join(tmpdir(), "storefront-e2e-home2-"));
  const driver = spawn("tauri-driver", ["--port", "4447", "--native-port", "4448", "--native-driver", "/usr/bin/WebKitWebDriver"], {
    env: { ...process.env, HOME: home, XDG_DATA_HOME: join(home, "data"), XDG_CONFIG_HOME: join(home, "config") },
    stdio: "ignore",
  });
  await new Promise((r) => setTimeout(r, 1000));
  const window = await remote({
    hostname: "127.0.0.1",
    port: 4447,
    logLevel: "warn",
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: APP, args: ["--db", shop] },
    },
  });
  return { window, close: async () => { await window.deleteSession(); driver.kill(); } };
}

test("an order typed in one window shows in the other window's list", async () => {
  const second = await secondWindow(helperDb);
  try {
    await openScreen(app, "orders");
    await app.keys(["F2"]);
    await byTestId(app, "entry-customer");
    await app.waitUntil(async () => (await dom(app, () => document.activeElement?.getAttribute("data-testid"))) === "entry-customer", { timeout: 5000 });
    await typeIn(app, "两窗客人", "Enter");
    await (await byTestId(app, "entry-product")).click();
    await typeIn(app, "水蜜桃");
    await byTestId(app, "product-hits");
    await app.keys(["Enter"]);
    await byTestId(app, "entry-line-total");
    await app.keys(["Control", "Enter"]);
    const no = /S\d{8}-\d{4}/.exec(await (await byTestId(app, "entry-saved")).getText())[0];
    const typed = Date.now();
    // The first window pushes it, the second pulls it, each within a second.
    await eventually(() => quietly(helperDb, "orders", "show", no), 15000);
    console.log(`propagation between the windows: ${Date.now() - typed} ms`);
    await openOrder(second.window, no);
    await second.window.saveScreenshot(join(SHOTS, "terminals-second-window.png"));
    assert.equal(await (await byTestId(second.window, `pick-${no}`)).isExisting(), true);
  } finally {
    await second.close();
  }
});

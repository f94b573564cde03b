// Several terminals, one shop, in the real window against a real
// PostgreSQL: the shop published from 设置 → 多终端 after a connection test;
// a second terminal (the CLI on its own shop file) joins and takes an order
// that shows in this window's order list; with the server stopped the chip
// says offline and the changes wait, and they go once it is back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { byTestId, CLI, cliOf, dom, launch, openOrder, openScreen, SHOTS, writerIn } from "./helpers.mjs";
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

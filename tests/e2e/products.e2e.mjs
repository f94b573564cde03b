// The catalog in the real window: a new product typed in 商品与库存 gets
// its SKUs made from its name, every variant field fits the panel, and the
// list filters by category and by 上架/下架; a 临期 batch is marked down
// with a flash price and an expired one written off.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { byTestId, cliOf, dom, launch, openScreen, SHOTS } from "./helpers.mjs";

const dir = mkdtempSync(join(tmpdir(), "storefront-e2e-products-"));
const db = join(dir, "shop.db");
let app;

const cli = cliOf(db);

before(async () => {
  // A shop with something in it opens on its screens, not the welcome.
  cli("products", "import", writeCsv());
  app = await launch(db);
});

after(async () => {
  await app?.deleteSession();
});

/** Sets an input the way typing does (one event, the page's own). */
function fill(el, value) {
  return dom(app, (el, value) => {
    el.value = value;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, el, value);
}

test("a new product gets its SKUs from its name, shows every field, and the list filters by category and shelf", async () => {
  await openScreen(app, "products");
  await (await byTestId(app, "product-new")).click();
  await fill(await byTestId(app, "pf-name"), "烟台红富士苹果");
  await fill(await byTestId(app, "pf-category"), "水果");
  await (await app.$("button=添加一行规格")).click();
  await (await byTestId(app, "pf-auto-sku")).click();
  await app.waitUntil(async () => (await dom(app, () => [...document.querySelectorAll('[data-testid="pf-sku"]')].map((i) => i.value).join(","))) === "YTHFSP-1,YTHFSP-2", { timeout: 5000 });
  const prices = await app.$$('[data-testid="pf-price"]');
  const costs = await app.$$('[data-testid="pf-cost"]');
  await fill(prices[0], "29.90");
  await fill(costs[0], "15.00");
  await fill(prices[1], "55.00");
  await fill(costs[1], "30.00");
  // Every field of a variant inside the panel (none cut off on the right).
  const outside = await dom(app, () => {
    const panel = document.querySelector('[data-testid="product-form"]').getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid="pf-variant"] input, [data-testid="pf-variant"] output')]
      .filter((el) => el.getBoundingClientRect().right > panel.right + 1).length;
  });
  assert.equal(outside, 0, "every variant field fits the panel");
  assert.equal(await (await app.$('[data-testid="pf-margin"]')).getText(), "50%");
  await app.saveScreenshot(join(SHOTS, "product-form.png"));
  await (await byTestId(app, "pf-save")).click();
  await app.waitUntil(async () => cli("products", "list").total === 3, { timeout: 5000 });
  assert.deepEqual(cli("products", "list", "--category", "水果").products.map((p) => p.sku), ["YTHFSP-1", "YTHFSP-2"]);

  // One category.
  const category = await byTestId(app, "products-category");
  await app.waitUntil(async () => (await dom(app, () => document.querySelector('[data-testid="products-category"]').options.length)) >= 2, { timeout: 5000 });
  await dom(app, () => {
    const s = document.querySelector('[data-testid="products-category"]');
    s.value = "水果";
    s.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await app.waitUntil(async () => (await dom(app, () => document.querySelector('[data-testid="products-list"]')?.getAttribute("data-total"))) === "2", { timeout: 5000 });
  assert.ok(await category.isExisting());
  // The name whole beside its size (a cut name hides which box it is).
  const cut = await dom(app, () => [...document.querySelectorAll('[data-testid="products-list"] .vrow button.link:not(.muted)')].filter((b) => b.scrollWidth > b.clientWidth).length);
  assert.equal(cut, 0, "no product name is cut");
  await app.saveScreenshot(join(SHOTS, "products-list.png"));
  // Off sale, then the 下架 side of the shelf.
  await (await app.$("button=烟台红富士苹果")).click();
  await (await app.$("button=下架")).click();
  await app.waitUntil(async () => (await dom(app, () => document.querySelector('[data-testid="products-list"]')?.getAttribute("data-total"))) === "0", { timeout: 5000 });
  await dom(app, () => {
    const s = document.querySelector('[data-testid="products-shelf"]');
    s.value = "off";
    s.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await app.waitUntil(async () => (await dom(app, () => document.querySelector('[data-testid="products-list"]')?.getAttribute("data-total"))) === "2", { timeout: 5000 });
  assert.equal(await (await byTestId(app, "shelf-YTHFSP-1")).getText(), "下架");
  assert.equal(cli("products", "list", "--shelf", "off").total, 2);
});

test("a 临期 batch is marked down until it expires, and an expired one written off", async () => {
  const today = cli("picklist").day;
  const day = (n) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
  cli("stock", "receive", "JD-30", "12", "--expires", day(1), "--batch", "D12");
  cli("stock", "receive", "JD-30", "3", "--expires", day(-1));
  await openScreen(app, "products");
  await (await byTestId(app, "products-tab-expiring")).click();
  await byTestId(app, "expiring");
  await app.waitUntil(async () => (await dom(app, () => document.querySelectorAll('[data-testid="expiring-JD-30"]').length)) === 2, { timeout: 5000 });
  await app.saveScreenshot(join(SHOTS, "expiring.png"));
  // The expired batch (first) has no mark-down, only its write-off.
  await (await byTestId(app, "writeoff-JD-30")).click();
  assert.match(await (await byTestId(app, "expiring-done")).getText(), /土鸡蛋 已报损 3 件/);
  await app.waitUntil(async () => (await dom(app, () => document.querySelectorAll('[data-testid="expiring-JD-30"]').length)) === 1, { timeout: 5000 });
  await (await byTestId(app, "markdown-price-JD-30")).setValue("29.90");
  await (await byTestId(app, "markdown-JD-30")).click();
  assert.match(await (await byTestId(app, "expiring-done")).getText(), /限时价 ¥29\.90/);
  const left = cli("stock", "expiring", "--days", "3").batches;
  assert.deepEqual(left.map((b) => [b.batch, b.qty]), [["D12", 12]]);
  // The next order pays the flash price.
  const no = cli("orders", "add", "--customer", "临期客人", "--line", "JD-30:1").order_no;
  assert.equal(cli("orders", "show", no).order.total, "29.90");
  assert.equal(cli("check").ok, true);
});

function writeCsv() {
  const path = join(dir, "eggs.csv");
  writeFileSync(path, "Handle,Title,Type,Variant SKU,Variant Price\neggs,土鸡蛋,禽蛋,JD-30,39.00\n");
  return path;
}

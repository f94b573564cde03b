// Goods sold by weight in the real window: a weighed sale typed with the
// keyboard (`苹果 2.35`) priced to the fen, the order re-weighed at the
// pickup point (实称) with the difference shown, and the product form's
// 计价单位. The shop is checked through the CLI after each step.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { byTestId, cliOf, dom, launch, openOrder, openScreen, paste, SHOTS, typeIn, writerIn } from "./helpers.mjs";

const dir = mkdtempSync(join(tmpdir(), "storefront-e2e-weighed-"));
const db = join(dir, "shop.db");
let app;

const cli = cliOf(db);

const file = writerIn(dir);

// 苹果 at ¥9.80 a 斤 with 50斤 on the shelf; 礼盒 by the piece.
const PRODUCTS = `Handle,Title,Type,Variant SKU,Variant Price,Cost per item,Variant Inventory Qty,Sold By
apple,散称苹果,生鲜水果,PG-J,9.80,5.00,50,斤
gift,水果礼盒,礼盒,LH-1,88.00,50.00,10,件
`;

before(async () => {
  cli("products", "import", file("products.csv", PRODUCTS));
  app = await launch(db);
});

after(async () => {
  await app?.deleteSession();
});

const type = (text, ...keys) => typeIn(app, text, ...keys);

let sold = "";

test("a weighed sale typed by keyboard is priced per 斤 to the fen", async () => {
  await openScreen(app, "orders");
  await app.keys(["F2"]);
  await byTestId(app, "entry-customer");
  await app.waitUntil(async () => (await dom(app, () => document.activeElement?.getAttribute("data-testid"))) === "entry-customer", { timeout: 5000 });
  await type("称重客人", "Enter");
  await (await byTestId(app, "entry-product")).click();
  await type("苹果 2.35");
  await byTestId(app, "product-hits");
  await app.keys(["Enter"]);
  const lineTotal = await byTestId(app, "entry-line-total");
  await app.waitUntil(async () => (await lineTotal.getText()) === "¥23.03", { timeout: 5000 });
  assert.equal(await (await byTestId(app, "entry-weight")).getValue(), "2.35");
  await app.waitUntil(async () => (await dom(app, () => document.querySelector('[data-testid="entry-total"]')?.textContent)) === "¥23.03", {
    timeout: 5000,
    timeoutMsg: "2.35斤 × ¥9.80 = ¥23.03, exact to the fen",
  });
  await app.saveScreenshot(join(SHOTS, "weighed-entry.png"));
  await app.keys(["Control", "Enter"]);
  sold = /S\d{8}-\d{4}/.exec(await (await byTestId(app, "entry-saved")).getText())[0];
  const order = cli("orders", "show", sold).order;
  assert.equal(order.total, "23.03");
  assert.deepEqual([order.lines[0].qty, order.lines[0].qty_text, order.lines[0].unit_price], [1175, "2.35斤", "9.80"]);
  assert.equal(cli("check").ok, true);
});

test("a weight for goods sold by the piece is refused with the reason, nothing added", async () => {
  await (await byTestId(app, "entry-product")).click();
  await type("礼盒 1.5");
  await byTestId(app, "product-hits");
  await app.keys(["Enter"]);
  assert.match(await (await byTestId(app, "entry-error")).getText(), /水果礼盒 按件卖.*1\.5/);
  assert.equal(await dom(app, () => document.querySelectorAll('[data-testid="entry-lines"] tbody tr').length), 0);
});

test("the order is re-weighed at the pickup point (实称) and the difference shown", async () => {
  cli("orders", "status", sold, "paid");
  await openOrder(app, sold);
  assert.match(await (await byTestId(app, "order-line-qty")).getText(), /2\.35斤 × ¥9\.80\/斤/);
  await (await byTestId(app, "order-reweigh")).click();
  assert.equal(await (await byTestId(app, "edit-reason")).getValue(), "实称");
  await (await byTestId(app, "edit-weight")).setValue("2.1");
  await app.waitUntil(async () => /¥20\.58/.test(await (await byTestId(app, "edit-preview")).getText()), { timeout: 5000 });
  await app.saveScreenshot(join(SHOTS, "weighed-reweigh.png"));
  await (await byTestId(app, "edit-save")).click();
  assert.match(await (await byTestId(app, "edit-done")).getText(), /¥20\.58.*¥2\.45/);
  const order = cli("orders", "show", sold).order;
  assert.deepEqual([order.total, order.lines[0].qty], ["20.58", 1050]);
  assert.equal(cli("check").ok, true);
});

test("the product form says how a product is sold", async () => {
  await openScreen(app, "products");
  const row = await app.$("//button[contains(text(), '散称苹果')]");
  await row.waitForExist({ timeout: 5000 });
  await row.click();
  const unit = await byTestId(app, "pf-sold-by");
  assert.equal(await unit.getValue(), "jin");
  await app.saveScreenshot(join(SHOTS, "weighed-product.png"));
});

test("a 接龙 piece fixed by hand keeps its weight: 红富士500g picked as 散称苹果 is 500 g, not 500斤", async () => {
  await openScreen(app, "orders");
  await (await byTestId(app, "orders-tab-solitaire")).click();
  await paste(app, "solitaire-text", "#接龙\n1. 小周 红富士500g\n");
  await (await byTestId(app, "solitaire-parse")).click();
  await (await byTestId(app, "unresolved-piece")).click();
  await (await byTestId(app, "fix-query")).setValue("苹果");
  await app.waitUntil(async () => (await dom(app, () => document.querySelectorAll('[data-testid="fix-pick"]').length)) > 0, { timeout: 5000 });
  await (await byTestId(app, "fix-pick")).click();
  const qty = await app.$('[data-testid="solitaire-row"] input.qty');
  await app.waitUntil(async () => (await qty.getValue()) === "500", { timeout: 5000 });
  await app.saveScreenshot(join(SHOTS, "weighed-solitaire-pick.png"));
  await (await byTestId(app, "solitaire-commit")).click();
  const created = await (await byTestId(app, "solitaire-created")).getText();
  const [no] = created.match(/S\d{8}-\d{4}/g) ?? [];
  const order = cli("orders", "show", no).order;
  assert.deepEqual([order.lines[0].sku, order.lines[0].qty, order.total], ["PG-J", 500, "9.80"]);
  assert.equal(cli("check").ok, true);
});

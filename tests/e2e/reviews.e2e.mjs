// Reviews and 该回购了 in the real window: a review with a photo entered
// from the order panel and shown on the product, a bad one opening an
// after-sales ticket; the due list with its message copied and marked sent.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { byTestId, cliOf, dom, launch, openOrder, openScreen, paste, SHOTS } from "./helpers.mjs";

const dir = mkdtempSync(join(tmpdir(), "storefront-e2e-reviews-"));
const db = join(dir, "shop.db");
const photo = join(import.meta.dirname, "../../assets/icons/32x32.png");
let app;

const cli = cliOf(db);

/** A day `back` days ago in shop time (UTC+8), as `YYYY-MM-DD`. */
function daysAgo(back) {
  return new Date(Date.now() + 8 * 3600e3 - back * 86400e3).toISOString().slice(0, 10);
}

let orderNo;

before(async () => {
  const products = join(dir, "p.csv");
  writeFileSync(products, "Handle,Title,Variant SKU,Variant Price,Variant Inventory Qty\negg,土鸡蛋30枚,EGG-30,39.90,80\n");
  cli("products", "import", products);
  // 陈姐 buys eggs every 7 days; her last box was a week ago.
  const rows = [21, 14, 7].map((back, i) => `E${i},${daysAgo(back)} 10:00:00,wechat,陈姐,13600001111,EGG-30,1,39.90,,,,,,completed`);
  const orders = join(dir, "o.csv");
  writeFileSync(orders, "order_no,placed_at,channel,customer,phone,sku,qty,unit_price,remark,,,,,status\n" + rows.join("\n") + "\n");
  cli("orders", "import", orders);
  orderNo = "E2";
  app = await launch(db);
  // The clipboard as the page sees it, read back by the test.
  await dom(app, () => {
    Object.defineProperty(navigator, "clipboard", { value: { writeText: async (t) => void (window.__copied = t) } });
  });
});

after(async () => {
  await app?.deleteSession();
});

test("a review with a photo from the order panel shows on the product; a bad one opens a ticket", async () => {
  await openOrder(app, orderNo);
  await byTestId(app, "order-reviews");
  await (await byTestId(app, "review-star-5")).click();
  await (await byTestId(app, "review-text")).setValue("蛋黄很香，孩子爱吃");
  await (await byTestId(app, "review-photos")).setValue(photo);
  assert.equal(await (await byTestId(app, "review-picked")).getText(), "已选 1 张");
  await (await byTestId(app, "review-save")).click();
  assert.match(await (await byTestId(app, "review-note")).getText(), /评价已记下/);
  await app.waitUntil(async () => (await dom(app, () => document.querySelectorAll('[data-testid="order-reviews"] img').length)) === 1, { timeout: 5000 });
  await app.saveScreenshot(join(SHOTS, "order-review.png"));

  await (await byTestId(app, "review-star-2")).click();
  await (await byTestId(app, "review-text")).setValue("有一个是坏的");
  await (await byTestId(app, "review-save")).click();
  await app.waitUntil(async () => /售后/.test(await (await byTestId(app, "review-note")).getText()), { timeout: 5000 });
  assert.equal(cli("aftersales", "list").tickets.length, 1, "the bad review opened a ticket");

  await openScreen(app, "products");
  await (await app.$('[data-testid="products-list"] .vrow button.link')).click();
  const rating = await byTestId(app, "product-rating");
  await app.waitUntil(async () => /2 条评价/.test(await rating.getText()), { timeout: 5000 });
  assert.match(await rating.getText(), /★ 3\.5/);
  const first = await byTestId(app, "product-review");
  assert.match(await first.getText(), /有一个是坏的/, "bad reviews first");
  await app.waitUntil(async () => (await dom(app, () => document.querySelectorAll('[data-testid="product-form"] [data-testid="review-photo"]').length)) === 1, { timeout: 5000 });
  await (await byTestId(app, "product-wall")).click();
  await app.waitUntil(async () => /蛋黄很香/.test(await dom(app, () => window.__copied ?? "")), { timeout: 5000 });
  assert.match(await dom(app, () => window.__copied), /^【土鸡蛋30枚】买家晒单/);
  await app.saveScreenshot(join(SHOTS, "product-reviews.png"));
});

test("the due list names the weekly buyer, copies a personal message and marks it sent", async () => {
  await openScreen(app, "customers");
  await (await byTestId(app, "customers-due")).click();
  const row = await byTestId(app, "due-row");
  assert.match(await row.getText(), /陈姐/);
  assert.match(await row.getText(), /每 7 天/);
  await app.saveScreenshot(join(SHOTS, "customers-due.png"));
  await (await byTestId(app, "due-copy")).click();
  await app.waitUntil(async () => /陈姐您好/.test(await dom(app, () => window.__copied ?? "")), { timeout: 5000 });
  assert.match(await dom(app, () => window.__copied), /土鸡蛋30枚（1 份）/);
  await (await byTestId(app, "due-sent")).click();
  await app.waitUntil(async () => (await dom(app, () => document.querySelectorAll('[data-testid="due-row"]').length)) === 0, { timeout: 5000 });
  assert.equal(cli("customers", "due", "--days", "3").length, 0, "off the list for a week");
});

test("a group's feedback pasted in the 评价 tab: the sure line recorded, the unsure one shown with why and skipped", async () => {
  await openScreen(app, "orders");
  await (await byTestId(app, "orders-tab-reviews")).click();
  await byTestId(app, "reviews-paste");
  await paste(app, "reviews-paste", "1. 陈姐：鸡蛋很新鲜 5星\n2. 路人甲：不错\n");
  await (await byTestId(app, "reviews-read")).click();
  await app.waitUntil(async () => (await dom(app, () => document.querySelectorAll('[data-testid="reviews-line"]').length)) === 2, { timeout: 5000 });
  const unsure = await dom(app, () => document.querySelectorAll('[data-testid="reviews-line"]')[1].textContent);
  assert.match(unsure, /店里没有这位客户/);
  assert.match(unsure, /请给星级/);
  assert.equal(await (await byTestId(app, "reviews-record")).isEnabled(), false, "not all sure: 全部记下 waits");
  await app.saveScreenshot(join(SHOTS, "reviews-paste.png"));
  await (await byTestId(app, "reviews-record-sure")).click();
  assert.match(await (await byTestId(app, "reviews-recorded")).getText(), /已记下 1 条评价.*跳过 1 行/);
  await app.waitUntil(async () => /鸡蛋很新鲜/.test(await (await byTestId(app, "latest-review")).getText()), { timeout: 5000 });
  assert.equal(cli("reviews", "list").length, 3);
});

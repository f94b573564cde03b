// Campaigns in the real window: a group buy opened on the screen, joined
// three times, two members paying by WeChat, closed short of its size with
// the refunds it owes shown; a leader's settlement and a buyer collecting
// with a pickup code; a coupon taken off in order entry.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { byTestId, CLI, cliOf, dom, launch, openScreen, SHOTS } from "./helpers.mjs";

const dir = mkdtempSync(join(tmpdir(), "storefront-e2e-campaigns-"));
const db = join(dir, "shop.db");
let app;

const cli = cliOf(db);

const PRODUCTS = `Handle,Title,Variant SKU,Variant Price,Variant Inventory Qty
peach,阳山水蜜桃,TAO-5,39.90,40
`;

/** China time now, as statements and dates are written. */
function chinaNow() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().replace("T", " ").slice(0, 19);
}

/** A WeChat bill paying each order with its number in the note; imported and matched by CLI. */
function pay(rows) {
  const now = chinaNow();
  const lines = [
    "微信支付账单明细,,,,,,,,,,",
    "----------------------微信支付账单明细列表--------------------,,,,,,,,,,",
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注",
    ...rows.map(([no, amount], i) => `${now},转账,顾客${i},付款 ${no},收入,¥${amount},零钱,已收钱,E2E${no.replace("-", "")}\t,/\t,/`),
  ];
  const file = join(dir, `bill-${rows[0][0]}.csv`);
  writeFileSync(file, lines.join("\n") + "\n");
  cli("statements", "import", file);
  cli("reconcile");
}

/** Sets an input's value as a paste would (WebDriver types ASCII only reliably). */
function fill(id, value) {
  return dom(app, (id, value) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    el.value = value;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, id, value);
}

async function noteText(id, pattern) {
  let text = "";
  await app.waitUntil(async () => pattern.test((text = await dom(app, (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? "", id))), {
    timeout: 10000,
    interval: 100,
  });
  return text;
}

before(async () => {
  writeFileSync(join(dir, "p.csv"), PRODUCTS);
  cli("products", "import", join(dir, "p.csv"));
  app = await launch(db);
  await openScreen(app, "campaigns");
});

after(async () => {
  await app?.deleteSession().catch(() => {});
});

test("a group buy opened, joined three times and closed short owes its payers", async () => {
  await (await app.$('button[data-tab="groupBuys"]')).click();
  await (await byTestId(app, "gb-new")).click();
  await fill("gb-name", "水蜜桃五人团");
  // The product is picked by its name, as in order entry.
  await fill("gb-sku", "水蜜桃");
  await byTestId(app, "gb-sku-hits");
  await (await app.$('[data-testid="gb-sku-hits"] button')).click();
  assert.equal(await (await byTestId(app, "gb-sku-sku")).getText(), "TAO-5");
  await fill("gb-price", "29.90");
  await fill("gb-size", "5");
  await fill("gb-deadline", "2099-12-31T20:00");
  await (await byTestId(app, "gb-create")).click();
  await noteText("gb-note", /已开团/);

  const joined = [];
  const joinButton = await app.$('tr[data-gb="水蜜桃五人团"] [data-testid="gb-join-open"]');
  await joinButton.waitForExist({ timeout: 10000 });
  for (const who of ["王阿姨", "李姐", "小张"]) {
    if (!(await app.$('[data-testid="gb-customer"]').isExisting())) await joinButton.click();
    await byTestId(app, "gb-customer");
    await fill("gb-customer", who);
    await (await byTestId(app, "gb-join")).click();
    const text = await noteText("gb-note", new RegExp(`已参团（${joined.length + 1}/5）`));
    joined.push(/S\d{8}-\d{4}/.exec(text)[0]);
  }
  const row = () => dom(app, () => document.querySelector('tr[data-gb="水蜜桃五人团"]')?.textContent ?? "");
  assert.match(await row(), /3\/5/);
  assert.match(await row(), /还差 2 人/);

  // The message to paste into the WeChat group.
  await (await app.$('tr[data-gb="水蜜桃五人团"] [data-testid="gb-share-button"]')).click();
  const share = await byTestId(app, "gb-share");
  assert.match(await share.getText(), /拼团价 ¥29\.90（原价 ¥39\.90）[\s\S]*还差2人/);

  // Two members pay by WeChat; then the merchant closes the deal.
  pay([[joined[0], "29.90"], [joined[1], "29.90"]]);
  await (await app.$('tr[data-gb="水蜜桃五人团"] [data-testid="gb-close"]')).click();
  assert.match(await noteText("gb-note", /未成团/), /3 单已取消，2 笔退款待退/);
  await app.waitUntil(async () => /待退款 2 笔 ¥59\.80/.test(await row()), { timeout: 10000, interval: 100 });
  await app.saveScreenshot(join(SHOTS, "campaigns-groupbuy.png"));

  const orders = cli("orders", "list").orders;
  const status = (no) => orders.find((o) => o.order_no === no).status;
  assert.deepEqual(joined.map(status), ["refunded", "refunded", "cancelled"]);
  const owed = cli("reconcile").refunds;
  assert.ok(Array.isArray(owed));
});

test("a leader's settlement, and a buyer collecting with the pickup code", async () => {
  cli("leaders", "add", "陈姐", "--pickup", "阳光花园便利店", "--rate", "8%");
  const { order_no } = cli("orders", "add", "--customer", "赵阿姨", "--line", "TAO-5:2", "--pickup", "阳光花园便利店");
  pay([[order_no, "79.80"]]);
  await (await app.$('button[data-tab="campaigns"]')).click();
  await (await app.$('button[data-tab="leaders"]')).click();
  await (await byTestId(app, "leader-settle")).click();
  const statement = await byTestId(app, "settlement");
  assert.match(await statement.getText(), new RegExp(order_no));
  assert.equal(await (await byTestId(app, "settlement-commission")).getText(), "¥6.38", "8% of ¥79.80");
  await app.saveScreenshot(join(SHOTS, "campaigns-settlement.png"));

  // The code is on the day's pick list the leader takes to the point.
  const day = chinaNow().slice(0, 10);
  const picked = cli("picklist", "--day", day).groups.flatMap((g) => g.orders);
  const pickupCode = picked.find((o) => o.order_no === order_no).pickup_code;
  assert.match(pickupCode, /^\d{6}$/);
  await (await app.$('button[data-tab="pickup"]')).click();
  await (await byTestId(app, "pickup-query")).addValue(pickupCode);
  await app.keys(["Enter"]);
  await byTestId(app, "pickup-redeem");
  await app.saveScreenshot(join(SHOTS, "campaigns-pickup.png"));
  await (await byTestId(app, "pickup-redeem")).click();
  assert.match(await noteText("pickup-note", /已核销/), new RegExp(order_no));
  assert.equal(cli("orders", "list", "--search", order_no).orders[0].status, "completed");
});

test("a coupon typed in order entry comes off the total, priced by the core", async () => {
  const today = chinaNow().slice(0, 10);
  cli("coupons", "add", "MJ50-5", "--kind", "threshold", "--threshold", "50", "--value", "5", "--from", today, "--to", today);
  await openScreen(app, "orders");
  await app.keys(["F2"]);
  await fill("entry-customer", "王阿姨");
  const product = await byTestId(app, "entry-product");
  await product.click();
  await product.addValue("TAO-5*2");
  await byTestId(app, "product-hits");
  await app.keys(["Enter"]);
  await (await byTestId(app, "entry-coupons")).addValue("MJ50-5");
  await app.waitUntil(async () => (await dom(app, () => document.querySelector('[data-testid="entry-total"]')?.textContent)) === "¥74.80", {
    timeout: 10000,
    interval: 100,
  });
  await (await byTestId(app, "entry-save")).click();
  const saved = await (await byTestId(app, "entry-saved")).getText();
  const no = /S\d{8}-\d{4}/.exec(saved)[0];
  assert.equal(cli("orders", "list", "--search", no).orders[0].total, "74.80");
});

test("a member enrolled on the screen gets the level's price and a bundle sells whole in entry", async () => {
  cli("products", "import", (() => {
    const f = join(dir, "apple.csv");
    writeFileSync(f, "Handle,Title,Variant SKU,Variant Price,Variant Inventory Qty\napple,红富士苹果,PG-1,29.90,30\n");
    return f;
  })());
  cli("bundles", "add", "TC1", "--name", "鲜果礼盒", "--price", "88", "--item", "TAO-5:2", "--item", "PG-1:1");
  await openScreen(app, "campaigns");
  await (await app.$('button[data-tab="members"]')).click();
  await fill("member-customer", "金卡的周姐");
  await dom(app, () => {
    const select = document.querySelector('[data-testid="member-enrol"]').parentElement.querySelector("select");
    select.value = "gold";
    select.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await (await byTestId(app, "member-enrol")).click();
  await app.waitUntil(async () => /金卡的周姐[\s\S]*金卡会员/.test(await (await byTestId(app, "members-table")).getText()), { timeout: 10000, interval: 100 });

  await openScreen(app, "orders");
  await app.keys(["F2"]);
  await fill("entry-customer", "金卡的周姐");
  await byTestId(app, "customer-hits");
  await (await byTestId(app, "entry-customer")).click();
  await app.keys(["Enter"]);
  const product = await byTestId(app, "entry-product");
  await product.addValue("TC1");
  await app.keys(["Enter"]);
  // One 鲜果礼盒 at ¥88.00, then gold's 5% off: ¥83.60.
  await app.waitUntil(async () => (await dom(app, () => document.querySelector('[data-testid="entry-total"]')?.textContent)) === "¥83.60", {
    timeout: 10000,
    interval: 100,
  });
  assert.match(await (await byTestId(app, "entry-member")).getText(), /金卡会员/);
  await app.saveScreenshot(join(SHOTS, "entry-member-bundle.png"));
  await (await byTestId(app, "entry-save")).click();
  const no = /S\d{8}-\d{4}/.exec(await (await byTestId(app, "entry-saved")).getText())[0];
  assert.equal(cli("orders", "list", "--search", no).orders[0].total, "83.60");
});

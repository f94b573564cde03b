// How goods reach the buyer, in the real window: a courier order shipped by
// typing its tracking number in the 快递发货 tab, a waybill file refused
// whole for its line 3 and then imported, the tracking number shown in the
// order's panel; a 接龙 whose header says 明天下午到货 makes orders that
// arrive tomorrow.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { byTestId, cliOf, dom, launch, openScreen, paste, SHOTS, writerIn } from "./helpers.mjs";

const dir = mkdtempSync(join(tmpdir(), "storefront-e2e-shipping-"));
const db = join(dir, "shop.db");
let app;
let orders = [];

const cli = cliOf(db);

const file = writerIn(dir);

const PRODUCTS = `Handle,Title,Type,Variant SKU,Variant Price,Cost per item,Variant Inventory Qty
apple,红富士苹果,生鲜水果,PG-1,29.90,15.00,50
banana,香蕉,生鲜水果,XJ-1,12.80,6.00,30
`;

before(async () => {
  cli("products", "import", file("products.csv", PRODUCTS));
  orders = ["远方客人甲", "远方客人乙"].map((who) => cli("orders", "add", "--customer", who, "--line", "PG-1:2", "--line", "XJ-1:1", "--delivery", "courier").order_no);
  for (const no of orders) cli("orders", "status", no, "paid");
  app = await launch(db);
});

after(async () => {
  await app?.deleteSession();
});

async function shippingTab() {
  await openScreen(app, "orders");
  await (await byTestId(app, "orders-tab-shipping")).click();
  return byTestId(app, "shipping");
}

test("an order to ship is shipped by typing its tracking number", async () => {
  await shippingTab();
  await byTestId(app, `to-ship-${orders[0]}`);
  await app.saveScreenshot(join(SHOTS, "shipping.png"));
  await (await byTestId(app, `tracking-${orders[0]}`)).setValue("sf 1234 5678 9012");
  await app.keys(["Enter"]);
  assert.match(await (await byTestId(app, "ship-done")).getText(), new RegExp(`${orders[0]} 已发货：顺丰 SF123456789012`));
  const shown = cli("orders", "show", orders[0]).order;
  assert.equal(shown.status, "fulfilled");
  assert.equal(shown.parcel.tracking_no, "SF123456789012");
  await app.waitUntil(async () => !(await app.$(`[data-testid="to-ship-${orders[0]}"]`).isExisting()), { timeout: 5000 });
});

test("a waybill file is refused whole for its bad line, then imported, and the number shows in the order", async () => {
  await shippingTab();
  const chooser = await byTestId(app, "waybills-file");
  await chooser.setValue(file("运单-错.csv", `订单号,快递公司,运单号\n${orders[1]},中通快递,ZT7300000002\nS20990101-0009,中通,ZT7300000003\n`));
  await byTestId(app, "waybills-errors");
  const row = await dom(app, () => [...document.querySelectorAll('[data-testid="waybills-errors"] tbody td')].map((td) => td.textContent));
  assert.deepEqual(row, ["3", "1", "店铺里没有订单「S20990101-0009」"], "line 3, column 1: no such order, said in Chinese");
  assert.equal(cli("orders", "show", orders[1]).order.status, "paid", "nothing sent");
  await app.saveScreenshot(join(SHOTS, "waybills-errors.png"));
  await chooser.setValue(file("运单.csv", `订单号,快递公司,运单号\n${orders[1]},中通快递,ZT7300000002\n`));
  await (await byTestId(app, "waybills-go")).click();
  assert.match(await (await byTestId(app, "waybills-result")).getText(), /发货 1 单/);
  assert.equal(cli("orders", "show", orders[1]).order.parcel.tracking_no, "ZT7300000002");
  await byTestId(app, "to-ship-none");

  await (await byTestId(app, "orders-tab-list")).click();
  await (await byTestId(app, "orders-delivery")).selectByAttribute("value", "courier");
  await app.waitUntil(async () => (await dom(app, () => document.querySelectorAll(".vrow").length)) === 2, { timeout: 5000 });
  await (await app.$(`[data-testid="open-${orders[1]}"]`)).click();
  assert.match(await (await byTestId(app, "order-tracking")).getText(), /中通 ZT7300000002/);
  assert.equal(await (await byTestId(app, "order-delivery")).getText(), "快递");
  await app.saveScreenshot(join(SHOTS, "order-parcel.png"));
});

test("a 接龙 saying 明天下午到货 makes orders arriving tomorrow, shown in the order", async () => {
  await openScreen(app, "orders");
  await (await byTestId(app, "orders-tab-solitaire")).click();
  await paste(app, "solitaire-text", "#接龙 红富士苹果 明天下午到货\n1. 预售客人甲 苹果2\n");
  await (await byTestId(app, "solitaire-parse")).click();
  await byTestId(app, "solitaire-summary");
  const today = cli("picklist").day;
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
  assert.equal(await (await byTestId(app, "solitaire-arrives")).getValue(), tomorrow);
  await (await byTestId(app, "solitaire-commit")).click();
  await byTestId(app, "solitaire-created");
  const no = cli("orders", "list", "--search", "预售客人甲").orders[0].order_no;
  assert.equal(cli("orders", "show", no).order.arrives_on, tomorrow);
  const arriving = cli("picklist", "--arrival", tomorrow).groups.flatMap((g) => g.orders.map((o) => o.order_no));
  assert.ok(arriving.includes(no), "on tomorrow's pick list");
  await (await byTestId(app, "orders-tab-list")).click();
  await (await byTestId(app, "orders-delivery")).selectByAttribute("value", "");
  const search = await byTestId(app, "orders-search");
  await search.setValue(no);
  await app.keys(["Enter"]);
  await (await byTestId(app, `open-${no}`)).click();
  assert.match(await (await byTestId(app, "order-arrives")).getText(), new RegExp(`到货日 ${tomorrow}`));
});

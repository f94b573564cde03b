// The dashboard in the real window: every chart drawn on the demo shop, a
// click on a bar opening exactly the orders behind it, a chart exported;
// figures of a hand-made shop equal to its facts; a campaign's P&L page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { byTestId, CLI, dom, launch, listTotal, openScreen, SHOTS } from "./helpers.mjs";

const dir = mkdtempSync(join(tmpdir(), "storefront-e2e-dashboard-"));

function cli(db, ...args) {
  return JSON.parse(execFileSync(CLI, ["--db", db, "--json", ...args], { encoding: "utf8" }));
}

/** The shop's business day `n` days from now (China time, cut-off 00:00). */
function day(n = 0) {
  return new Date(Date.now() + 8 * 3600 * 1000 + n * 86_400_000).toISOString().slice(0, 10);
}

const CHARTS = ["trend", "channels", "products", "roles", "buyers", "cohorts", "leaders", "distributors", "funnel", "turnover"];

/** Waits until chart `id` has drawn (its render time is on the element) and returns that time. */
async function drawn(app, id, timeout = 30000) {
  let ms = null;
  await app.waitUntil(
    async () => (ms = await dom(app, (id) => document.querySelector(`[data-testid="chart-${id}"] .chart`)?.getAttribute("data-render-ms") ?? null, id)) !== null,
    { timeout, interval: 100, timeoutMsg: `chart ${id} never finished drawing` },
  );
  return Number(ms);
}

/** Clicks the trend chart's bar `index` of `count`, just above the axis,
 * once the bars have grown in (a 300 ms entrance). */
async function clickBar(app, index, count) {
  await app.pause(400);
  const el = await app.$('[data-testid="chart-trend"] .chart');
  const { width, height } = await dom(app, () => {
    const r = document.querySelector('[data-testid="chart-trend"] .chart').getBoundingClientRect();
    return { width: r.width, height: r.height };
  });
  // The grid's margins are those of trendView: left 64, right 48, bottom 28.
  const band = (width - 64 - 48) / count;
  const x = Math.round(64 + (index + 0.5) * band - width / 2);
  const y = Math.round(height / 2 - 28 - 4);
  await el.click({ x, y });
}

let app;
/** Each test starts the app on its own shop (the last one's window goes
 * first) and goes to the dashboard: the app reopens on the screen last used. */
async function open(db) {
  if (app) {
    await app.deleteSession().catch(() => {});
    // Let the last window's web process go before the next one starts: a
    // page started while it exits was once reported crashed.
    await new Promise((done) => setTimeout(done, 1500));
  }
  app = await launch(db);
  await openScreen(app, "dashboard");
}
after(async () => {
  await app?.deleteSession().catch(() => {});
});

test("the demo shop's dashboard draws every chart, and a bar opens its orders", async () => {
  const db = join(dir, "demo.db");
  cli(db, "demo", "--orders", "20000", "--seed", "1");
  await open(db);
  await byTestId(app, "tile-30d", 60000);
  for (const id of CHARTS) await drawn(app, id);
  await byTestId(app, "chart-service");
  await app.pause(400); // the charts' 300 ms entrance
  await app.saveScreenshot(join(SHOTS, "dashboard-charts.png"));
  await dom(app, () => document.querySelector('[data-testid="chart-channels"]')?.scrollIntoView());
  await app.pause(300);
  await app.saveScreenshot(join(SHOTS, "dashboard-middle.png"));
  await dom(app, () => document.querySelector('[data-testid="chart-cohorts"]')?.scrollIntoView());
  await app.pause(300);
  await app.saveScreenshot(join(SHOTS, "dashboard-lower.png"));
  await dom(app, () => document.querySelector('[data-testid="chart-service"]')?.scrollIntoView());
  await app.pause(300);
  await app.saveScreenshot(join(SHOTS, "dashboard-bottom.png"));
  await dom(app, () => document.querySelector('[data-testid="period-picker"]')?.scrollIntoView());

  // The last 7 business days, day by day: the bar of the busiest day.
  await (await byTestId(app, "period-7d")).click();
  await drawn(app, "trend");
  const week = cli(db, "report", "sales", "--from", day(-6), "--to", day(0), "--by", "day").periods;
  const busiest = week.reduce((best, p, i) => (Number(p.gmv) > Number(week[best].gmv) ? i : best), 0);
  await clickBar(app, busiest, week.length);
  await byTestId(app, "drill");
  // The chart's tooltip does not sit on top of the orders it opened.
  const tipShown = () =>
    dom(app, () =>
      [...document.querySelectorAll('[data-testid="chart-trend"] .chart div')].some((d) => {
        const s = getComputedStyle(d);
        return s.zIndex === "9999999" && s.display !== "none" && s.visibility !== "hidden" && Number(s.opacity) > 0.1;
      }),
    );
  await app.waitUntil(async () => !(await tipShown()), { timeout: 2000, interval: 100, timeoutMsg: "the tooltip stays over the drill-down" });
  const title = await (await byTestId(app, "drill-title")).getText();
  assert.match(title, new RegExp(`${Number(week[busiest].period.slice(5, 7))}月${Number(week[busiest].period.slice(8))}日`));
  await listTotal(app, "orders-list", (n) => n === week[busiest].orders);
  await app.saveScreenshot(join(SHOTS, "dashboard-drill.png"));
  await (await byTestId(app, "drill-close")).click();

  // The chart's data as Excel, where the merchant's downloads go.
  await (await byTestId(app, "chart-trend-xlsx")).click();
  const saved = await (await byTestId(app, "chart-trend-saved")).getText();
  const path = saved.slice(saved.indexOf("/"));
  assert.ok(path.endsWith(".xlsx") && existsSync(path), saved);
  assert.equal(readFileSync(path).subarray(0, 2).toString(), "PK");
});

test("a hand-made shop's tiles and drill-down equal its facts", async () => {
  const db = join(dir, "hand.db");
  cli(db, "init");
  writeFileSync(join(dir, "products.csv"), "Handle,Title,Variant SKU,Variant Price,Variant Inventory Qty\npeach,阳山水蜜桃,TAO-5,36.50,100\n");
  cli(db, "products", "import", join(dir, "products.csv"));
  const csv = [
    "order_no,placed_at,channel,customer,phone,sku,qty,unit_price,remark",
    `A001,${day(-1)} 10:00:00,wechat,王阿姨,13800000001,TAO-5,2,36.50,`,
    `A002,${day(-1)} 11:30:00,offline,李叔,13800000002,TAO-5,1,36.50,`,
    `A003,${day(-2)} 09:00:00,wechat,王阿姨,13800000001,TAO-5,1,36.50,`,
    `A004,${day(0)} 00:05:00,solitaire,张三,13800000003,TAO-5,4,36.50,`,
  ];
  writeFileSync(join(dir, "orders.csv"), csv.join("\n") + "\n");
  cli(db, "orders", "import", join(dir, "orders.csv"));
  cli(db, "orders", "status", "A003", "cancelled");
  // A004 paid in two parts, A001 in one, by WeChat.
  const bill = [
    "微信支付账单明细,,,,,,,,,,",
    "----------------------微信支付账单明细列表--------------------,,,,,,,,,,",
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注",
    `${day(-1)} 10:05:00,转账,王阿姨,付款 A001,收入,¥73.00,零钱,已收钱,E2EH1\t,/\t,/`,
    `${day(0)} 00:06:00,转账,张三,付款 A004,收入,¥100.00,零钱,已收钱,E2EH2\t,/\t,/`,
    `${day(0)} 00:07:00,转账,张三,付款 A004 余款,收入,¥46.00,零钱,已收钱,E2EH3\t,/\t,/`,
  ];
  writeFileSync(join(dir, "bill.csv"), bill.join("\n") + "\n");
  cli(db, "statements", "import", join(dir, "bill.csv"));
  cli(db, "reconcile");

  await open(db);
  const tile = await byTestId(app, "tile-7d", 60000);
  // The to-do block: A002 awaits payment, A001 and A004 wait to be sent;
  // a count opens its orders.
  const todo = async (key) => (await (await byTestId(app, `todo-${key}`)).getText()).replace(/\s+/g, " ");
  assert.match(await todo("awaiting_payment"), /待付款.* 1$/);
  assert.match(await todo("to_fulfil"), /待发货.* 2$/);
  await (await byTestId(app, "todo-awaiting_payment")).click();
  await byTestId(app, "drill");
  await listTotal(app, "orders-list", (n) => n === 1);
  const unpaid = await dom(app, () => document.querySelector('[data-testid="orders-list"] .vrow .mono')?.textContent?.trim());
  assert.equal(unpaid, "A002");
  await (await byTestId(app, "drill-close")).click();
  // A003 was cancelled: 73.00 + 36.50 + 146.00; paid 73.00 + 146.00.
  assert.equal(await (await byTestId(app, "tile-7d-gmv")).getText(), "¥255.50");
  const text = await tile.getText();
  assert.match(text, /¥219\.00/, text);
  assert.match(text, /¥36\.50/, text);
  // Today is compared with yesterday up to this time of day (Shanghai):
  // A001 at 10:00, A002 at 11:30.
  const prev = await (await byTestId(app, "tile-today-prev")).getText();
  const [, hh, mm, value] = prev.match(/^昨日至 (\d\d):(\d\d)：(¥[\d.,]+)$/) ?? [];
  assert.ok(value, prev);
  const minute = Number(hh) * 60 + Number(mm);
  assert.equal(value, minute >= 11 * 60 + 30 ? "¥109.50" : minute >= 10 * 60 ? "¥73.00" : "¥0.00", prev);
  await (await byTestId(app, "period-7d")).click();
  await drawn(app, "trend");
  await clickBar(app, 6, 7);
  await byTestId(app, "drill");
  await listTotal(app, "orders-list", (n) => n === 1);
  const orderNo = await dom(app, () => document.querySelector('[data-testid="orders-list"] .vrow .mono')?.textContent?.trim());
  assert.equal(orderNo, "A004");
  await (await byTestId(app, "drill-close")).click();
});

test("a campaign's page shows its P&L on the money received", async () => {
  const db = join(dir, "campaign.db");
  cli(db, "init");
  writeFileSync(join(dir, "p.csv"), "Handle,Title,Variant SKU,Variant Price,Cost per item,Variant Inventory Qty\npeach,阳山水蜜桃,TAO-5,36.50,22.00,100\n");
  cli(db, "products", "import", join(dir, "p.csv"));
  cli(db, "campaigns", "add", "--name", "双12直播", "--kind", "live", "--from", day(-1), "--to", day(10), "--code", "LIVE12");
  cli(db, "campaigns", "spend", "双12直播", "--kind", "ads", "--amount", "20");
  const paid = cli(db, "orders", "add", "--customer", "王阿姨", "--line", "TAO-5:2", "--campaign", "LIVE12").order_no;
  cli(db, "orders", "add", "--customer", "李叔", "--line", "TAO-5:1", "--campaign", "LIVE12");
  const now = new Date(Date.now() + 8 * 3600 * 1000).toISOString().replace("T", " ").slice(0, 19);
  const bill = [
    "微信支付账单明细,,,,,,,,,,",
    "----------------------微信支付账单明细列表--------------------,,,,,,,,,,",
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注",
    `${now},转账,王阿姨,付款 ${paid},收入,¥73.00,零钱,已收钱,E2EC1\t,/\t,/`,
  ];
  writeFileSync(join(dir, "c-bill.csv"), bill.join("\n") + "\n");
  cli(db, "statements", "import", join(dir, "c-bill.csv"));
  cli(db, "reconcile");
  const report = cli(db, "report", "campaign", "LIVE12");
  // The paid order's goods cost 2 × ¥22.00; the unpaid one's are not gone.
  assert.equal(report.cost, "44.00");
  assert.equal(report.gross_profit, "29.00");
  assert.equal(report.net, "9.00", "¥73.00 received − ¥44.00 of goods − ¥20.00 of ads");

  await open(db);
  await openScreen(app, "campaigns");
  await (await byTestId(app, "campaign-report-双12直播", 20000)).click();
  await drawn(app, "waterfall");
  await drawn(app, "compare");
  await app.pause(400);
  const steps = await (await byTestId(app, "report-steps")).getText();
  assert.match(steps, /商品金额\s*¥109\.50/);
  assert.match(steps, /未收款\s*−¥36\.50/);
  assert.match(steps, /毛利\s*¥29\.00/);
  assert.match(steps, /净利\s*¥9\.00/);
  // Every line on the page is the CLI's line.
  for (const step of report.steps) {
    const row = await (await byTestId(app, `step-${step.key}`)).getText();
    const amount = `${step.total ? "" : "−"}¥${step.amount}`;
    assert.ok(row.replace(/\s+/g, " ").endsWith(amount), `${step.key}: "${row}" is not ${amount}`);
  }
  assert.match(await (await byTestId(app, "report-margin")).getText(), /39\.7%/);
  assert.match(await (await byTestId(app, "report-roi")).getText(), /5\.48/);
  await app.saveScreenshot(join(SHOTS, "campaign-report.png"));
});

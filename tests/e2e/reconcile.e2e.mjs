// Reconciliation in the real window: a merchant imports a WeChat bill by
// choosing the file, the certain payment is matched at once, the ambiguous
// one waits in the review queue and is confirmed with the keyboard, and the
// customer still owing gets a reminder to paste.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { byTestId, CLI, cliOf, dom, launch, openScreen, SHOTS } from "./helpers.mjs";

const dir = mkdtempSync(join(tmpdir(), "storefront-e2e-reconcile-"));
const db = join(dir, "shop.db");
let app;

const cli = cliOf(db);

/** Takes an order by CLI and returns its number and total. */
function order(customer) {
  const { order_no } = cli("orders", "add", "--customer", customer, "--line", "SX001-1:1");
  const total = cli("orders", "list", "--search", order_no).orders[0].total;
  return { no: order_no, total };
}

/** A WeChat Pay bill, as WeChat writes it, paying in China time now. */
function bill(rows) {
  const now = new Date(Date.now() + 8 * 3600 * 1000).toISOString().replace("T", " ").slice(0, 19);
  const lines = [
    "微信支付账单明细,,,,,,,,,,",
    "----------------------微信支付账单明细列表--------------------,,,,,,,,,,",
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注",
    ...rows.map(([type, who, note, amount, txn]) => `${now},${type},${who},${note},收入,¥${amount},零钱,已收钱,${txn}\t,/\t,/`),
  ];
  return lines.join("\n") + "\n";
}

let noted, twinA, twinB;

/** `36.50` × n as exact yuan, through fen. */
function times(yuan, n) {
  const fen = Math.round(Number(yuan) * 100) * n;
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}

before(async () => {
  // The demo's business ends yesterday (China time): its own payments to
  // review never mix with the ones this file makes today.
  const yesterday = new Date(Date.now() + 8 * 3600 * 1000 - 86_400_000).toISOString().slice(0, 10);
  cli("demo", "--orders", "300", "--seed", "5", "--until", yesterday);
  // A suggestion the demo left for a person (on some days it leaves one)
  // is confirmed first, so the review queue holds this file's only.
  for (const m of cli("reconcile").matches.filter((x) => x.status === "suggested")) {
    cli("reconcile", "confirm", m.order_no, m.txn_ids[0]);
  }
  noted = order("备注付款的阿花");
  twinA = order("两单同价的小王");
  twinB = order("两单同价的小王");
  const file = join(dir, "微信支付账单(20261122).csv");
  writeFileSync(
    file,
    bill([
      ["转账", "备注付款的阿花", `转账备注:订单号 ${noted.no}`, noted.total, "E2E-T1"],
      ["二维码收款", "两单同价的小王", "/", twinA.total, "E2E-T2"],
      ["转账", "新来的顾客", "三份桃", times(noted.total, 3), "E2E-T3"],
    ]),
  );
  app = await launch(db);
  await openScreen(app, "reconcile");
  // Choosing the file is what a merchant without drag and drop does.
  await (await app.$('[data-testid="statement-file"]')).addValue(file);
});

after(async () => {
  await app?.deleteSession().catch(() => {});
});

test("the bill imports and the certain payment is matched at once", async () => {
  const result = await byTestId(app, "import-result", 30000);
  assert.match(await result.getText(), /微信支付个人账单，3 行，新增 3/);
  assert.match(await result.getText(), /自动匹配 1 笔，待确认 1 笔/);
  const status = cli("orders", "list", "--search", noted.no).orders[0].status;
  assert.equal(status, "paid");
});

test("the ambiguous payment waits for a person, who confirms it by keyboard", async () => {
  await byTestId(app, "suggestion");
  const cards = () => dom(app, () => Array.from(document.querySelectorAll('[data-testid="suggestion"]')).map((c) => c.textContent ?? ""));
  const before = await cards();
  assert.equal(before.length, 2, before.join("\n---\n"));
  assert.ok(before.every((c) => c.includes("两单同价的小王") && c.includes("另有 1 个候选订单")));
  await app.saveScreenshot(join(SHOTS, "reconcile-review.png"));
  await (await byTestId(app, "review-queue")).click();
  await app.keys("Enter");
  await app.waitUntil(async () => (await cards()).length === 0, { timeout: 10000, interval: 100 });
  const suggested = await byTestId(app, "suggested-count");
  await app.waitUntil(async () => (await suggested.getText()) === "0", { timeout: 10000, interval: 100 });
  const statuses = [twinA, twinB].map((o) => cli("orders", "list", "--search", o.no).orders[0].status).sort();
  assert.deepEqual(statuses, ["awaiting_payment", "paid"]);
});

test("the customer still owing gets a reminder ready to paste", async () => {
  await (await byTestId(app, "tab-unpaid")).click();
  const list = await byTestId(app, "reminders");
  await app.waitUntil(async () => (await list.getText()).includes("两单同价的小王"), { timeout: 10000, interval: 100 });
  const text = await dom(app, () =>
    Array.from(document.querySelectorAll('[data-testid="reminders"] textarea')).map((t) => t.value).find((v) => v.includes("两单同价的小王")),
  );
  const unpaid = [twinA, twinB].find((o) => cli("orders", "list", "--search", o.no).orders[0].status === "awaiting_payment");
  assert.ok(text.includes(unpaid.no) && text.includes(`¥${unpaid.total}`), text);
  await app.saveScreenshot(join(SHOTS, "reconcile-reminders.png"));
});

test("money that came without an order becomes an order for the payer", async () => {
  await (await byTestId(app, "tab-unmatched")).click();
  await byTestId(app, "payments-list");
  const listText = () => dom(app, () => document.querySelector('[data-testid="payments-list"]')?.textContent ?? "");
  await app.waitUntil(async () => (await listText()).includes("新来的顾客"), { timeout: 10000, interval: 100 });
  // The row's 建单 button: the first action in the row of that payer.
  await dom(app, () => {
    const row = Array.from(document.querySelectorAll('[data-testid="payments-list"] .vrow')).find((r) => r.textContent?.includes("新来的顾客"));
    row?.querySelector("button")?.click();
  });
  await (await byTestId(app, "order-from-payment-search")).setValue("SX001-1");
  const product = await app.$('[data-testid="order-from-payment"] .found button');
  await product.waitForExist({ timeout: 10000 });
  for (let i = 0; i < 3; i++) await product.click();
  const qty = () => dom(app, () => Number(document.querySelector('[data-testid="order-from-payment"] .line input')?.value ?? 0));
  await app.waitUntil(async () => (await qty()) === 3, { timeout: 5000, interval: 100 });
  await app.saveScreenshot(join(SHOTS, "reconcile-order-from-payment.png"));
  await (await byTestId(app, "order-from-payment-save")).click();
  await app.waitUntil(async () => !cli("reconcile").unmatched_payments.includes("E2E-T3"), { timeout: 10000, interval: 200 });
  const made = cli("reconcile").matches.find((m) => m.txn_ids.includes("E2E-T3"));
  assert.equal(made.rule, "manual");
  assert.equal(made.amount, times(noted.total, 3));
  const order = cli("orders", "list", "--search", made.order_no).orders[0];
  assert.equal(order.total, times(noted.total, 3), "three of the product, as the payer paid");
});

test("a bank statement in a new layout is mapped once, then read", async () => {
  const unpaid = [twinA, twinB].find((o) => cli("orders", "list", "--search", o.no).orders[0].status === "awaiting_payment");
  const bank = join(dir, "招商银行流水.csv");
  writeFileSync(bank, `招商银行交易流水\n记账日期,流水号,交易金额,对方户名,摘要\n2026-11-22 09:00:00,CMB-1,${unpaid.total},两单同价的小王,货款 ${unpaid.no}\n`);
  await (await byTestId(app, "tab-review")).click();
  await (await app.$('[data-testid="statement-file"]')).addValue(bank);
  const form = await byTestId(app, "mapping-form", 20000);
  assert.match(await form.getText(), /交易金额/);
  await app.saveScreenshot(join(SHOTS, "reconcile-mapping.png"));
  await (await byTestId(app, "mapping-save")).click();
  const result = await byTestId(app, "import-result", 20000);
  assert.match(await result.getText(), /招商银行流水/);
  await app.waitUntil(async () => cli("orders", "list", "--search", unpaid.no).orders[0].status === "paid", { timeout: 10000, interval: 200 });
});

test("a bill cut short inside its last line is refused, naming the line in Chinese, and nothing of it is kept", async () => {
  const whole = bill([
    ["转账", "断在半路的顾客", "/", "12.30", "E2E-CUT-1"],
    ["转账", "断在半路的顾客", "/", "45.60", "E2E-CUT-2"],
  ]);
  // As an interrupted download leaves it: line 5 stops inside its 交易单号.
  const file = join(dir, "断了的账单.csv");
  writeFileSync(file, whole.slice(0, whole.indexOf("E2E-CUT-2") + 5));
  await (await app.$('[data-testid="statement-file"]')).addValue(file);
  const error = await byTestId(app, "import-error", 20000);
  const text = await error.getText();
  assert.match(text, /没有导入，店铺数据未改动/);
  assert.match(text, /断了的账单\.csv 第 5 行第 9 列：文件在这一行中途断了.*请重新导出或下载/);
  await app.saveScreenshot(join(SHOTS, "reconcile-cut-bill.png"));
  const { unmatched_payments, matches } = cli("reconcile");
  assert.ok(!unmatched_payments.includes("E2E-CUT-1"), "not even the whole first line");
  assert.ok(!matches.some((m) => m.txn_ids.some((id) => id.startsWith("E2E-CUT"))));
});

test("a bill edited after its import names the line whose amount differs, and the shop keeps its own", async () => {
  const file = join(dir, "改过的账单.csv");
  writeFileSync(file, bill([["转账", "备注付款的阿花", `转账备注:订单号 ${noted.no}`, "999.00", "E2E-T1"]]));
  await (await app.$('[data-testid="statement-file"]')).addValue(file);
  const warning = await byTestId(app, "import-differing", 20000);
  const text = await warning.getText();
  assert.match(text, /改过的账单\.csv 里有 1 行的交易单号已导入过、金额却不同/);
  assert.ok(text.includes(`第 4 行 E2E-T1 店铺 ¥${noted.total}、文件 ¥999.00`), text);
  await app.saveScreenshot(join(SHOTS, "reconcile-differing.png"));
  const kept = cli("reconcile").matches.find((m) => m.txn_ids.includes("E2E-T1"));
  assert.equal(kept.amount, noted.total, "the payment keeps its amount");
});

test("while a big statement imports, the screens still read and the import can be cancelled", async () => {
  // 30,000 transfers hold the writer for a second or more. Once the import
  // says it has begun, a read must answer while it still runs (reads have
  // connections of their own; they once waited for all of it), so a cancel
  // sent after that read still finds the import running and stops it.
  const rows = Array.from({ length: 30000 }, (_, i) => ["转账", `顾客${i}`, "/", ((1 + (i % 997)) / 10).toFixed(2), `R${String(i).padStart(12, "0")}`]);
  const text = bill(rows);
  const outcome = await app.executeAsync(async (text, done) => {
    const tauri = window.__TAURI_INTERNALS__;
    const payments = async () => (await tauri.invoke("payments_page", { unmatchedOnly: false, offset: 0, limit: 1 })).total;
    const before = await payments();
    let begun;
    const started = new Promise((r) => (begun = r));
    // What `listen("progress")` does: the import's first report means it works.
    const handler = tauri.transformCallback(() => begun());
    await tauri.invoke("plugin:event|listen", { event: "progress", target: { kind: "Any" }, handler });
    const importing = tauri.invoke("import_statement", new TextEncoder().encode(text), { headers: { "x-file-name": "big.csv" } }).then(
      (r) => `imported ${r.import.imported}`,
      (e) => e.kind,
    );
    await started;
    await payments();
    await tauri.invoke("cancel_work");
    const ended = await importing;
    done({ ended, kept: (await payments()) - before });
  }, text);
  assert.equal(outcome.ended, "cancelled", "the read came back while the import still ran");
  assert.equal(outcome.kept, 0, "nothing of the cancelled file is kept");
});

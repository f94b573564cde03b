// Suppliers in the real window, against a real HTTP server on 127.0.0.1
// playing a Shopify supplier: the app's own scheduler syncs a due supplier
// by itself; a supplier added on the screen is synced now; a cost rise is
// flagged and its suggested price applied by the merchant; a reorder
// becomes a PO sent as JSON and received by scanning; a failing server is
// a failed run and the app carries on.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { byTestId, cliOf, dom, launch, openScreen, SHOTS } from "./helpers.mjs";

const dir = mkdtempSync(join(tmpdir(), "storefront-e2e-suppliers-"));
const db = join(dir, "shop.db");
let app;
let server;
let base = "";

/** What the supplier's server does now: its price for TAO-5, or failing. */
const supplier = { price: "20.00", failing: false, posted: [] };

function feedPage(path, page) {
  if (page !== "1") return { products: [] };
  if (path.startsWith("/early")) return { products: [{ id: 3, title: "早市青菜", variants: [{ id: 31, title: "Default Title", sku: "EARLY-1", price: "1.50", available: true }] }] };
  return {
    products: [
      { id: 1, title: "阳山水蜜桃", body_html: "<p>甜</p>", variants: [{ id: 11, title: "5斤装", sku: "TAO-5", price: supplier.price, available: true }] },
      { id: 2, title: "红富士", variants: [{ id: 21, title: "Default Title", sku: "GY-APPLE", price: "3.20", available: false }] },
    ],
  };
}

const cli = cliOf(db);

/** Clicks the button `id` in the row of `list` that mentions `text`. */
function clickInRow(list, text, id) {
  return dom(app, (list, text, id) => {
    const row = [...document.querySelectorAll(`[data-testid="${list}"]`)].find((r) => r.textContent.includes(text));
    (id ? row.querySelector(`[data-testid="${id}"]`) : row).click();
  }, list, text, id);
}

/** Sets an input's or select's value as a person would. */
function fill(id, value) {
  return dom(app, (id, value) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    el.value = value;
    el.dispatchEvent(new Event(el.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
  }, id, value);
}

/** The text of `id` once it matches `pattern`; on a timeout, says what was there. */
async function textOf(id, pattern, timeout = 15000) {
  let text = "";
  try {
    await app.waitUntil(async () => pattern.test((text = await dom(app, (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? "", id))), { timeout, interval: 100 });
  } catch {
    assert.fail(`${id} never matched ${pattern}; it read ${JSON.stringify(text)}`);
  }
  return text;
}

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (req.method === "POST") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        supplier.posted.push(JSON.parse(body));
        res.writeHead(201, { "Content-Type": "application/json" }).end("{}");
      });
      return;
    }
    if (supplier.failing) return res.writeHead(500).end("oops");
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(feedPage(url.pathname, url.searchParams.get("page"))));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${server.address().port}`;
  writeFileSync(join(dir, "p.csv"), "Handle,Title,Variant SKU,Variant Price,Variant Inventory Qty\npeach,阳山水蜜桃,TAO-5,36.50,10\n");
  cli("products", "import", join(dir, "p.csv"));
  // Due since it was never synced: the app's scheduler must run it alone.
  cli("suppliers", "add", "--name", "早班果园", "--kind", "shopify", "--url", `${base}/early`, "--every", "6h");
  app = await launch(db);
  await openScreen(app, "suppliers");
});

after(async () => {
  await app?.deleteSession();
  server?.close();
});

test("the scheduler syncs a due supplier by itself while the app is open", async () => {
  await app.waitUntil(async () => cli("suppliers", "runs", "早班果园").runs.some((r) => r.status === "ok"), { timeout: 20000, interval: 250 });
  const items = cli("suppliers", "items", "早班果园");
  assert.equal(items.find((i) => i.supplier_sku === "EARLY-1").cost, "1.50");
  // The run log on the screen shows it, started by no one.
  await (await byTestId(app, "supply-tab-runs")).click();
  await textOf("sync-runs", /早班果园/);
  await (await byTestId(app, "supply-tab-suppliers")).click();
});

test("a supplier added on the screen syncs now, links by SKU and lists its items", async () => {
  await (await byTestId(app, "supplier-new")).click();
  await byTestId(app, "supplier-form");
  await fill("supplier-name", "山下果园");
  await fill("supplier-kind", "shopify");
  await byTestId(app, "supplier-url");
  await fill("supplier-url", base);
  await fill("supplier-schedule", "daily");
  await fill("supplier-po-url", `${base}/orders`);
  await (await byTestId(app, "supplier-save")).click();
  await app.waitUntil(async () => cli("suppliers", "list").suppliers.some((s) => s.name === "山下果园" && s.schedule === "daily 06:00"), { timeout: 5000 });
  // The new supplier's row: sync it now.
  await textOf("suppliers", /山下果园/);
  await clickInRow("supplier-row", "山下果园", "sync-now");
  await textOf("supplier-note", /山下果园.*(已同步|synced)/);
  await clickInRow("supplier-row", "山下果园");
  const listed = await textOf("supplier-items", /GY-APPLE/);
  assert.match(listed, /TAO-5/);
  await app.saveScreenshot(join(SHOTS, "suppliers.png"));
});

test("a cost rise is flagged and the suggested price changes only when applied", async () => {
  supplier.price = "25.00";
  await clickInRow("supplier-row", "山下果园", "sync-now");
  await app.waitUntil(async () => cli("suppliers", "runs", "山下果园").runs.length === 2, { timeout: 10000, interval: 200 });
  await (await byTestId(app, "supply-tab-changes")).click();
  const changes = await textOf("sync-changes", /⚠/);
  assert.match(changes, /20\.00 → ¥25\.00/);
  assert.equal(cli("products", "list").products.find((p) => p.sku === "TAO-5").price, "36.50", "not applied by itself");
  await byTestId(app, "price-suggestions");
  await app.saveScreenshot(join(SHOTS, "suppliers-changes.png"));
  await (await byTestId(app, "price-apply")).click();
  await app.waitUntil(async () => cli("products", "list").products.find((p) => p.sku === "TAO-5").price === "45.70", { timeout: 5000 });
});

test("a reorder becomes a PO, sent as JSON, received by scanning with the invoice checked", async () => {
  cli("orders", "add", "--customer", "王阿姨", "--line", "TAO-5:10");
  await (await byTestId(app, "supply-tab-reorder")).click();
  await textOf("reorder-total", /75\.00/);
  await app.saveScreenshot(join(SHOTS, "suppliers-reorder.png"));
  await (await byTestId(app, "reorder-create")).click();
  await byTestId(app, "po-detail");
  const po = cli("purchase", "list").purchase_orders[0];
  assert.equal(po.status, "draft");
  await (await byTestId(app, "po-send")).click();
  await app.waitUntil(async () => supplier.posted.length === 1, { timeout: 5000 });
  assert.equal(supplier.posted[0].po_no, po.po_no);
  assert.equal(supplier.posted[0].lines[0].supplier_sku, "TAO-5");
  const qty = supplier.posted[0].lines[0].qty;

  await (await byTestId(app, "po-receive")).click();
  const scan = await byTestId(app, "receive-scan");
  // A scanner types the code and Enter, once per unit; the rest typed as code*n.
  await scan.setValue("TAO-5");
  await app.keys("Enter");
  if (qty > 1) {
    await scan.setValue(`TAO-5*${qty - 1}`);
    await app.keys("Enter");
  }
  await fill("receive-invoice", po.total);
  await app.saveScreenshot(join(SHOTS, "suppliers-receiving.png"));
  await (await byTestId(app, "receive-confirm")).click();
  await textOf("po-invoice", /(一致|matches)/);
  const shown = cli("purchase", "show", po.po_no);
  assert.equal(shown.status, "received");
  assert.equal(shown.lines[0].variance, 0);
  assert.equal(cli("check").ok, true);
});

test("a failing server is a failed run with its reason, and the app carries on", async () => {
  supplier.failing = true;
  await (await byTestId(app, "supply-tab-suppliers")).click();
  await clickInRow("supplier-row", "山下果园", "sync-now");
  await textOf("supplier-failure", /500/, 30000);
  const runs = cli("suppliers", "runs", "山下果园").runs;
  assert.equal(runs[0].status, "error");
  assert.match(runs[0].error, /HTTP 500/);
  await (await byTestId(app, "supply-tab-runs")).click();
  await textOf("sync-runs", /500/);
  await app.saveScreenshot(join(SHOTS, "suppliers-runs.png"));
  supplier.failing = false;
});

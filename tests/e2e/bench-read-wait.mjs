// Benchmark, not a test: how long a screen's read waits while a big
// statement is imported and reconciled in the real app. The page sends the
// import and, until it is done, asks for a page of payments every 20 ms,
// timing each answer. Prints the import's time and the reads' waits.
//   STOREFRONT_APP=… STOREFRONT_CLI=… bash tests/e2e/run.sh bench-read-wait.mjs SHOP.db [ROWS]
import { launch } from "./helpers.mjs";

const [db, rowsArg] = process.argv.slice(2);
if (!db) throw new Error("usage: bench-read-wait.mjs SHOP.db [ROWS]");
const rows = Number(rowsArg ?? 100000);

/** A WeChat Pay personal bill of `n` incoming transfers, none for an order. */
function bill(n) {
  const lines = [
    "微信支付账单明细,,,,,,,,,,",
    "----------------------微信支付账单明细列表--------------------,,,,,,,,,,",
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注",
  ];
  for (let i = 0; i < n; i++) {
    const minute = String(i % 60).padStart(2, "0");
    const hour = String(8 + (i % 12)).padStart(2, "0");
    const amount = (1 + (i % 997)) / 10;
    lines.push(`2026-11-0${1 + (i % 9)} ${hour}:${minute}:00,转账,顾客${i},转账,收入,¥${amount.toFixed(2)},零钱,已收钱,B${String(i).padStart(12, "0")}\t,/\t,/`);
  }
  return `${lines.join("\n")}\n`;
}

const app = await launch(db);
await app.waitUntil(() => app.execute(() => Boolean(document.querySelector('main[data-testid^="screen-"]'))), { timeout: 120000, interval: 50 });
const text = bill(rows);
const result = await app.executeAsync(async (text, done) => {
  const invoke = window.__TAURI_INTERNALS__.invoke;
  const bytes = new TextEncoder().encode(text);
  const idle = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await invoke("payments_page", { unmatchedOnly: false, offset: 0, limit: 100 });
    idle.push(performance.now() - t);
  }
  const started = performance.now();
  let finished = 0;
  const importing = invoke("import_statement", bytes, { headers: { "x-file-name": "bench-bill.csv" } }).then(
    () => (finished = performance.now()),
    (e) => ((finished = performance.now()), console.error(e)),
  );
  const waits = [];
  while (!finished) {
    const t = performance.now();
    await invoke("payments_page", { unmatchedOnly: false, offset: 0, limit: 100 });
    waits.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  await importing;
  done({ importMs: finished - started, waits, idle });
}, text);
const waits = result.waits.sort((a, b) => a - b);
const at = (q) => waits[Math.min(waits.length - 1, Math.floor(q * waits.length))].toFixed(1);
console.log(`reads before the import: ${result.idle.map((ms) => ms.toFixed(1)).join(", ")} ms`);
console.log(`statement of ${rows} rows imported and reconciled in ${(result.importMs / 1000).toFixed(1)} s`);
console.log(`${waits.length} reads meanwhile: median ${at(0.5)} ms, p95 ${at(0.95)} ms, longest ${waits[waits.length - 1].toFixed(1)} ms`);
await app.deleteSession();

// Scrolls the order list of a big shop to its bottom and prints the last
// order shown against the shop's oldest (they must be the same: no order
// out of reach), with how long the last page took to appear.
// Usage: bash tests/e2e/run.sh bench-scroll.mjs SHOP.db
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { byTestId, CLI, dom, launch, openScreen, SHOTS } from "./helpers.mjs";

const db = process.argv[2];
const app = await launch(db);
try {
  await openScreen(app, "orders");
  await (await byTestId(app, "orders-tab-list")).click();
  await app.waitUntil(async () => (await dom(app, () => document.querySelectorAll(".vrow .mono").length)) > 0, { timeout: 120000 });
  const started = Date.now();
  await dom(app, () => {
    const body = document.querySelector('[data-testid="orders-list"] .vbody');
    body.scrollTop = body.scrollHeight;
  });
  let last = "";
  await app.waitUntil(
    async () => {
      last = await dom(app, () => {
        const list = document.querySelector('[data-testid="orders-list"]');
        const row = list.querySelector(`.vrow[data-row="${Number(list.dataset.total) - 1}"]`);
        const body = list.querySelector(".vbody").getBoundingClientRect();
        // The last row, loaded and inside the visible part of the list.
        const inside = row && row.getBoundingClientRect().bottom <= body.bottom + 1 && row.getBoundingClientRect().top >= body.top;
        return inside ? (row.querySelector(".mono")?.textContent?.trim() ?? "") : "";
      });
      return last !== "";
    },
    { timeout: 120000, interval: 50 },
  );
  const ms = Date.now() - started;
  const list = JSON.parse(execFileSync(CLI, ["--db", db, "--json", "orders", "list", "--limit", "1"], { encoding: "utf8" }));
  const oldest = execFileSync("sqlite3", [db, "SELECT order_no FROM orders ORDER BY placed_at, order_no LIMIT 1"], { encoding: "utf8" }).trim();
  await app.saveScreenshot(join(SHOTS, "orders-bottom.png"));
  console.log(`${list.total} orders; the bottom of the list shows ${last} after ${ms} ms; the oldest is ${oldest}: ${last === oldest ? "reached" : "NOT reached"}`);
} finally {
  await app.deleteSession();
}

// One customer per person in the real window: two records of one buyer
// (one phone) found, merged with their orders, undone at once, merged
// again and undone from 设置's activity log.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { byTestId, CLI, cliOf, dom, launch, openScreen, SHOTS } from "./helpers.mjs";

const dir = mkdtempSync(join(tmpdir(), "storefront-e2e-customers-"));
const db = join(dir, "shop.db");
let app;

const cli = cliOf(db);

before(async () => {
  const products = join(dir, "p.csv");
  writeFileSync(products, "Handle,Title,Variant SKU,Variant Price,Variant Inventory Qty\napple,红富士苹果,PG-1,29.90,50\n");
  cli("products", "import", products);
  cli("orders", "add", "--customer", "王阿姨", "--line", "PG-1:1");
  cli("orders", "add", "--customer", "王姨", "--line", "PG-1:2");
  // The same buyer typed twice, one phone.
  execFileSync("sqlite3", [db, "UPDATE customers SET phone = '13912345678'"]);
  app = await launch(db);
});

after(async () => {
  await app?.deleteSession();
});

const customers = () => cli("customers", "list").customers.map((c) => `${c.name}:${c.orders}`).sort();

test("two records of one buyer are merged with their orders, and the merge is undone here and from the activity log", async () => {
  await openScreen(app, "customers");
  await (await byTestId(app, "customers-dups")).click();
  const group = await byTestId(app, "dups-group");
  assert.match(await group.getText(), /同手机号/);
  await app.saveScreenshot(join(SHOTS, "customers-duplicates.png"));
  await (await byTestId(app, "dups-merge")).click();
  assert.match(await (await byTestId(app, "dups-done")).getText(), /已合并/);
  assert.equal(cli("customers", "list").total, 1);
  assert.equal(cli("customers", "list").customers[0].orders, 2, "both orders under the one kept");
  await (await byTestId(app, "dups-undo")).click();
  await app.waitUntil(async () => cli("customers", "list").total === 2, { timeout: 5000 });
  assert.deepEqual(customers(), ["王姨:1", "王阿姨:1"]);

  // Merged again, then undone from 设置 → 操作记录.
  await app.waitUntil(async () => (await dom(app, () => document.querySelectorAll('[data-testid="dups-merge"]').length)) === 1, { timeout: 5000 });
  await (await byTestId(app, "dups-merge")).click();
  await byTestId(app, "dups-done");
  assert.equal(cli("customers", "list").total, 1);
  await openScreen(app, "settings");
  await (await byTestId(app, "activity-unmerge")).click();
  await app.waitUntil(async () => cli("customers", "list").total === 2, { timeout: 5000 });
  assert.deepEqual(customers(), ["王姨:1", "王阿姨:1"]);
  assert.equal(JSON.parse(execFileSync(CLI, ["--db", db, "check", "--json"], { encoding: "utf8" })).ok, true);
});

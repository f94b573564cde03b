// The Linux package as a merchant gets it: built by `tauri build`, unpacked
// into a clean folder (.ci/test), and its installed app launched to the
// first screen.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dom, launch, SHOTS } from "./helpers.mjs";

let app;

after(async () => {
  await app?.deleteSession().catch(() => {});
});

test("the installed app opens to its first screen", async () => {
  const db = join(mkdtempSync(join(tmpdir(), "storefront-e2e-package-")), "shop.db");
  app = await launch(db);
  await app.waitUntil(async () => /店铺管家/.test(await dom(app, () => document.body.innerText)), { timeout: 30000 });
  await app.saveScreenshot(join(SHOTS, "installed-first-screen.png"));
  assert.ok(await dom(app, () => document.querySelectorAll("button").length > 0), "a screen to act on");
});

// The app as a desktop program: one app per shop (a second launch on it
// brings the first window forward and ends, saying why), a panic shows the
// way back and leaves a log, the diagnostics zip carries no customer data,
// and the next start says the last session ended abnormally after checking
// the shop.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { APP, byTestId, cliOf, dom, launch, openScreen, SHOTS } from "./helpers.mjs";

const dir = mkdtempSync(join(tmpdir(), "storefront-e2e-desktop-"));
const db = join(dir, "shop.db");
let app;

const cli = cliOf(db);

/** Every file of a zip as text, read through its central directory. */
function unzip(path) {
  const buf = readFileSync(path);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = {};
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString("utf8", at + 46, at + 46 + nameLen);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + size);
    files[name] = (method === 8 ? inflateRawSync(raw) : raw).toString("utf8");
    at += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

before(async () => {
  cli("demo", "--orders", "200", "--seed", "2");
  app = await launch(db);
});

after(async () => {
  await app?.deleteSession().catch(() => {});
});

test("a forced panic shows the crash screen, is logged, and the diagnostics zip has no customer data", async () => {
  // Whichever screen the preferences open on.
  await (await app.$('main[data-testid^="screen-"]')).waitForExist({ timeout: 30000 });
  assert.equal(await dom(app, () => document.querySelectorAll('[data-testid="last-session"]').length), 0, "a first start says nothing");
  await dom(app, () => window.__TAURI_INTERNALS__.invoke("debug_panic"));
  const screen = await byTestId(app, "crash-screen");
  assert.match(await screen.getText(), /店铺管家出错了/);
  assert.match(await screen.getText(), /重新启动/);
  await app.saveScreenshot(join(SHOTS, "crash-screen.png"));
  await (await byTestId(app, "crash-diagnostics")).click();
  const saved = await byTestId(app, "crash-saved");
  const path = (await saved.getText()).match(/：(.+\.zip)/)[1];
  const files = unzip(path);
  assert.ok(files["about.txt"].includes("check: ok"), files["about.txt"]);
  const log = Object.entries(files).filter(([n]) => n.startsWith("logs/")).map(([, t]) => t).join("\n");
  assert.match(log, /\[ERROR\] panic at .*desktop\.rs:\d+:\d+: debug_panic: a forced panic/);
  assert.match(log, /Storefront .* starting/);
  const people = cli("customers", "list", "--limit", "1000").customers;
  const all = Object.values(files).join("\n");
  for (const c of people) {
    assert.ok(!all.includes(c.name), `no customer name (${c.name})`);
    if (c.phone) assert.ok(!all.includes(c.phone), "no phone number");
  }
});

test("the next start says the last session ended abnormally, having checked the shop", async () => {
  // The session is ended as a crash ends it: the process gone, no clean exit.
  await app.deleteSession();
  app = await launch(db);
  const note = await byTestId(app, "last-session", 30000);
  await app.waitUntil(async () => /一切正常/.test(await note.getText()), { timeout: 20000 });
  assert.match(await note.getText(), /上次没有正常关闭/);
  await app.saveScreenshot(join(SHOTS, "last-session.png"));
});

test("关于 names the version, the shop file and the licences of the bundled parts", async () => {
  await openScreen(app, "settings");
  assert.equal(await (await byTestId(app, "about-version")).getText(), "0.1.0");
  assert.match(await (await byTestId(app, "about")).getText(), /shop\.db/);
  await (await byTestId(app, "about-licences")).click();
  const list = await (await byTestId(app, "licences")).getText();
  assert.match(list, /rusqlite .* MIT/);
  assert.match(list, /echarts .* Apache-2\.0/);
});

test("后台任务 lists every background job and how it last went", async () => {
  await openScreen(app, "settings");
  const jobs = await byTestId(app, "jobs");
  await jobs.scrollIntoView();
  const text = await jobs.getText();
  for (const name of ["写回店铺文件", "每日备份", "到期拼团结团", "供应商定时同步", "响应再次打开"]) assert.match(text, new RegExp(name));
  // The second-launch watch runs twice a second: it has run by now.
  await app.waitUntil(async () => Number(await (await byTestId(app, "job-second_launch")).getAttribute("data-runs")) > 0, { timeout: 15000, interval: 500 });
  const rows = await dom(app, () => window.__TAURI_INTERNALS__.invoke("jobs_status"));
  assert.equal(new Set(rows.map((r) => r.name)).size, rows.length, "each job once");
  await app.saveScreenshot(join(SHOTS, "jobs.png"));
});

test("a second launch on the same shop brings the first window forward and ends, the shop unharmed", async () => {
  // Last in this file: the window brought forward is not driven again
  // (a script run while it comes forward once lost the WebDriver session).
  const second = spawn(APP, ["--db", db], { env: process.env });
  let said = "";
  second.stderr.on("data", (d) => (said += d));
  second.stdout.on("data", (d) => (said += d));
  const code = await new Promise((done) => {
    const timer = setTimeout(() => (second.kill("SIGKILL"), done("killed")), 30000);
    second.on("exit", (c) => (clearTimeout(timer), done(c)));
  });
  assert.equal(code, 0, `the second launch ends by itself: ${said}`);
  assert.match(said, /shop\.db is open in another Storefront window \(process \d+\).*brought forward/);
  // The first app looks for the request twice a second: it has answered
  // when the request beside the shop is gone.
  await app.waitUntil(async () => !existsSync(`${db}.focus`), {
    timeout: 15000,
    interval: 100,
    timeoutMsg: "the first app never took the second launch's request",
  });
  assert.equal(cli("check").ok, true);
});

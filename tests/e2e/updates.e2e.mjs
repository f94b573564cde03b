// The app's own updates against a loopback update server: the manifest and
// package signed with a key made here (Tauri's own signer), the app's debug
// build pointed at the server and that key. A release build only trusts the
// endpoints and key it was built with. Installing cannot run here: a debug
// binary is not an installed package, and installing a .deb needs root.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { byTestId, CLI, dom, launch, openScreen, SHOTS } from "./helpers.mjs";

const TAURI = join(import.meta.dirname, "../../ui/node_modules/.bin/tauri");
const dir = mkdtempSync(join(tmpdir(), "storefront-e2e-updates-"));
const db = join(dir, "shop.db");
const pkg = join(dir, "storefront-update.pkg");
let app;
let server;
let base;
/** What the server answers: a manifest, or 204 (no update). */
let release = null;
const asked = { manifest: 0, package: 0 };

/** A key pair of Tauri's signer; returns the private key file and the public key. */
function keyPair(name) {
  const file = join(dir, name);
  execFileSync(TAURI, ["signer", "generate", "--ci", "-w", file, "-p", ""], { stdio: "ignore" });
  return { file, pub: readFileSync(`${file}.pub`, "utf8").trim() };
}

/** The package's signature with `key`, bound to `version` as `tauri build` binds it. */
function sign(key, version) {
  execFileSync(TAURI, ["signer", "sign", "-f", key.file, "-p", "", "--app-version", version, pkg], { stdio: "ignore" });
  return readFileSync(`${pkg}.sig`, "utf8").trim();
}

function manifest(version, signature) {
  return {
    version,
    notes: "桃子下单更快",
    pub_date: "2026-12-01T08:00:00Z",
    platforms: { "linux-x86_64": { url: `${base}/package`, signature } },
  };
}

let ours;
let theirs;

/** The app with two update servers: the first down (the mirror), the second ours. */
function start() {
  return launch(db, [
    "--update-endpoint", "http://127.0.0.1:9/latest.json",
    "--update-endpoint", `${base}/latest.json`,
    "--update-pubkey", ours.pub,
  ]);
}

const status = () => dom(app, () => window.__TAURI_INTERNALS__.invoke("update_status"));

before(async () => {
  execFileSync(CLI, ["--db", db, "demo", "--orders", "50", "--seed", "4"]);
  writeFileSync(pkg, "not an installer: the update test's package\n");
  ours = keyPair("ours.key");
  theirs = keyPair("theirs.key");
  server = createServer((req, res) => {
    if (req.url === "/latest.json") {
      asked.manifest += 1;
      if (!release) return res.writeHead(204).end();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(release));
    } else if (req.url === "/package") {
      asked.package += 1;
      res.writeHead(200, { "content-type": "application/octet-stream" }).end(readFileSync(pkg));
    } else res.writeHead(404).end();
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(async () => {
  await app?.deleteSession().catch(() => {});
  server?.close();
});

test("at start the app finds a signed update on the second server, downloads it in the background and keeps it for the next start", async () => {
  release = manifest("9.9.9", sign(ours, "9.9.9"));
  app = await start();
  const note = await byTestId(app, "update-note", 45000);
  assert.match(await note.getText(), /新版本 9\.9\.9 已下载，下次启动时安装/);
  assert.equal(asked.package, 1);
  await openScreen(app, "settings");
  const phase = await byTestId(app, "update-phase");
  assert.equal(await phase.getAttribute("data-phase"), "ready");
  assert.match(await (await byTestId(app, "updates")).getText(), /桃子下单更快/);
  await (await byTestId(app, "updates")).scrollIntoView();
  await app.saveScreenshot(join(SHOTS, "update-ready.png"));
  const folder = (await status()).folder;
  assert.equal(readFileSync(join(folder, "waiting.pkg"), "utf8"), readFileSync(pkg, "utf8"));
});

test("a package signed with another key is thrown away, and the verified one still waits", async () => {
  release = manifest("9.9.10", sign(theirs, "9.9.10"));
  await (await byTestId(app, "update-check")).click();
  const phase = await byTestId(app, "update-phase");
  await app.waitUntil(async () => (await phase.getAttribute("data-phase")) === "failed", { timeout: 30000 });
  assert.match(await phase.getText(), /签名不对，已丢弃/);
  const s = await status();
  assert.equal(s.phase.reason, "bad_signature");
  assert.match(readFileSync(join(s.folder, "waiting.json"), "utf8"), /"version": "9\.9\.9"/);
});

test("the next start checks the waiting package again: one changed on disk is not installed, and it says so", async () => {
  const folder = (await status()).folder;
  appendFileSync(join(folder, "waiting.pkg"), "tampered");
  release = null;
  await app.deleteSession();
  app = await start();
  const note = await byTestId(app, "update-note", 30000);
  assert.match(await note.getText(), /新版本 9\.9\.9 没有安装.*签名不对/);
  assert.ok(!existsSync(join(folder, "waiting.pkg")) && !existsSync(join(folder, "waiting.json")), "the package is gone");
  await app.saveScreenshot(join(SHOTS, "update-discarded.png"));
});

test("with the check at start turned off, the app asks no update server", async () => {
  await openScreen(app, "settings");
  const box = await byTestId(app, "update-at-start");
  assert.equal(await box.isSelected(), true, "on by default");
  await box.click();
  await app.waitUntil(async () => (await status()).check_at_start === false, { timeout: 5000 });
  await app.deleteSession();
  const before = asked.manifest;
  app = await start();
  await openScreen(app, "settings");
  await new Promise((r) => setTimeout(r, 6000));
  assert.equal(asked.manifest, before, "no request at start");
  assert.equal(await (await byTestId(app, "update-at-start")).isSelected(), false);
  assert.equal(await (await byTestId(app, "update-phase")).getAttribute("data-phase"), "not_checked");
  // Asked by hand, it still looks.
  await (await byTestId(app, "update-check")).click();
  await app.waitUntil(async () => (await status()).phase.phase === "up_to_date", { timeout: 30000 });
  await (await byTestId(app, "update-at-start")).click();
  await app.waitUntil(async () => (await status()).check_at_start === true, { timeout: 5000 });
});

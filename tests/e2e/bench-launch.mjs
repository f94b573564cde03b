// Benchmark, not a test: time from starting the app (a WebDriver session) to
// the first screen showing data, and the app's memory once idle. Prints its
// figures. Run through run.sh so Xvfb and tauri-driver are up:
//   STOREFRONT_APP=target/release/storefront-app STOREFRONT_CLI=target/release/storefront \
//     bash tests/e2e/run.sh bench-launch.mjs SHOP.db [runs]
import { execSync } from "node:child_process";
import { remote } from "webdriverio";

const [db, runs = "3"] = process.argv.slice(2);
if (!db) throw new Error("usage: bench-launch.mjs SHOP.db [runs]");

for (let i = 1; i <= Number(runs); i++) {
  const started = Date.now();
  const app = await remote({
    hostname: "127.0.0.1",
    port: 4444,
    logLevel: "error",
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: process.env.STOREFRONT_APP, args: ["--db", db] },
    },
  });
  // Whichever screen the merchant used last, it has data once a list or a tile shows.
  await app.waitUntil(
    () => app.execute(() => Boolean(document.querySelector('[data-testid^="tile-"], .vrow .mono, .vrow span:not(.muted)'))),
    { timeout: 120000, interval: 20 },
  );
  console.log(`run ${i}: first screen with data after ${Date.now() - started} ms`);
  if (i === Number(runs)) {
    await app.pause(5000);
    console.log("idle memory (RSS, kB):");
    console.log(execSync("ps -eo rss,comm | grep -E 'storefront-app|WebKitWeb|WebKitNet' || true").toString().trim());
  }
  await app.deleteSession();
}

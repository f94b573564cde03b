// Walks every screen and its tabs in light and dark in the app's window
// (1280×800, narrower than the 1366×768 laptops merchants have), saving a
// screenshot of each and printing what a look would catch: a page wider
// than the window, and text cut short.
// Usage: bash tests/e2e/run.sh screens.mjs SHOP.db
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { byTestId, dom, launch, openScreen, SHOTS } from "./helpers.mjs";

const db = process.argv[2];
const out = join(SHOTS, "screens");
mkdirSync(out, { recursive: true });

const screens = ["dashboard", "orders", "products", "customers", "campaigns", "reconcile", "suppliers", "settings"];

/** Tabs of the open screen (their test ids), to visit each. */
const tabs = () => dom(app, () => [...document.querySelectorAll('[role="tab"][data-testid]')].map((t) => t.getAttribute("data-testid")));

/** What a merchant would notice: the page scrolling sideways, labels cut. */
const problems = () =>
  dom(app, () => {
    const found = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1) found.push(`page ${document.documentElement.scrollWidth}px wide`);
    for (const el of document.querySelectorAll("button, th, label, .tag, h1, h2, h3")) {
      const s = getComputedStyle(el);
      if (el.offsetParent && s.overflow === "hidden" && el.scrollWidth > el.clientWidth + 1) found.push(`cut: ${el.textContent.trim().slice(0, 24)}`);
    }
    return found.slice(0, 8);
  });

const app = await launch(db);
try {
  for (const theme of ["light", "dark"]) {
    await openScreen(app, "settings");
    await (await byTestId(app, "theme")).selectByAttribute("value", theme);
    for (const screen of screens) {
      await openScreen(app, screen);
      const ids = (await tabs()).filter((id) => !id.startsWith("tab-"));
      for (const id of ids.length ? ids : [null]) {
        if (id) await (await byTestId(app, id)).click();
        await app.pause(800);
        const name = `${theme}-${id ?? screen}`;
        await app.saveScreenshot(join(out, `${name}.png`));
        const seen = await problems();
        console.log(`${name}: ${seen.length ? seen.join("; ") : "ok"}`);
      }
    }
  }
  await openScreen(app, "settings");
  await (await byTestId(app, "theme")).selectByAttribute("value", "light");
} finally {
  await app.deleteSession();
}

// Benchmark, not a test: the dashboard in the real window on a given shop —
// from launch to the tiles, to every chart drawn, and the trend chart's
// render time for a year of daily data (from its data to ECharts' first
// frame, as the Chart component records it). Prints its figures. Run through run.sh:
//   STOREFRONT_APP=target/release/storefront-app STOREFRONT_CLI=target/release/storefront \
//     bash tests/e2e/run.sh bench-dashboard.mjs SHOP.db
import { launch } from "./helpers.mjs";

const [db] = process.argv.slice(2);
if (!db) throw new Error("usage: bench-dashboard.mjs SHOP.db");
const CHARTS = ["trend", "channels", "products", "roles", "buyers", "cohorts", "leaders", "distributors", "funnel", "turnover"];

const renderTimes = (app) =>
  app.execute((ids) => ids.map((id) => document.querySelector(`[data-testid="chart-${id}"] .chart`)?.getAttribute("data-render-ms") ?? null), CHARTS);

const started = Date.now();
const app = await launch(db);
await app.waitUntil(() => app.execute(() => Boolean(document.querySelector('[data-testid="tile-30d"]'))), { timeout: 120000, interval: 10 });
const tiles = Date.now() - started;
await app.waitUntil(async () => (await renderTimes(app)).every((ms) => ms !== null), { timeout: 120000, interval: 10 });
const charts = Date.now() - started;
console.log(`launch → tiles ${tiles} ms; → all ${CHARTS.length} charts drawn ${charts} ms (30 days)`);
console.log((await renderTimes(app)).map((ms, i) => `  ${CHARTS[i]}: ${ms} ms`).join("\n"));

// A year, day by day: 365 bars and a line, with the campaigns shaded.
for (let run = 1; run <= 3; run++) {
  await app.execute(() => document.querySelector('[data-testid="period-30d"]')?.click());
  await app.pause(300);
  const t = Date.now();
  await app.execute(() => document.querySelector('[data-testid="period-year"]')?.click());
  await app.waitUntil(async () => (await renderTimes(app)).every((ms) => ms !== null), { timeout: 60000, interval: 10 });
  const all = Date.now() - t;
  const trendMs = () => app.execute(() => document.querySelector('[data-testid="chart-trend"] .chart')?.getAttribute("data-render-ms"));
  const weekly = await trendMs();
  await app.execute(() => document.querySelector('[data-testid="by-day"]')?.click());
  let daily = weekly;
  await app.waitUntil(async () => (daily = await trendMs()) !== weekly, { timeout: 10000, interval: 10 }).catch(() => {});
  console.log(`run ${run}: 12 months, all charts in ${all} ms; trend rendered in ${weekly} ms by week (53 points), ${daily} ms by day (365 points)`);
}
await app.deleteSession();

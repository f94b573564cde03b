// The open-source parts bundled into the app, with their licences, for the
// About panel: every crate linked into the app on any system (cargo tree,
// normal dependencies) and the npm packages in the built UI. Writes
// ui/src/lib/licences.json; with --check, fails when that file is stale.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const out = "ui/src/lib/licences.json";
const tree = execFileSync(
  "cargo",
  ["tree", "-p", "storefront-app", "-e", "normal", "--prefix", "none", "--format", "{p}\t{l}", "--target", "all", "--locked"],
  { encoding: "utf8", maxBuffer: 64 << 20 },
);
const parts = new Map();
for (const line of tree.split("\n")) {
  const [pkg, licence = ""] = line.replace(/ \(\*\)$/, "").split("\t");
  const m = /^(\S+) v(\S+)( \(.*\))?$/.exec(pkg ?? "");
  // Our own crates (a path in parentheses) are not third-party parts.
  if (!m || m[3]) continue;
  parts.set(`${m[1]}@${m[2]}`, { name: m[1], version: m[2], licence: licence.trim() || "see its repository" });
}
const lock = JSON.parse(readFileSync("ui/package-lock.json", "utf8"));
// Svelte compiles into the bundle although it is a build-time package.
const bundled = (path, p) => !p.dev || path === "node_modules/svelte";
for (const [path, p] of Object.entries(lock.packages)) {
  if (!path.startsWith("node_modules/") || !bundled(path, p)) continue;
  const name = path.slice("node_modules/".length);
  parts.set(`${name}@${p.version}`, { name, version: p.version, licence: p.license ?? "see its repository" });
}
const list = [...parts.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
const text = JSON.stringify(list, null, 0).replaceAll("},{", "},\n{") + "\n";
if (process.argv.includes("--check")) {
  if (readFileSync(out, "utf8") !== text) {
    console.error(`${out} is stale: run \`node .ci/licences.mjs\``);
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
  console.log(`${out}: ${list.length} parts`);
}

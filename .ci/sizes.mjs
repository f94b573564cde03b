// Small files and short functions, checked: fails on a source file over
// 600 lines or a function over 80 (Rust `fn`s; TypeScript and Svelte
// `function`s, methods and arrow functions with a body), generated files
// aside. Braces are counted with strings, characters and comments blanked,
// which is all a function's extent needs.
//
// What was over when the gate came is listed in .ci/sizes-allowed.txt
// (`path name lines`): each may shrink, never grow, and leaves the list
// once it fits. Nothing new joins it.
//
//   node .ci/sizes.mjs           exits 1 on anything over and not allowed
//   node .ci/sizes.mjs --top 10  the longest functions, for the notes
//   node .ci/sizes.mjs --allowed the list as it should be now
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const MAX_FILE = 600;
const MAX_FN = 80;
const DIRS = ["src-tauri", "ui/src", "tests"];
const SKIP_DIRS = new Set(["node_modules", "target", "dist", "gen", "fuzz", "corpus", "artifacts"]);
// Generated: checked for staleness by their own tests instead.
const GENERATED = new Set(["ui/src/lib/bindings.ts", "ui/src/lib/commands.ts"]);

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!SKIP_DIRS.has(name)) yield* sources(path);
    } else if (/\.(rs|ts|svelte|mjs)$/.test(name) && !GENERATED.has(relative(ROOT, path))) {
      yield path;
    }
  }
}

/** The text with string, character and comment contents blanked (lines kept). */
function blank(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " "))
    .replace(/(?<![\w"])r(#*)"[\s\S]*?"\1/g, (m) => m.replace(/[^\n]/g, " "))
    .replace(/"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`|'(?:[^'\\\n]|\\.)'/g, (m) => m.replace(/[^\n]/g, " "))
    .replace(/\/\/.*$/gm, "");
}

const RUST_FN = /^\s*(?:pub(?:\([\w:]+\))?\s+)?(?:const\s+|async\s+|unsafe\s+|extern\s+"C"\s+)*fn\s+(\w+)/;
const TS_FN = [
  /^\s*(?:export\s+)?(?:async\s+)?function\s*\*?\s*(\w+)/,
  /^\s*(?:export\s+)?(?:const|let)\s+(\w+)\s*=\s*(?:async\s+)?(?:\([^)]*\)|\w+)\s*(?::[^=]+)?=>\s*\{/,
  /^\s*(?:(?:public|private|protected|static|async|get|set)\s+)*(\w+)\s*\([^)]*\)\s*(?::\s*[^{]+)?\{\s*$/,
];
/// A function that is one list (every command, every exported type, every
/// error code) grows with the product, not with its logic: the comment
/// `// sizes: a list` on the line above it says so, and it is not measured.
const LIST = /\/\/ sizes: a list/;
const NOT_METHODS = new Set(["if", "for", "while", "switch", "catch", "function", "return"]);

/** Each function's name, first line and length. */
function functions(path, text) {
  const lines = blank(text).split("\n");
  const raw = text.split("\n");
  let from = 0;
  let to = lines.length;
  if (path.endsWith(".svelte")) {
    from = lines.findIndex((l) => /<script/.test(l)) + 1;
    to = lines.findIndex((l) => /<\/script>/.test(l));
    if (from === 0 || to < 0) return [];
  }
  const found = [];
  for (let i = from; i < to; i++) {
    const name = path.endsWith(".rs") ? lines[i].match(RUST_FN)?.[1] : tsName(lines[i]);
    if (!name || LIST.test(raw[i - 1] ?? "")) continue;
    const end = closing(lines, i, to);
    if (end !== null) found.push({ name, line: i + 1, length: end - i + 1 });
  }
  return found;
}

function tsName(line) {
  for (const re of TS_FN) {
    const name = line.match(re)?.[1];
    if (name && !NOT_METHODS.has(name)) return name;
  }
  return undefined;
}

/** The line where the body opened at or after `start` closes (null: none, a declaration). */
function closing(lines, start, to) {
  let depth = 0;
  let opened = false;
  for (let i = start; i < to; i++) {
    for (const c of lines[i]) {
      if (c === "{") (depth += 1), (opened = true);
      else if (c === "}") depth -= 1;
      else if (c === ";" && !opened && depth === 0) return null;
    }
    if (opened && depth <= 0) return i;
  }
  return null;
}

const ALLOWED = join(ROOT, ".ci/sizes-allowed.txt");
const allowed = new Map(
  readFileSync(ALLOWED, "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => {
      const [path, name, lines] = l.trim().split(/\s+/);
      return [`${path} ${name}`, Number(lines)];
    }),
);

const top = process.argv.includes("--top") ? Number(process.argv[process.argv.indexOf("--top") + 1]) : 0;
const over = [];
const all = [];
for (const dir of DIRS) {
  for (const path of sources(join(ROOT, dir))) {
    const text = readFileSync(path, "utf8");
    const rel = relative(ROOT, path);
    const count = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    if (count > MAX_FILE) over.push({ key: `${rel} (file)`, length: count, where: rel, max: MAX_FILE });
    for (const f of functions(path, text)) {
      all.push({ ...f, rel });
      if (f.length > MAX_FN) over.push({ key: `${rel} ${f.name}`, length: f.length, where: `${rel}:${f.line} ${f.name}`, max: MAX_FN });
    }
  }
}
if (top) {
  for (const f of all.sort((a, b) => b.length - a.length).slice(0, top)) console.log(`${f.length}\t${f.rel}:${f.line} ${f.name}`);
  process.exit(0);
}
if (process.argv.includes("--allowed")) {
  for (const o of over.sort((a, b) => a.key.localeCompare(b.key))) console.log(`${o.key} ${o.length}`);
  process.exit(0);
}
const problems = [];
for (const o of over) {
  const was = allowed.get(o.key);
  if (was === undefined) problems.push(`${o.where}: ${o.length} lines (at most ${o.max})`);
  else if (o.length > was) problems.push(`${o.where}: ${o.length} lines, grown from ${was} (at most ${o.max}): split it`);
}
const still = new Set(over.map((o) => o.key));
for (const key of allowed.keys()) if (!still.has(key)) problems.push(`${key}: fits now (or is gone): take it off .ci/sizes-allowed.txt`);
for (const p of problems) console.log(p);
if (problems.length) {
  console.log(`${problems.length} size problems: split them (small modules named after the merchant's words).`);
  process.exit(1);
}
console.log(`sizes: every file ≤ ${MAX_FILE} lines and every function ≤ ${MAX_FN}, but ${allowed.size} older ones listed in .ci/sizes-allowed.txt, none grown`);

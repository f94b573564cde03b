// A private PostgreSQL for an end-to-end test, as the Rust tests make one:
// its own cluster in a temp folder, on a loopback port, run as `postgres`
// when the tests run as root (the server refuses root). `close()` stops it
// and removes the folder; call it in `after`, so nothing is left running.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = process.getuid?.() === 0;

function binDir() {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, "bin", "initdb"))) : [];
  versions.sort((a, b) => Number(a) - Number(b));
  if (!versions.length) throw new Error("PostgreSQL is not installed: run `bash .ci/install`");
  return join(base, versions.at(-1), "bin");
}

function asOwner(program, args) {
  return root ? execFileSync("runuser", ["-u", "postgres", "--", program, ...args], { stdio: "pipe" }) : execFileSync(program, args, { stdio: "pipe" });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function startPostgres() {
  const bin = binDir();
  // As root, under /tmp itself: the tests' own temp folder is root's alone,
  // and the server's user could not reach inside it.
  const dir = mkdtempSync(join(root ? "/tmp" : tmpdir(), "storefront-e2e-pg-"));
  if (root) execFileSync("chown", ["postgres", dir]);
  const data = join(dir, "data");
  asOwner(join(bin, "initdb"), ["-D", data, "-U", "storefront", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => asOwner(join(bin, "pg_ctl"), ["-D", data, "-l", join(dir, "log"), "-o", opts, "-w", "start"]);
  const stop = () => {
    try {
      asOwner(join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]);
    } catch {
      // Already stopped.
    }
  };
  start();
  return {
    url: (db) => `postgres://storefront@127.0.0.1:${port}/${db}`,
    createdb: (db) => asOwner(join(bin, "createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", "storefront", db]),
    psql: (db, sql) => asOwner(join(bin, "psql"), ["-h", "127.0.0.1", "-p", String(port), "-U", "storefront", "-d", db, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql]).toString().trim(),
    start,
    stop,
    close() {
      stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

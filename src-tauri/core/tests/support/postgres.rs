//! A private PostgreSQL for one test: its own cluster in a temp folder,
//! listening on a loopback port only, stopped and removed when dropped, so a
//! failing test leaves no server running. Debian's `postgresql` package
//! provides the binaries (`.ci/install` installs it). The server refuses to
//! run as root, so as root it runs as the `postgres` user.
#![allow(dead_code)] // each test binary uses its own part of this

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    pub port: u16,
}

impl Cluster {
    pub fn start() -> Cluster {
        let bin = bin_dir();
        static N: AtomicU32 = AtomicU32::new(0);
        // As root, under /tmp itself: a TMPDIR of root's own would keep the
        // server's user out.
        let base = if is_root() {
            PathBuf::from("/tmp")
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!(
            "storefront-pg-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp folder for the cluster");
        if is_root() {
            must(Command::new("chown").arg("postgres").arg(&dir).output());
        }
        let data = dir.join("data");
        must(
            as_owner(&bin.join("initdb"))
                .args([
                    "-D",
                    &s(&data),
                    "-U",
                    "storefront",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                ])
                .args(["--locale=C.UTF-8", "--no-sync"])
                .output(),
        );
        // A free port can be taken between asking and starting: retry.
        for _ in 0..5 {
            let port = free_port();
            if pg_ctl_start(&bin, &dir, port).status.success() {
                return Cluster { dir, bin, port };
            }
        }
        let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
        panic!("PostgreSQL would not start:\n{log}");
    }

    /// A new empty database; its address for the shop.
    pub fn database(&self, name: &str) -> String {
        must(
            as_owner(&self.bin.join("createdb"))
                .args([
                    "-h",
                    "127.0.0.1",
                    "-p",
                    &self.port.to_string(),
                    "-U",
                    "storefront",
                    name,
                ])
                .output(),
        );
        self.url(name)
    }

    pub fn url(&self, name: &str) -> String {
        format!("postgres://storefront@127.0.0.1:{}/{name}", self.port)
    }

    /// Runs SQL through psql, as a merchant's BI tool would read the shop.
    pub fn psql(&self, db: &str, sql: &str) -> String {
        let out = must(
            Command::new(self.bin.join("psql"))
                .args([
                    "-h",
                    "127.0.0.1",
                    "-p",
                    &self.port.to_string(),
                    "-U",
                    "storefront",
                ])
                .args(["-d", db, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql])
                .output(),
        );
        String::from_utf8(out.stdout)
            .expect("psql prints UTF-8")
            .trim()
            .to_string()
    }

    /// Starts the server again on its port, after `stop`.
    pub fn restart(&self) {
        let out = pg_ctl_start(&self.bin, &self.dir, self.port);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Stops the server as a crash would, for tests of what survives it.
    pub fn stop(&self) {
        let _ = as_owner(&self.bin.join("pg_ctl"))
            .args([
                "-D",
                &s(&self.dir.join("data")),
                "-m",
                "immediate",
                "-w",
                "stop",
            ])
            .output();
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Starts the cluster in `dir` on `port`, loopback only.
fn pg_ctl_start(bin: &Path, dir: &Path, port: u16) -> Output {
    let opts = format!(
        "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
        s(dir)
    );
    as_owner(&bin.join("pg_ctl"))
        .args(["-D", &s(&dir.join("data")), "-l", &s(&dir.join("log"))])
        .args(["-o", &opts, "-w", "start"])
        .output()
        .expect("run pg_ctl")
}

fn bin_dir() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|dirs| dirs.flatten().map(|d| d.path().join("bin")).collect())
        .unwrap_or_default();
    found.retain(|b| b.join("initdb").exists());
    found.sort_by_key(|b| {
        let v = b
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned());
        v.and_then(|v| v.parse::<u32>().ok()).unwrap_or(0)
    });
    found
        .pop()
        .expect("PostgreSQL is not installed: run `bash .ci/install` (Debian's postgresql package)")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0\n"))
        .unwrap_or(false)
}

fn as_owner(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn must(out: std::io::Result<Output>) -> Output {
    let out = out.expect("run a PostgreSQL program");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

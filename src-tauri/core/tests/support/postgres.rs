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
    listen: &'static str,
    /// The TLS cluster's certificates, removed with it.
    certs: Option<PathBuf>,
}

impl Cluster {
    pub fn start() -> Cluster {
        Cluster::start_with(None)
    }

    /// A cluster that also listens on 127.0.0.2 with TLS only, its
    /// certificate for that address signed by a CA of the test's own; the
    /// CA's PEM file, for `SSL_CERT_FILE`. (127.0.0.2 is not "this
    /// machine" to the shop, so it must use TLS there.)
    pub fn start_tls() -> (Cluster, PathBuf) {
        let certs = temp_dir("certs");
        let ca = make_certs(&certs);
        let mut cluster = Cluster::start_with(Some(&certs));
        cluster.certs = Some(certs);
        (cluster, ca)
    }

    fn start_with(tls: Option<&Path>) -> Cluster {
        let bin = bin_dir();
        // As root, under /tmp itself: a TMPDIR of root's own would keep the
        // server's user out.
        let dir = temp_dir("pg");
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
        let listen = match tls {
            Some(certs) => {
                serve_tls(&data, certs);
                "127.0.0.1,127.0.0.2"
            }
            None => "127.0.0.1",
        };
        // A free port can be taken between asking and starting: retry.
        for _ in 0..5 {
            let port = free_port();
            if start_server(&bin, &dir, port, listen).status.success() {
                return Cluster {
                    dir,
                    bin,
                    port,
                    listen,
                    certs: None,
                };
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
        let out = start_server(&self.bin, &self.dir, self.port, self.listen);
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
        for dir in std::iter::once(&self.dir).chain(&self.certs) {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Starts the cluster in `dir` on `port`, on loopback addresses only.
fn start_server(bin: &Path, dir: &Path, port: u16, listen: &str) -> Output {
    let opts = format!(
        "-p {port} -k {} -c listen_addresses={listen} -c fsync=off",
        s(dir)
    );
    as_owner(&bin.join("pg_ctl"))
        .args(["-D", &s(&dir.join("data")), "-l", &s(&dir.join("log"))])
        .args(["-o", &opts, "-w", "start"])
        .output()
        .expect("run pg_ctl")
}

/// A folder of its own under the temp folder, the server's user's when
/// the tests run as root (as root, under /tmp itself: a TMPDIR of root's
/// own would keep that user out).
fn temp_dir(kind: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let base = if is_root() {
        PathBuf::from("/tmp")
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!(
        "storefront-{kind}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temp folder");
    if is_root() {
        must(Command::new("chown").arg("postgres").arg(&dir).output());
    }
    dir
}

/// A CA and a certificate for 127.0.0.2 signed by it (`server.crt`,
/// `server.key`), in `dir`; the CA's PEM file. Any TLS server of a test
/// can serve them.
pub fn make_certs(dir: &Path) -> PathBuf {
    let openssl = |args: &[&str]| {
        must(Command::new("openssl").args(args).current_dir(dir).output());
    };
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=storefront test CA",
    ]);
    // (`req -x509` makes a CA certificate: basicConstraints CA:TRUE.)
    std::fs::write(
        dir.join("ext"),
        "subjectAltName=IP:127.0.0.2\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n",
    )
    .expect("write the extensions");
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.2",
    ]);
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "2",
        "-extfile",
        "ext",
    ]);
    // The server refuses a key others can read.
    if is_root() {
        must(
            Command::new("chown")
                .arg("postgres")
                .arg(dir.join("server.key"))
                .output(),
        );
    }
    must(
        Command::new("chmod")
            .arg("600")
            .arg(dir.join("server.key"))
            .output(),
    );
    dir.join("ca.pem")
}

/// TLS on, and only TLS for connections to 127.0.0.2.
fn serve_tls(data: &Path, certs: &Path) {
    use std::io::Write;
    let append = |file: &str, text: String| {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(data.join(file))
            .expect("the cluster's configuration");
        f.write_all(text.as_bytes())
            .expect("write the configuration");
    };
    append(
        "postgresql.conf",
        format!(
            "\nssl = on\nssl_cert_file = '{}'\nssl_key_file = '{}'\n",
            s(&certs.join("server.crt")),
            s(&certs.join("server.key"))
        ),
    );
    append(
        "pg_hba.conf",
        "\nhostssl all all 127.0.0.2/32 trust\n".into(),
    );
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

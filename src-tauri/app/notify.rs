//! The OS notification, for what the merchant must hear with the window
//! hidden: a supplier's costs moved, a sync failing for an hour.
//!
//! notify-rust directly, over libdbus on Linux, which the window already
//! links. tauri-plugin-notification brought a second D-Bus stack (zbus and
//! its async runtime, about 1 MB of the app, #18) for these two messages; the
//! plugin's JavaScript API was never allowed to the window.

use notify_rust::Notification;
use tauri::AppHandle;

/// Shows `title` and `body` without waiting for the desktop to answer.
pub fn tell(app: &AppHandle, title: &str, body: &str) {
    let note = build(&app.config().identifier, title, body);
    tauri::async_runtime::spawn_blocking(move || show(&note));
}

fn build(identifier: &str, title: &str, body: &str) -> Notification {
    let mut note = Notification::new();
    note.summary(title).body(body).auto_icon();
    // Windows shows a toast under the installed app's name (NSIS registers
    // it); a build run from the target folder has none to borrow.
    #[cfg(windows)]
    if installed() {
        note.app_id(identifier);
    }
    // macOS names the sender by bundle; a dev build has none of its own.
    #[cfg(target_os = "macos")]
    let _ = notify_rust::set_application(if tauri::is_dev() {
        "com.apple.Terminal"
    } else {
        identifier
    });
    #[cfg(not(any(windows, target_os = "macos")))]
    let _ = identifier;
    note
}

#[cfg(windows)]
fn installed() -> bool {
    let Ok(exe) = std::env::current_exe() else {
        return false;
    };
    let dir = exe.parent().map(|d| d.to_string_lossy().into_owned());
    !dir.is_some_and(|d| d.ends_with(r"target\debug") || d.ends_with(r"target\release"))
}

/// A desktop without a notification service still works: what was not shown
/// is in the log.
fn show(note: &Notification) -> bool {
    match note.show() {
        Ok(_) => true,
        Err(e) => {
            log::warn!("notification not shown ({e}): {}", note.summary);
            false
        }
    }
}

// The desktop's side is D-Bus, on Linux.
#[cfg(test)]
#[cfg(target_os = "linux")]
mod tests {
    use std::io::{BufRead, BufReader};
    use std::path::PathBuf;
    use std::process::{Child, Command, Stdio};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use dbus::blocking::Connection;
    use dbus::channel::{Channel, MatchingReceiver, Sender};
    use dbus::message::MatchRule;

    use super::{build, show};

    /// Each notification's summary and body, as the desktop received them.
    type Seen = Arc<Mutex<Vec<(String, String)>>>;

    /// A private session bus with no services to start: what answers is the
    /// test's own.
    const CONFIG: &str = r#"<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen>
<auth>EXTERNAL</auth><policy context="default"><allow send_destination="*"/><allow receive_sender="*"/><allow own="*"/>
</policy></busconfig>"#;

    struct Bus {
        daemon: Child,
        config: PathBuf,
        address: String,
    }

    impl Bus {
        fn start() -> Bus {
            let config =
                std::env::temp_dir().join(format!("storefront-bus-{}.conf", std::process::id()));
            std::fs::write(&config, CONFIG).unwrap();
            let mut daemon = Command::new("dbus-daemon")
                .arg(format!("--config-file={}", config.display()))
                .args(["--nofork", "--print-address"])
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let mut address = String::new();
            BufReader::new(daemon.stdout.take().unwrap())
                .read_line(&mut address)
                .unwrap();
            let address = address.trim().to_string();
            Bus {
                daemon,
                config,
                address,
            }
        }

        /// The desktop's notification service: records each Notify's summary
        /// and body and answers with an id.
        fn serve_notifications(&self) -> (Connection, Seen) {
            let mut channel = Channel::open_private(&self.address).unwrap();
            channel.register().unwrap();
            let service = Connection::from(channel);
            service
                .request_name("org.freedesktop.Notifications", false, true, true)
                .unwrap();
            let seen = Arc::new(Mutex::new(Vec::new()));
            let record = Arc::clone(&seen);
            service.start_receive(
                MatchRule::new_method_call(),
                Box::new(move |call, conn| {
                    if &*call.member().unwrap() == "Notify" {
                        let (_app, _id, _icon, summary, body): (
                            String,
                            u32,
                            String,
                            String,
                            String,
                        ) = call.read5().unwrap();
                        record.lock().unwrap().push((summary, body));
                        conn.send(call.method_return().append1(7u32)).unwrap();
                    }
                    true
                }),
            );
            (service, seen)
        }
    }

    impl Drop for Bus {
        fn drop(&mut self) {
            let _ = self.daemon.kill();
            let _ = self.daemon.wait();
            let _ = std::fs::remove_file(&self.config);
        }
    }

    #[test]
    fn a_notification_reaches_the_desktop_and_its_absence_is_only_logged() {
        let bus = Bus::start();
        std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &bus.address);
        let note = build(
            "cn.storefront.desktop",
            "成本变动 Costs changed · 绿源",
            "涨价 2 降价 1",
        );
        assert!(!show(&note), "nothing serves notifications yet");

        let (service, seen) = bus.serve_notifications();
        let shower = std::thread::spawn(move || show(&note));
        while !shower.is_finished() {
            service.process(Duration::from_millis(20)).unwrap();
        }
        assert!(shower.join().unwrap());
        let seen = seen.lock().unwrap().clone();
        let want = (
            "成本变动 Costs changed · 绿源".to_string(),
            "涨价 2 降价 1".to_string(),
        );
        assert_eq!(seen, [want]);
    }
}

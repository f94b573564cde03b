//! What Windows and macOS merchants have and Linux developers rarely do,
//! run here: a shop in a folder with Chinese and spaces in its name (the
//! desktop, 我的文档, "D:\店铺 备份"), and files saved on Windows, with CRLF
//! line ends and a byte-order mark.

use std::path::Path;

use crate::progress::Silent;
use crate::store::app_lock::AppLock;
use crate::testing::one_product;
use crate::{backup, diagnostics, restore, solitaire, updates, Session, Store};

const ORDERS: &str = "order_no,placed_at,channel,customer,phone,sku,qty,unit_price,remark
A001,2026-11-01 10:00:00,wechat,王阿姨,13800000001,TAO-5,2,36.50,桃 大的
A002,2026-11-01 21:30:00,offline,李叔,13800000002,TAO-5,1,36.50,
";

fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

fn shop_in(dir: &Path) -> Store {
    let folder = dir.join("我的 店铺 (2026)").join("二店 backup");
    std::fs::create_dir_all(&folder).unwrap();
    let store = Store::open(&folder.join("店 铺.db"), Session::new("test")).unwrap();
    one_product(store.conn(), "TAO-5", 3650);
    store
}

fn orders(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_shop_in_a_folder_with_chinese_and_spaces_backs_up_restores_and_locks() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = shop_in(dir.path());
    let path = store.path().to_path_buf();
    let lock = AppLock::take(&path).unwrap();
    crate::io::orders::import(&mut store, ORDERS.as_bytes(), "订单 11月.csv", &Silent).unwrap();
    let daily = backup::daily(&path, store.clock())
        .unwrap()
        .expect("today's backup");
    assert!(
        daily.starts_with(path.parent().unwrap()),
        "{}",
        daily.display()
    );
    assert_eq!(backup::list(&path, store.clock()).unwrap().len(), 1);
    backup::verify(&daily).unwrap();

    store.conn().execute("DELETE FROM order_lines", []).unwrap();
    store.conn().execute("DELETE FROM orders", []).unwrap();
    restore::restore(&mut store, &daily).unwrap();
    assert_eq!(orders(&store), 2, "the backup came back");
    let bytes = std::fs::read(&daily).unwrap();
    restore::restore_bytes(&mut store, &bytes, "店 铺-备份 CON.db").unwrap();
    assert_eq!(orders(&store), 2);

    let zip = path.with_file_name("诊断 信息.zip");
    let facts = diagnostics::Facts {
        version: "0.1.0",
        os: "windows",
        log_dir: None,
        last_session_abnormal: false,
    };
    diagnostics::write(store.conn(), &facts, &zip).unwrap();
    assert!(std::fs::metadata(&zip).unwrap().len() > 0);

    let waiting = updates::Waiting {
        version: "1.2.0".into(),
        manifest: serde_json::json!({ "version": "1.2.0" }),
        bytes: b"pkg".to_vec(),
    };
    let updates_dir = path.with_file_name("更新 包");
    updates::keep(&updates_dir, &waiting).unwrap();
    assert_eq!(
        updates::waiting(&updates_dir).unwrap().unwrap().bytes,
        b"pkg"
    );
    drop(lock);
}

#[test]
fn files_saved_on_windows_read_as_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = shop_in(dir.path());
    let windows = format!("\u{feff}{}", crlf(ORDERS));
    crate::io::orders::import(&mut store, windows.as_bytes(), "订单.csv", &Silent).unwrap();
    let remark: String = store
        .conn()
        .query_row(
            "SELECT remark FROM orders WHERE order_no = 'A001'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(remark, "桃 大的", "no \\r left on the last cell");

    let pasted = "#接龙 桃子\n1. 王阿姨 桃 2\n2. 李叔 桃 1\n";
    let unix = solitaire::parse(store.conn(), store.clock(), pasted).unwrap();
    let win = solitaire::parse(store.conn(), store.clock(), &crlf(pasted)).unwrap();
    assert_eq!(unix.entries.len(), 2);
    let texts = |p: &solitaire::Parsed| -> Vec<String> {
        p.entries
            .iter()
            .map(|e| format!("{} {} {}", e.line, e.customer, e.text))
            .collect()
    };
    assert_eq!(texts(&win), texts(&unix));
}

#[test]
fn the_cli_finds_the_shop_the_app_opens() {
    // Both take the OS data folder (dirs::data_dir: %APPDATA%, ~/Library/
    // Application Support, ~/.local/share) and the app's identifier.
    let conf = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tauri.conf.json");
    let conf: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(conf).unwrap()).unwrap();
    assert_eq!(conf["identifier"], crate::APP_IDENTIFIER);
    let data = Path::new("C:\\Users\\王 芳\\AppData\\Roaming");
    assert!(crate::store::default_db_path(data).ends_with("cn.storefront.desktop/shop.db"));
}

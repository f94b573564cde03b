//! The shop every target reads against: a few products with pack sizes and
//! customers sharing a name, in a scratch folder, opened once per process.

use std::sync::{Mutex, Once, OnceLock};

use storefront_core::{Session, Store};

#[allow(dead_code)] // the statement targets need no shop
pub fn shop() -> &'static Mutex<Store> {
    static SHOP: OnceLock<Mutex<Store>> = OnceLock::new();
    SHOP.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("storefront-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let store = Store::open(&dir.join("shop.db"), Session::new("fuzz")).expect("a scratch shop");
        store
            .conn()
            .execute_batch(
                "INSERT INTO products(id, name, pinyin, created_at, updated_at) VALUES
                   ('p1', '阳山水蜜桃', 'yssmt yangshanshuimitao', 0, 0), ('p2', '散养土鸡蛋', 'sytjd sanyangtujidan', 0, 0);
                 INSERT INTO variants(id, product_id, sku, options, price_fen, created_at, updated_at) VALUES
                   ('v1', 'p1', 'TAO-5', '5斤装', 3990, 0, 0), ('v2', 'p1', 'TAO-10', '10斤装', 7500, 0, 0),
                   ('v3', 'p2', 'JD-30', '30枚', 3600, 0, 0);
                 INSERT INTO customers(id, name, wechat_nick, phone, created_at, updated_at) VALUES
                   ('c1', '黄姐', '', '13811110001', 0, 0), ('c2', '黄姐', '', '13811110002', 0, 0), ('c3', '王阿姨', '桃花朵朵', '', 0, 0);",
            )
            .expect("the scratch shop's catalogue");
        Mutex::new(store)
    })
}

/// An error a person reads: says something, and never repeats a whole
/// megabyte of input back. (Not every target that opens the shop reports
/// errors, hence the allowance.)
#[allow(dead_code)]
pub fn readable(message: &str) {
    assert!(!message.trim().is_empty(), "an empty error message");
    assert!(message.len() < 2000, "an error message of {} bytes", message.len());
}

/// The spreadsheet reader (calamine) panics on some damaged files; the core
/// catches that (`statements::table::sheets`) and reports a damaged file.
/// libFuzzer's hook would abort on the panic before it is caught, so panics
/// from inside calamine are let through to that catch; any other panic
/// still aborts as a crash.
#[allow(dead_code)]
pub fn let_the_core_catch_reader_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_reader = info.location().is_some_and(|l| l.file().contains("/calamine-"));
            if !in_reader {
                abort(info);
            }
        }));
    });
}

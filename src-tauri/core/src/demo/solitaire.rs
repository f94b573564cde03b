//! A 接龙 written from the shop's own customers (names, nicknames, phones)
//! and products (short names, counts, pack sizes), for `bench solitaire`.

use rusqlite::Connection;

use crate::error::{CoreError, Result};

/// The list, deterministic for the shop: every k-th customer, products in
/// turn under the short names buyers write.
pub fn list(conn: &Connection, lines: usize) -> Result<String> {
    let customers: Vec<(String, String, String)> = conn
        .prepare("SELECT name, wechat_nick, phone FROM customers WHERE rowid % 97 = 0 ORDER BY rowid LIMIT ?1")?
        .query_map([lines as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let products: Vec<(String, String)> = conn
        .prepare(
            "SELECT p.name, min(v.options) FROM products p JOIN variants v ON v.product_id = p.id
             WHERE p.archived = 0 GROUP BY p.id ORDER BY p.name LIMIT 60",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if customers.is_empty() || products.is_empty() {
        return Err(CoreError::invalid(
            "shop",
            "no customers or products: run `storefront demo` first",
        ));
    }
    let mut text = format!("#接龙 {} {} 明天到\n", products[0].0, products[0].1);
    for i in 0..lines {
        let (name, nick, phone) = &customers[i % customers.len()];
        let who = match i % 10 {
            0 if !phone.is_empty() => phone,
            1 | 2 if !nick.is_empty() => nick,
            _ => name,
        };
        let (product, options) = &products[i % products.len()];
        let short: String = product
            .chars()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let item = match i % 4 {
            0 => format!("{short}x{}", 1 + i % 3),
            1 => format!("{product} {options} {}个", 1 + i % 2),
            2 => format!("{product}两份"),
            _ => format!("{short} {}", 1 + i % 5),
        };
        text.push_str(&format!("{}. {who} {item}\n", i + 1));
    }
    Ok(text)
}

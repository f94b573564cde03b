//! The order export: orders in the importer's own layout, one row per
//! line, so the file reads back unchanged; in the CLI contract's codes or,
//! from the app in 简体中文, Chinese names and words.

use std::path::Path;

use rusqlite::Connection;

use super::orders_sheet::{HEADER, HEADER_ZH, WORDS_ZH};
use super::Layout;
use crate::catalog::sold_by::SoldBy;
use crate::error::Result;
use crate::money::Money;
use crate::shop_time::ShopClock;

/// Writes orders (all, or the numbers in `only`: the list's ticked ones)
/// in the importer's layout, one row per line, oldest first; returns the
/// number of orders. An order number not in the shop is refused by name.
pub fn export(
    conn: &Connection,
    clock: &ShopClock,
    path: &Path,
    only: &[String],
    layout: Layout,
) -> Result<u32> {
    let word = |code: String| word(layout, code);
    for no in only {
        crate::orders::id_of(conn, no)?;
    }
    let chosen = if only.is_empty() {
        ""
    } else {
        "WHERE o.order_no IN (SELECT value FROM json_each(?1))"
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT o.order_no, o.placed_at, o.channel, COALESCE(c.name, ''), COALESCE(c.phone, ''), v.sku, l.qty,
                l.unit_price_fen, o.remark, COALESCE(d.name, ''), COALESCE(ld.name, ''), COALESCE(pp.name, ''),
                COALESCE(k.name, ''), o.status, o.discount_fen, l.discount_fen, o.refunded_fen, v.sold_by,
                o.delivery, COALESCE(o.arrives_on, ''), COALESCE(pc.carrier, ''), COALESCE(pc.tracking_no, '')
         FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN variants v ON v.id = l.variant_id
         LEFT JOIN customers c ON c.id = o.customer_id LEFT JOIN distributors d ON d.id = o.referrer_id
         LEFT JOIN leaders ld ON ld.id = o.leader_id LEFT JOIN pickup_points pp ON pp.id = o.pickup_point_id
         LEFT JOIN campaigns k ON k.id = o.campaign_id LEFT JOIN parcels pc ON pc.order_id = o.id {chosen}
         ORDER BY o.placed_at, o.order_no, l.line_no"
    ))?;
    let mut rows = Vec::new();
    let mut orders = 0;
    let mut last = String::new();
    let list = serde_json::to_string(only).unwrap_or_default();
    let mut q = if only.is_empty() {
        stmt.query([])?
    } else {
        stmt.query([list])?
    };
    while let Some(r) = q.next()? {
        let order_no: String = r.get(0)?;
        if order_no != last {
            orders += 1;
            last.clone_from(&order_no);
        }
        let money =
            |i: usize| -> rusqlite::Result<String> { Ok(Money::from_fen(r.get(i)?).to_string()) };
        rows.push(vec![
            order_no,
            clock.format(r.get(1)?),
            word(r.get(2)?),
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            SoldBy::from_code(&r.get::<_, String>(17)?).number(r.get(6)?),
            money(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
            r.get(11)?,
            r.get(12)?,
            word(r.get(13)?),
            money(14)?,
            money(15)?,
            money(16)?,
            word(r.get(18)?),
            r.get(19)?,
            r.get(20)?,
            r.get(21)?,
        ]);
    }
    let (header, sheet) = match layout {
        Layout::Codes => (HEADER, "orders"),
        Layout::Chinese => (HEADER_ZH, "订单"),
    };
    super::sheet::write(path, sheet, header, &rows)?;
    Ok(orders)
}

/// A status, channel or delivery code as the layout writes it.
fn word(layout: Layout, code: String) -> String {
    match layout {
        Layout::Codes => code,
        Layout::Chinese => WORDS_ZH
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(code.clone(), |(_, zh)| zh.to_string()),
    }
}

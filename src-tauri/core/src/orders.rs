//! Orders: the list a merchant filters all day, and order entry. Entry never
//! waits on the network; saving is one durable transaction that also holds
//! the stock (committed) and logs the change.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::ids;
use crate::money::Money;
use crate::shop_time;
use crate::stock;
use crate::store::Writer;
use crate::Page;

pub const CHANNELS: &[&str] = &[
    "offline",
    "wechat",
    "solitaire",
    "pinduoduo",
    "youzan",
    "shop",
];
pub const STATUSES: &[&str] = &[
    "draft",
    "awaiting_payment",
    "paid",
    "fulfilled",
    "completed",
    "cancelled",
    "refunded",
];

#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct OrderFilter {
    /// Order number, customer name, WeChat nickname or phone (part of any).
    pub query: Option<String>,
    pub status: Option<String>,
    pub channel: Option<String>,
    /// Business days, `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderRow {
    pub order_no: String,
    /// Shop-local `YYYY-MM-DD HH:MM:SS`.
    pub placed_at: String,
    pub business_day: String,
    pub channel: String,
    pub status: String,
    pub customer: String,
    pub wechat_nick: String,
    pub pickup_point: Option<String>,
    pub total: Money,
    pub paid: Money,
    pub refunded: Money,
    pub items: i32,
}

fn where_clause(f: &OrderFilter) -> (String, Vec<String>) {
    let mut sql = String::from(" WHERE 1=1");
    let mut args = Vec::new();
    // Every `?` in a condition is the one value added with it.
    let mut add = |cond: &str, value: String| {
        args.push(value);
        sql.push_str(&cond.replace('?', &format!("?{}", args.len())));
    };
    if let Some(q) = f.query.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        add(
            " AND (o.order_no LIKE ? OR o.customer_id IN (SELECT id FROM customers WHERE name LIKE ? OR wechat_nick LIKE ? OR phone LIKE ?))",
            format!("%{q}%"),
        );
    }
    if let Some(s) = f.status.as_deref().filter(|s| !s.is_empty()) {
        add(" AND o.status = ?", s.to_string());
    }
    if let Some(c) = f.channel.as_deref().filter(|s| !s.is_empty()) {
        add(" AND o.channel = ?", c.to_string());
    }
    if let Some(d) = f.from.as_deref().filter(|s| !s.is_empty()) {
        add(" AND o.business_day >= ?", d.to_string());
    }
    if let Some(d) = f.to.as_deref().filter(|s| !s.is_empty()) {
        add(" AND o.business_day <= ?", d.to_string());
    }
    (sql, args)
}

/// Orders matching `f`, newest first, one window of the list.
pub fn page(
    conn: &Connection,
    clock: &shop_time::ShopClock,
    f: &OrderFilter,
    offset: u32,
    limit: u32,
) -> Result<Page<OrderRow>> {
    let (cond, args) = where_clause(f);
    let total: u32 = conn.query_row(
        &format!("SELECT count(*) FROM orders o{cond}"),
        rusqlite::params_from_iter(&args),
        |r| r.get(0),
    )?;
    let n = args.len();
    let sql = format!(
        "SELECT o.order_no, o.placed_at, o.business_day, o.channel, o.status,
                COALESCE(c.name, ''), COALESCE(c.wechat_nick, ''), pp.name,
                o.total_fen, o.paid_fen, o.refunded_fen,
                (SELECT sum(qty) FROM order_lines l WHERE l.order_id = o.id)
         FROM (SELECT o.* FROM orders o{cond} ORDER BY o.placed_at DESC, o.order_no DESC LIMIT ?{} OFFSET ?{}) o
         LEFT JOIN customers c ON c.id = o.customer_id
         LEFT JOIN pickup_points pp ON pp.id = o.pickup_point_id
         ORDER BY o.placed_at DESC, o.order_no DESC",
        n + 1,
        n + 2
    );
    let mut values: Vec<rusqlite::types::Value> = args.into_iter().map(Into::into).collect();
    values.push((limit as i64).into());
    values.push((offset as i64).into());
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(values), |r| {
            Ok(OrderRow {
                order_no: r.get(0)?,
                placed_at: clock.format(r.get(1)?),
                business_day: r.get(2)?,
                channel: r.get(3)?,
                status: r.get(4)?,
                customer: r.get(5)?,
                wechat_nick: r.get(6)?,
                pickup_point: r.get(7)?,
                total: Money::from_fen(r.get(8)?),
                paid: Money::from_fen(r.get(9)?),
                refunded: Money::from_fen(r.get(10)?),
                items: r.get::<_, Option<i32>>(11)?.unwrap_or(0),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Page { total, rows })
}

/// What order entry hands to core; prices default to the variant's own.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewOrder {
    pub customer: String,
    pub channel: String,
    pub lines: Vec<NewLine>,
    pub remark: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewLine {
    pub sku: String,
    pub qty: i32,
    pub unit_price: Option<Money>,
}

/// Saves an order awaiting payment: lines priced now (later price changes
/// never touch it), stock held as committed, the customer found by name or
/// nickname or created, the change logged. Returns the order number.
pub fn create(w: &Writer, order: &NewOrder) -> Result<String> {
    if !CHANNELS.contains(&order.channel.as_str()) {
        return Err(CoreError::invalid(
            "channel",
            format!("unknown channel {:?}", order.channel),
        ));
    }
    if order.lines.is_empty() {
        return Err(CoreError::invalid(
            "lines",
            "an order needs at least one line",
        ));
    }
    let now = shop_time::now();
    let day = w.clock.business_day(now);
    let id = ids::new_id();
    let order_no = ids::next_number(w.tx, "order", "S", day)?;
    let customer_id = find_or_create_customer(w, order.customer.trim(), now)?;
    let location = stock::main_location(w.tx)?;
    let mut lines = Vec::with_capacity(order.lines.len());
    for l in &order.lines {
        if l.qty <= 0 {
            return Err(CoreError::invalid(
                "qty",
                format!("{}: quantity must be positive", l.sku),
            ));
        }
        let (variant_id, price): (String, i64) =
            w.tx.query_row(
                "SELECT id, price_fen FROM variants WHERE sku = ?1",
                [&l.sku],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| CoreError::NotFound {
                entity: "sku",
                key: l.sku.clone(),
            })?;
        let unit = l.unit_price.map(Money::fen).unwrap_or(price);
        lines.push((variant_id, l.qty as i64, unit));
    }
    let subtotal: i64 = lines.iter().map(|(_, q, p)| q * p).sum();
    w.tx.execute(
        "INSERT INTO orders(id, order_no, placed_at, business_day, channel, status, customer_id,
                            subtotal_fen, discount_fen, total_fen, remark, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'awaiting_payment', ?6, ?7, 0, ?7, ?8, ?3, ?3)",
        params![
            id,
            order_no,
            now,
            day.to_string(),
            order.channel,
            customer_id,
            subtotal,
            order.remark
        ],
    )?;
    for (i, (variant_id, qty, unit)) in lines.iter().enumerate() {
        w.tx.prepare_cached(
            "INSERT INTO order_lines(id, order_id, line_no, variant_id, qty, unit_price_fen, line_total_fen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![ids::new_id(), id, i as i64 + 1, variant_id, qty, unit, qty * unit])?;
        stock::commit(w.tx, variant_id, &location, *qty)?;
    }
    let summary = format!(
        "{order_no} {} ¥{}",
        order.customer.trim(),
        Money::from_fen(subtotal)
    );
    w.log("order", &id, "create", &summary)?;
    Ok(order_no)
}

fn find_or_create_customer(w: &Writer, name: &str, now: i64) -> Result<Option<String>> {
    if name.is_empty() {
        return Ok(None);
    }
    let found: Option<String> = w
        .tx
        .query_row(
            "SELECT id FROM customers WHERE name = ?1 OR wechat_nick = ?1 ORDER BY created_at LIMIT 1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    if found.is_some() {
        return Ok(found);
    }
    let id = ids::new_id();
    w.tx.execute(
        "INSERT INTO customers(id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
        params![id, name, now],
    )?;
    w.log("customer", &id, "create", name)?;
    Ok(Some(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Session, Store};

    fn shop() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.db"), Session::new("test")).unwrap();
        crate::testing::one_product(store.conn(), "TAO-5", 3650);
        (dir, store)
    }

    fn peach(qty: i32) -> NewOrder {
        NewOrder {
            customer: "王阿姨".into(),
            channel: "wechat".into(),
            lines: vec![NewLine {
                sku: "TAO-5".into(),
                qty,
                unit_price: None,
            }],
            remark: String::new(),
        }
    }

    #[test]
    fn creates_numbered_orders_with_exact_totals_and_a_log() {
        let (_dir, mut store) = shop();
        let a = store.write(|w| create(w, &peach(2))).unwrap();
        let b = store.write(|w| create(w, &peach(1))).unwrap();
        assert!(a.starts_with('S') && a.ends_with("-0001"), "{a}");
        assert!(b.ends_with("-0002"), "{b}");
        let page = page(store.conn(), store.clock(), &OrderFilter::default(), 0, 10).unwrap();
        assert_eq!(page.total, 2);
        assert_eq!(page.rows[0].order_no, b);
        assert_eq!(page.rows[1].total.to_string(), "73.00");
        let committed: i64 = store
            .conn()
            .query_row("SELECT committed FROM stock_levels", [], |r| r.get(0))
            .unwrap();
        assert_eq!(committed, 3);
        let logged: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM change_log WHERE entity='order'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(logged, 2);
        let customers: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            customers, 1,
            "the repeat customer is found, not created again"
        );
    }

    #[test]
    fn a_bad_order_changes_nothing() {
        let (_dir, mut store) = shop();
        let mut bad = peach(1);
        bad.lines.push(NewLine {
            sku: "NOPE".into(),
            qty: 1,
            unit_price: None,
        });
        let err = store.write(|w| create(w, &bad)).unwrap_err();
        assert_eq!(err.code(), "not_found");
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
        let c: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
            .unwrap();
        assert_eq!(c, 0);
    }

    #[test]
    fn filters_by_search_and_status() {
        let (_dir, mut store) = shop();
        let a = store.write(|w| create(w, &peach(2))).unwrap();
        let f = OrderFilter {
            query: Some("王阿".into()),
            ..Default::default()
        };
        assert_eq!(
            page(store.conn(), store.clock(), &f, 0, 10).unwrap().total,
            1
        );
        let f = OrderFilter {
            query: Some(a[..6].to_string()),
            status: Some("paid".into()),
            ..Default::default()
        };
        assert_eq!(
            page(store.conn(), store.clock(), &f, 0, 10).unwrap().total,
            0
        );
    }
}

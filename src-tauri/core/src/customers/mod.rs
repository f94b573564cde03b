//! Customers: who buys, how often, how much; found by name, WeChat
//! nickname, phone or pinyin; edited with their default pickup point,
//! address, tags and notes.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Refusal, Result};
use crate::money::Money;
use crate::search_key::pinyin_key;
use crate::shop_time::{self, ShopClock};
use crate::store::Writer;
use crate::Page;

pub mod due;
mod find;
pub mod lookup;
pub mod merge;
#[cfg(test)]
mod merge_tests;
pub mod phone;
pub use find::{ambiguous, candidates, find_or_create, find_or_create_from};
pub use lookup::lookup;

#[derive(Debug, Clone, Serialize, TS)]
pub struct CustomerRow {
    pub id: String,
    pub name: String,
    pub wechat_nick: String,
    pub phone: String,
    pub pickup_point: Option<String>,
    pub tags: String,
    pub orders: i32,
    /// Totals of their orders that were not cancelled, net of refunds.
    pub spent: Money,
    pub last_order: Option<String>,
}

/// A customer as lists show them, from `c` (customers) and `pp` (their
/// pickup point): their orders' count, spend and last time are read per
/// row, so only for the rows shown; all three over the same orders (no
/// drafts, no cancelled ones), so "0 orders" never comes with a last order.
const ROW: &str = "SELECT c.id, c.name, c.wechat_nick, c.phone, pp.name, c.tags,
        (SELECT count(*) FROM orders o WHERE o.customer_id = c.id AND o.status NOT IN ('cancelled', 'draft')),
        (SELECT COALESCE(sum(o.total_fen - o.refunded_fen), 0) FROM orders o WHERE o.customer_id = c.id AND o.status NOT IN ('cancelled', 'draft')),
        (SELECT max(o.placed_at) FROM orders o WHERE o.customer_id = c.id AND o.status NOT IN ('cancelled', 'draft'))";

/// One customer as the lists show them.
pub(crate) fn row_of(conn: &Connection, clock: &ShopClock, id: &str) -> Result<CustomerRow> {
    Ok(conn.query_row(
        &format!("{ROW} FROM customers c LEFT JOIN pickup_points pp ON pp.id = c.default_pickup_id WHERE c.id = ?1"),
        [id],
        |r| customer_row(r, clock),
    )?)
}

fn customer_row(r: &rusqlite::Row, clock: &ShopClock) -> rusqlite::Result<CustomerRow> {
    Ok(CustomerRow {
        id: r.get(0)?,
        name: r.get(1)?,
        wechat_nick: r.get(2)?,
        phone: r.get(3)?,
        pickup_point: r.get(4)?,
        tags: r.get(5)?,
        orders: r.get(6)?,
        spent: Money::from_fen(r.get(7)?),
        last_order: r.get::<_, Option<i64>>(8)?.map(|t| clock.format(t)),
    })
}

pub fn page(
    conn: &Connection,
    clock: &ShopClock,
    query: &str,
    offset: u32,
    limit: u32,
) -> Result<Page<CustomerRow>> {
    let pattern = crate::search_key::contains_pattern(query);
    let filter = "WHERE (?1 = '' OR c.name LIKE ?1 ESCAPE '\\' OR c.wechat_nick LIKE ?1 ESCAPE '\\'
        OR c.phone LIKE ?1 ESCAPE '\\' OR c.pinyin LIKE ?1 ESCAPE '\\')";
    // Without a query the count reads the smallest index, not every row
    // (2 against 40 ms for half a million customers).
    let total: u32 = match pattern.is_empty() {
        true => conn.query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?,
        false => conn.query_row(
            &format!("SELECT count(*) FROM customers c {filter}"),
            [&pattern],
            |r| r.get(0),
        )?,
    };
    // Aggregates are computed for the page's rows only, after LIMIT.
    let mut stmt = conn.prepare(&format!(
        "{ROW} FROM (SELECT * FROM customers c {filter} ORDER BY c.name, c.id LIMIT ?2 OFFSET ?3) c
         LEFT JOIN pickup_points pp ON pp.id = c.default_pickup_id
         ORDER BY c.name, c.id"
    ))?;
    let rows = stmt
        .query_map(params![pattern, limit, offset], |r| customer_row(r, clock))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Page::counted(total, rows))
}

/// A customer as the edit form holds it; `id` is empty for a new one.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CustomerInput {
    pub id: Option<String>,
    pub name: String,
    pub wechat_nick: String,
    pub phone: String,
    pub default_pickup_id: Option<String>,
    pub address: String,
    pub tags: String,
    pub notes: String,
}

/// One customer: who they are, what they bought, and their totals.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CustomerDetail {
    pub customer: CustomerInput,
    pub orders: i32,
    /// Totals of their orders that were not cancelled, net of refunds.
    pub spent: Money,
    pub average: Money,
    pub first_order: Option<String>,
    pub last_order: Option<String>,
    /// Their membership: the level's name and the points they have.
    pub member_level: Option<String>,
    #[ts(type = "number")]
    pub points: i64,
    /// Still to pay on their orders (as the unpaid list counts it), and on
    /// how many orders.
    pub owed: Money,
    pub unpaid_orders: i32,
    /// Refunds recorded for them and not yet paid back.
    pub refunds_owed: Money,
}

/// Saves a new or edited customer; returns the id.
pub fn save(w: &Writer, c: &CustomerInput) -> Result<String> {
    let name = c.name.trim();
    if name.is_empty() {
        return Err(CoreError::refused(
            Refusal::NameRequired,
            &[("what", "customer".into())],
            "a customer needs a name".into(),
        ));
    }
    let now = shop_time::now();
    let pickup = c.default_pickup_id.as_deref().filter(|p| !p.is_empty());
    let existing = c.id.as_deref().filter(|id| !id.is_empty());
    let id = existing.map_or_else(crate::ids::new_id, str::to_string);
    if existing.is_none() {
        w.tx.execute(
            "INSERT INTO customers(id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
            params![id, name, now],
        )?;
    }
    let n = w.tx.execute(
        "UPDATE customers SET name = ?2, wechat_nick = ?3, phone = ?4, pinyin = ?5, default_pickup_id = ?6,
                address = ?7, tags = ?8, notes = ?9, updated_at = ?10 WHERE id = ?1",
        params![id, name, c.wechat_nick.trim(), phone::normalize(&c.phone), pinyin_key(name), pickup, c.address.trim(), c.tags.trim(), c.notes.trim(), now],
    )?;
    if n == 0 {
        return Err(CoreError::NotFound {
            entity: "customer",
            key: id,
        });
    }
    w.log("customer", &id, "save", name)?;
    Ok(id)
}

pub fn detail(conn: &Connection, clock: &ShopClock, id: &str) -> Result<CustomerDetail> {
    let customer = conn
        .query_row(
            "SELECT id, name, wechat_nick, phone, default_pickup_id, address, tags, notes FROM customers WHERE id = ?1",
            [id],
            |r| {
                Ok(CustomerInput {
                    id: Some(r.get(0)?),
                    name: r.get(1)?,
                    wechat_nick: r.get(2)?,
                    phone: r.get(3)?,
                    default_pickup_id: r.get(4)?,
                    address: r.get(5)?,
                    tags: r.get(6)?,
                    notes: r.get(7)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: "customer", key: id.to_string() })?;
    let (orders, spent, first, last): (i32, i64, Option<i64>, Option<i64>) = conn.query_row(
        "SELECT count(*), COALESCE(sum(total_fen - refunded_fen), 0), min(placed_at), max(placed_at)
         FROM orders WHERE customer_id = ?1 AND status NOT IN ('cancelled', 'draft')",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let money = money_matters(conn, id)?;
    Ok(CustomerDetail {
        customer,
        orders,
        spent: Money::from_fen(spent),
        average: Money::from_fen(if orders > 0 {
            (spent + orders as i64 / 2) / orders as i64
        } else {
            0
        }),
        first_order: first.map(|t| clock.format(t)),
        last_order: last.map(|t| clock.format(t)),
        member_level: money.member_level,
        points: money.points,
        owed: Money::from_fen(money.owed_fen),
        unpaid_orders: money.unpaid_orders,
        refunds_owed: Money::from_fen(money.refunds_owed_fen),
    })
}

/// What stands between the shop and a customer: membership, money owed
/// either way.
struct MoneyMatters {
    member_level: Option<String>,
    points: i64,
    owed_fen: i64,
    unpaid_orders: i32,
    refunds_owed_fen: i64,
}

fn money_matters(conn: &Connection, id: &str) -> Result<MoneyMatters> {
    let (member_level, points): (Option<String>, i64) = conn
        .query_row(
            "SELECT COALESCE(l.name, m.level), m.points FROM members m LEFT JOIN member_levels l ON l.level = m.level
             WHERE m.customer_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .map_or((None, 0), |(l, p)| (Some(l), p));
    // The unpaid list's terms (orders::where_clause, `unpaid`).
    let (owed_fen, unpaid_orders): (i64, i32) = conn.query_row(
        "SELECT COALESCE(sum(total_fen - refunded_fen - paid_fen), 0), count(*) FROM orders
         WHERE customer_id = ?1 AND status IN ('awaiting_payment', 'fulfilled', 'completed')
           AND channel <> 'pinduoduo' AND paid_fen < total_fen - refunded_fen",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let refunds_owed_fen: i64 = conn.query_row(
        "SELECT COALESCE(sum(r.amount_fen), 0) FROM refunds r JOIN orders o ON o.id = r.order_id
         WHERE o.customer_id = ?1 AND r.status = 'owed'",
        [id],
        |r| r.get(0),
    )?;
    Ok(MoneyMatters {
        member_level,
        points,
        owed_fen,
        unpaid_orders,
        refunds_owed_fen,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orders::{self, NewOrder};
    use crate::store::{Session, Store};

    #[test]
    fn a_customer_is_edited_found_by_pinyin_and_shows_their_history() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db"), Session::new("test")).unwrap();
        crate::testing::one_product(store.conn(), "TAO-5", 3650);
        let new = CustomerInput {
            name: "王阿姨".into(),
            phone: "13800000001".into(),
            tags: "回头客".into(),
            ..Default::default()
        };
        let id = store.write(|w| save(w, &new)).unwrap();
        for qty in [1, 2] {
            let order = NewOrder {
                customer_id: Some(id.clone()),
                ..crate::testing::peach_order("", qty)
            };
            store.write(|w| crate::checkout::create(w, &order)).unwrap();
        }
        let edited = CustomerInput {
            id: Some(id.clone()),
            name: "王阿姨".into(),
            wechat_nick: "桃花朵朵".into(),
            notes: "只要大果".into(),
            ..new
        };
        store.write(|w| save(w, &edited)).unwrap();
        let d = detail(store.conn(), store.clock(), &id).unwrap();
        assert_eq!(
            (d.customer.wechat_nick.as_str(), d.customer.notes.as_str()),
            ("桃花朵朵", "只要大果")
        );
        assert_eq!(
            (d.orders, d.spent.to_string(), d.average.to_string()),
            (2, "109.50".into(), "54.75".into())
        );
        let mine = orders::OrderFilter {
            customer_id: Some(id.clone()),
            ..Default::default()
        };
        let history = orders::page(store.conn(), store.clock(), &mine, 0, 50)
            .unwrap()
            .rows;
        assert_eq!(history.len(), 2, "their orders");
        // Both orders still unpaid, no membership, nothing owed back.
        assert_eq!(
            (
                d.owed.to_string(),
                d.unpaid_orders,
                d.member_level,
                d.refunds_owed.to_string()
            ),
            ("109.50".into(), 2, None, "0.00".into())
        );
        store
            .write(|w| crate::campaigns::members::enrol(w, "王阿姨", "", "gold"))
            .unwrap();
        // The first order paid in cash, then cancelled: its money is owed back.
        let first = history.last().unwrap().order_no.clone();
        crate::testing::pay_cash(&mut store, &first, 3650);
        store
            .write(|w| crate::checkout::status::set(w, &first, "cancelled", false))
            .unwrap();
        let d = detail(store.conn(), store.clock(), &id).unwrap();
        assert_eq!(
            (
                d.owed.to_string(),
                d.unpaid_orders,
                d.refunds_owed.to_string()
            ),
            ("73.00".into(), 1, "36.50".into())
        );
        assert_eq!((d.member_level.as_deref(), d.points), (Some("金卡会员"), 0));
        let found = page(store.conn(), store.clock(), "way", 0, 10).unwrap();
        assert_eq!(found.total, 1, "pinyin initials");
        assert!(
            store.write(|w| save(w, &CustomerInput::default())).is_err(),
            "a name is needed"
        );
    }
}

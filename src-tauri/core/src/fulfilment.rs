//! Fulfilment: what to pick for a business day, grouped per pickup point
//! (自提点) or per group leader (团长) — the handover sheet a leader signs —
//! and handing a whole group over in one go.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::sold_by::SoldBy;
use crate::error::Result;
use crate::grouped;
use crate::money::Money;

use crate::store::Writer;

#[derive(Debug, Clone, Serialize, TS)]
pub struct PickItem {
    pub sku: String,
    pub name: String,
    /// Pieces, or grams for goods sold by weight.
    pub qty: i32,
    pub sold_by: SoldBy,
    /// The quantity as it is picked: `3`, `2.35斤`.
    pub qty_text: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PickOrder {
    pub order_no: String,
    pub customer: String,
    /// Last four digits, as a leader reads them out at handover.
    pub phone_tail: String,
    pub pickup_code: Option<String>,
    pub items: Vec<PickItem>,
    pub total: Money,
    /// Still to collect at pickup (total − paid − refunded), if any.
    pub due: Money,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PickGroup {
    /// The pickup point, or the leader; empty for orders with neither.
    pub name: String,
    pub leader: String,
    pub address: String,
    pub items: Vec<PickItem>,
    pub orders: Vec<PickOrder>,
}

/// Which orders a day's pick list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PickDay {
    /// Those placed that day, whenever their goods arrive.
    Placed,
    /// Those handed over that day: arriving then (预售), or placed then
    /// without an arrival day of their own.
    Arrival,
}

impl PickDay {
    /// The orders' condition, the day being `?1`.
    fn condition(self) -> &'static str {
        match self {
            PickDay::Placed => "o.business_day = ?1",
            PickDay::Arrival => {
                "(o.arrives_on = ?1 OR (o.arrives_on IS NULL AND o.business_day = ?1))"
            }
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PickList {
    pub day: String,
    pub by_leader: bool,
    pub by: PickDay,
    pub groups: Vec<PickGroup>,
    /// Everything to take off the shelf for the day.
    pub totals: Vec<PickItem>,
}

/// Orders of `day` still to hand over (awaiting payment or paid), grouped.
pub fn pick_list(
    conn: &Connection,
    day: NaiveDate,
    by: PickDay,
    by_leader: bool,
) -> Result<PickList> {
    let group_expr = if by_leader {
        "COALESCE(ld.name, '')"
    } else {
        "COALESCE(pp.name, '')"
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT {group_expr} AS grp, COALESCE(ld.name, ''), COALESCE(pp.address, ''), o.order_no, COALESCE(c.name, ''),
                substr(COALESCE(c.phone, ''), -4), o.pickup_code, o.total_fen, o.total_fen - o.paid_fen - o.refunded_fen,
                v.sku, trim(p.name || ' ' || v.options), l.qty, v.sold_by
         FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id
         LEFT JOIN customers c ON c.id = o.customer_id LEFT JOIN pickup_points pp ON pp.id = o.pickup_point_id
         LEFT JOIN leaders ld ON ld.id = COALESCE(o.leader_id, pp.leader_id)
         WHERE {} AND o.status IN ('awaiting_payment', 'paid')
           AND (o.group_buy_id IS NULL OR (SELECT status FROM group_buys g WHERE g.id = o.group_buy_id) = 'filled')
         ORDER BY grp = '', grp, o.order_no, l.line_no",
        by.condition()
    ))?;
    let mut groups: Vec<PickGroup> = Vec::new();
    let mut rows = stmt.query([day.to_string()])?;
    while let Some(r) = rows.next()? {
        let name: String = r.get(0)?;
        let group = grouped::entry(
            &mut groups,
            |g| g.name == name,
            || {
                Ok(PickGroup {
                    name: name.clone(),
                    leader: r.get(1)?,
                    address: r.get(2)?,
                    items: Vec::new(),
                    orders: Vec::new(),
                })
            },
        )?;
        let order_no: String = r.get(3)?;
        let order = grouped::entry(
            &mut group.orders,
            |o| o.order_no == order_no,
            || {
                Ok(PickOrder {
                    order_no: order_no.clone(),
                    customer: r.get(4)?,
                    phone_tail: r.get(5)?,
                    pickup_code: r.get(6)?,
                    items: Vec::new(),
                    total: Money::from_fen(r.get(7)?),
                    due: Money::from_fen(r.get::<_, i64>(8)?.max(0)),
                })
            },
        )?;
        let item = pick_item(r)?;
        order.items.push(item.clone());
        add(&mut group.items, &item);
    }
    let mut totals = Vec::new();
    for g in &mut groups {
        g.items.sort_by(|a, b| a.name.cmp(&b.name));
        for item in &g.items {
            add(&mut totals, item);
        }
    }
    totals.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(PickList {
        day: day.to_string(),
        by_leader,
        by,
        groups,
        totals,
    })
}

/// The goods of a pick list's row (columns 9 to 12).
fn pick_item(r: &rusqlite::Row) -> rusqlite::Result<PickItem> {
    let sold_by = SoldBy::from_code(&r.get::<_, String>(12)?);
    Ok(PickItem {
        sku: r.get(9)?,
        name: r.get(10)?,
        qty: r.get(11)?,
        sold_by,
        qty_text: sold_by.show(r.get(11)?),
    })
}

fn add(items: &mut Vec<PickItem>, item: &PickItem) {
    match items.iter_mut().find(|i| i.sku == item.sku) {
        Some(i) => {
            i.qty += item.qty;
            i.qty_text = i.sold_by.show(i64::from(i.qty));
        }
        None => items.push(item.clone()),
    }
}

/// Hands a group's orders over at once: each becomes fulfilled (its goods
/// leave the shelf) in one transaction; a shortage refuses the whole batch.
pub fn hand_over(w: &Writer, order_nos: &[String]) -> Result<u32> {
    for no in order_nos {
        crate::checkout::status::set(w, no, "fulfilled", false)?;
    }
    Ok(order_nos.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orders::{NewLine, NewOrder};
    use crate::store::{Session, Store};

    #[test]
    fn groups_the_days_orders_per_pickup_point_and_hands_them_over() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db"), Session::new("test")).unwrap();
        crate::testing::one_product(store.conn(), "TAO-5", 3650);
        store
            .conn()
            .execute_batch(
                "INSERT INTO leaders(id, name, created_at) VALUES ('L1', '张团长', 0);
                 INSERT INTO pickup_points(id, leader_id, name, address, created_at) VALUES ('P1', 'L1', '阳光小区3栋', '3栋门卫室', 0);",
            )
            .unwrap();
        let order = |customer: &str, pickup: Option<&str>, qty| NewOrder {
            customer: customer.into(),
            channel: "wechat".into(),
            pickup_point_id: pickup.map(str::to_string),
            lines: vec![NewLine {
                sku: "TAO-5".into(),
                qty,
                ..Default::default()
            }],
            ..Default::default()
        };
        let a = store
            .write(|w| crate::checkout::create(w, &order("王阿姨", Some("P1"), 2)))
            .unwrap();
        let b = store
            .write(|w| crate::checkout::create(w, &order("李姐", Some("P1"), 1)))
            .unwrap();
        store
            .write(|w| crate::checkout::create(w, &order("路人", None, 1)))
            .unwrap();
        let today = store.clock().today();
        let list = pick_list(store.conn(), today, PickDay::Placed, false).unwrap();
        assert_eq!(list.groups.len(), 2);
        let point = &list.groups[0];
        assert_eq!(
            (
                point.name.as_str(),
                point.leader.as_str(),
                point.orders.len()
            ),
            ("阳光小区3栋", "张团长", 2)
        );
        assert_eq!(point.items[0].qty, 3);
        assert_eq!(
            point.orders[0].due.to_string(),
            "73.00",
            "collect at pickup what is unpaid"
        );
        assert_eq!(
            list.groups[1].name, "",
            "orders without a pickup point come last"
        );
        assert_eq!(list.totals[0].qty, 4);
        store.write(|w| hand_over(w, &[a, b])).unwrap();
        let list = pick_list(store.conn(), today, PickDay::Placed, true).unwrap();
        assert_eq!(list.groups.len(), 1, "handed over orders leave the list");
        assert!(crate::check::run(store.conn()).unwrap().ok);
    }
}

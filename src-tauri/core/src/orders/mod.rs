//! Orders as the ledger: the list a merchant filters all day, an order
//! written with its lines (`insert`), each status's stock effect and the
//! refund lines (`status`). Pricing, entry and the steps a merchant takes
//! an order through, with what follows them, are `checkout`'s.

pub mod detail;
pub mod insert;
pub mod status;
#[cfg(test)]
mod tests;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::money::Money;
use crate::shop_time;
use crate::Page;

pub use detail::{choices, detail, EntryChoices, OrderDetail, Parcel};
pub use insert::{Applied, NewLine, NewOrder};

/// The id of the order numbered `order_no`.
pub fn id_of(conn: &Connection, order_no: &str) -> Result<String> {
    use rusqlite::OptionalExtension;
    conn.query_row(
        "SELECT id FROM orders WHERE order_no = ?1",
        [order_no],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| crate::CoreError::NotFound {
        entity: "order",
        key: order_no.to_string(),
    })
}

pub const CHANNELS: &[&str] = &[
    "offline",
    "wechat",
    "solitaire",
    "pinduoduo",
    "youzan",
    "shop",
];
/// How an order reaches its buyer: collected (自提), brought by the shop
/// (送货) or sent by courier (快递).
pub const DELIVERIES: &[&str] = &["pickup", "delivery", "courier"];

/// A delivery mode from its code or the merchant's word; empty is `pickup`.
pub fn delivery(text: &str) -> Result<&'static str> {
    let code = match text.trim() {
        "" | "自提" => "pickup",
        "送货" => "delivery",
        "快递" => "courier",
        other => other,
    };
    DELIVERIES
        .iter()
        .find(|d| code.eq_ignore_ascii_case(d))
        .copied()
        .ok_or_else(|| {
            crate::CoreError::invalid(
                "delivery",
                format!("{text:?} is not pickup (自提), delivery (送货) or courier (快递)"),
            )
        })
}

/// An arrival day as typed (`YYYY-MM-DD`; empty is none), refused when it
/// is not a day or falls before `today`: goods cannot arrive in the past.
pub fn arrival_day(text: Option<&str>, today: chrono::NaiveDate) -> Result<Option<String>> {
    use crate::error::{CoreError, Refusal};
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        CoreError::refused(
            Refusal::NotADay,
            &[("text", text.to_string())],
            format!("not a day: {text:?}"),
        )
    })?;
    if day < today {
        return Err(CoreError::refused(
            Refusal::ArrivesInThePast,
            &[("day", day.to_string())],
            format!("{day} has passed: an arrival day is today or later"),
        ));
    }
    Ok(Some(day.to_string()))
}

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
    #[ts(type = "OrderStatus | null")]
    pub status: Option<String>,
    #[ts(type = "Channel | null")]
    pub channel: Option<String>,
    /// Business days, `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    pub pickup_point_id: Option<String>,
    /// Only orders collected, brought or sent by courier.
    #[serde(default)]
    #[ts(type = "Delivery | null")]
    pub delivery: Option<String>,
    /// One customer's orders (their history).
    #[serde(default)]
    pub customer_id: Option<String>,
    /// Only orders still owed money: awaiting payment, or handed over
    /// before being paid in full.
    #[serde(default)]
    pub unpaid: bool,
    /// What a chart's bar stands for (drill-down): orders with this SKU,
    /// of this campaign, leader or referrer.
    #[serde(default)]
    pub sku: Option<String>,
    #[serde(default)]
    pub campaign_id: Option<String>,
    #[serde(default)]
    pub leader_id: Option<String>,
    #[serde(default)]
    pub referrer_id: Option<String>,
    /// Only orders that count in sales figures (neither draft nor cancelled).
    #[serde(default)]
    pub counted: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderRow {
    pub order_no: String,
    /// Shop-local `YYYY-MM-DD HH:MM:SS`.
    pub placed_at: String,
    pub business_day: String,
    #[ts(type = "Channel")]
    pub channel: String,
    #[ts(type = "OrderStatus")]
    pub status: String,
    pub customer: String,
    pub wechat_nick: String,
    pub pickup_point: Option<String>,
    pub total: Money,
    pub paid: Money,
    pub refunded: Money,
    pub items: i32,
}

/// A WHERE clause and its values; each `?` in a condition is its value.
struct Where {
    sql: String,
    args: Vec<String>,
}

impl Where {
    fn add(&mut self, cond: &str, value: String) {
        self.args.push(value);
        self.sql
            .push_str(&cond.replace('?', &format!("?{}", self.args.len())));
    }
}

fn where_clause(f: &OrderFilter, broad: bool) -> (String, Vec<String>) {
    let mut w = Where {
        sql: String::from(" WHERE 1=1"),
        args: Vec::new(),
    };
    if let Some(q) = f.query.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        w.add(if broad { SEARCH_PROBE } else { SEARCH }, q.to_string());
        // Up to four digits: also the day's sequence number (`42` → `…-0042`)
        // and a phone's last digits.
        if q.len() <= 4 && q.bytes().all(|b| b.is_ascii_digit()) {
            w.add(
                " OR substr(o.order_no, -4) = ? OR o.customer_id IN (SELECT id FROM customers WHERE substr(phone, -4) = ?)",
                format!("{q:0>4}"),
            );
        }
        w.sql.push(')');
    }
    let filters = [
        (" AND o.status = ?", &f.status),
        (" AND o.channel = ?", &f.channel),
        (" AND o.business_day >= ?", &f.from),
        (" AND o.business_day <= ?", &f.to),
        (" AND o.pickup_point_id = ?", &f.pickup_point_id),
        (" AND o.delivery = ?", &f.delivery),
        (" AND o.customer_id = ?", &f.customer_id),
        (" AND o.campaign_id = ?", &f.campaign_id),
        (" AND o.leader_id = ?", &f.leader_id),
        (" AND o.referrer_id = ?", &f.referrer_id),
        (
            " AND o.id IN (SELECT l.order_id FROM order_lines l JOIN variants v ON v.id = l.variant_id WHERE v.sku = ?)",
            &f.sku,
        ),
    ];
    for (cond, value) in filters {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            w.add(cond, v.to_string());
        }
    }
    if f.counted {
        w.sql
            .push_str(" AND o.status NOT IN ('draft', 'cancelled')");
    }
    if f.unpaid {
        // The same terms as the `orders_unpaid` index; marketplace orders
        // are paid through the platform.
        w.sql.push_str(
            " AND o.status IN ('awaiting_payment', 'fulfilled', 'completed') AND o.channel <> 'pinduoduo' AND o.paid_fen < o.total_fen - o.refunded_fen",
        );
    }
    (w.sql, w.args)
}

/// What the merchant types finds orders by the start of their number, or
/// customers by the start of a name, WeChat nickname, pinyin or phone;
/// each an index range, so a million orders answer at once. The clause
/// is closed after the optional digit terms.
const SEARCH: &str = " AND (o.order_no >= ? AND o.order_no < ? || '~'
    OR o.customer_id IN (
      SELECT id FROM customers WHERE name >= ? AND name < ? || char(1114111)
      UNION SELECT id FROM customers WHERE wechat_nick >= ? AND wechat_nick < ? || char(1114111)
      UNION SELECT id FROM customers WHERE pinyin >= lower(?) AND pinyin < lower(?) || '~'
      UNION SELECT id FROM customers WHERE phone >= ? AND phone < ? || '~')";

/// [`SEARCH`] for a search matching many customers: each order walked
/// looks its customer up and tests them, instead of first gathering every
/// matching customer (42,000 for `138`).
const SEARCH_PROBE: &str = " AND (o.order_no >= ? AND o.order_no < ? || '~'
    OR EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id AND (
      c.name >= ? AND c.name < ? || char(1114111)
      OR c.wechat_nick >= ? AND c.wechat_nick < ? || char(1114111)
      OR c.pinyin >= lower(?) AND c.pinyin < lower(?) || '~'
      OR c.phone >= ? AND c.phone < ? || '~'))";

/// A broad search counts its orders this far and says "more".
const BROAD_COUNT: u32 = 1000;

/// How a search that only a query narrows is answered depends on how
/// common its matches are among the newest orders. Common (`王`, `w`,
/// `138`: one order in thirty or more), the page walks the newest orders,
/// looking each customer up, and stops when it is full; gathering every
/// matching customer first would take tens of thousands of them. Rarer,
/// gathering them through their indexes is quicker than the walk.
fn broad_search(conn: &Connection, f: &OrderFilter) -> Result<bool> {
    if f.query.as_deref().is_none_or(|q| q.trim().is_empty()) {
        return Ok(false);
    }
    // Any other filter narrows the walk too far: the planner's way is best.
    let rest = OrderFilter {
        query: None,
        ..f.clone()
    };
    if f.unpaid || !where_clause(&rest, false).1.is_empty() {
        return Ok(false);
    }
    let (cond, args) = where_clause(f, true);
    let sample: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM (SELECT * FROM orders INDEXED BY orders_placed
               ORDER BY placed_at DESC LIMIT {SAMPLE}) o{cond}"
        ),
        rusqlite::params_from_iter(&args),
        |r| r.get(0),
    )?;
    Ok(sample * 40 >= SAMPLE)
}

/// The newest orders a search is tried on to see how common it is.
const SAMPLE: i64 = 2000;

/// Orders matching `f`, newest first, one window of the list.
pub fn page(
    conn: &Connection,
    clock: &shop_time::ShopClock,
    f: &OrderFilter,
    offset: u32,
    limit: u32,
) -> Result<Page<OrderRow>> {
    let broad = broad_search(conn, f)?;
    let (cond, args) = where_clause(f, broad);
    // Without statistics the planner would walk every fulfilled order by
    // status; the still-unpaid are few and have an index of their own. A
    // broad search walks the newest orders and stops when it has enough.
    let (hint, cap) = match (broad, f.unpaid) {
        (true, _) => (
            " INDEXED BY orders_placed",
            format!(" LIMIT {}", BROAD_COUNT + 1),
        ),
        (false, true) => (" INDEXED BY orders_unpaid", String::new()),
        (false, false) => ("", String::new()),
    };
    let counted: u32 = conn.query_row(
        &format!("SELECT count(*) FROM (SELECT 1 FROM orders o{hint}{cond}{cap})"),
        rusqlite::params_from_iter(&args),
        |r| r.get(0),
    )?;
    let more = counted > BROAD_COUNT && broad;
    let total = if more { BROAD_COUNT } else { counted };
    let n = args.len();
    let sql = format!(
        "SELECT o.order_no, o.placed_at, o.business_day, o.channel, o.status,
                COALESCE(c.name, ''), COALESCE(c.wechat_nick, ''), pp.name,
                o.total_fen, o.paid_fen, o.refunded_fen,
                (SELECT sum(qty) FROM order_lines l WHERE l.order_id = o.id)
         FROM (SELECT o.* FROM orders o{hint}{cond} ORDER BY o.placed_at DESC, o.order_no DESC LIMIT ?{} OFFSET ?{}) o
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
    Ok(Page { total, rows, more })
}

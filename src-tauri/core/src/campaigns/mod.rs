//! Campaigns and the people who sell with us: group buys (拼团), group
//! leaders (团长) and pickup points, two-level distributors, promotions,
//! and the campaign records their orders are counted under.

pub mod bundles;
pub mod distribution;
pub mod flash;
pub mod groupbuy;
pub mod leaders;
pub mod members;
pub mod names;
pub mod promotions;
pub mod rates;
pub mod records;
#[cfg(test)]
mod tests;
pub mod trust;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::money::Money;
use crate::shop_time::ShopClock;

/// What follows the money kept on an order (paid up to its total, less
/// refunds): commissions and member points. Called in the same
/// transaction as every change of paid or refunded money.
pub fn follow_money(conn: &Connection, order_id: &str, at: i64) -> Result<()> {
    distribution::follow_money(conn, order_id, at)?;
    members::follow_points(conn, order_id, at)
}

/// A rate in basis points as people read it: `8%`, `2.5%`.
pub fn rate_text(bp: i64) -> String {
    let whole = bp / 100;
    let frac = bp % 100;
    if frac == 0 {
        format!("{whole}%")
    } else {
        format!("{}%", format!("{whole}.{frac:02}").trim_end_matches('0'))
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct GroupBuyRow {
    pub id: String,
    pub name: String,
    pub sku: String,
    pub product: String,
    pub price: Money,
    pub group_size: i32,
    pub joined: i32,
    pub deadline: String,
    pub status: String,
    /// Units one customer may take; 0 for no limit.
    pub per_customer_limit: i32,
    /// Refunds still owed to members of a failed group, and their sum.
    pub refunds_owed: i32,
    pub refunds_owed_amount: Money,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct LeaderRow {
    pub id: String,
    pub name: String,
    pub phone: String,
    pub rate: String,
    pub pickup_points: String,
    pub orders: i32,
    pub sales: Money,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CouponRow {
    pub code: String,
    pub kind: String,
    pub value: Money,
    pub percent: String,
    pub threshold: Money,
    pub valid_to: String,
    pub used: i32,
    pub usage_limit: i32,
    pub n_items: i32,
    /// Whether it combines with other stackable coupons.
    pub stackable: bool,
    /// `not_started`, `active`, `expired` or `used_up`, at the time listed.
    pub status: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CampaignsOverview {
    pub campaigns: Vec<records::CampaignRow>,
    pub group_buys: Vec<GroupBuyRow>,
    pub leaders: Vec<LeaderRow>,
    pub distributors: Vec<distribution::Standing>,
    pub coupons: Vec<CouponRow>,
}

pub fn overview(conn: &Connection, clock: &ShopClock) -> Result<CampaignsOverview> {
    Ok(CampaignsOverview {
        campaigns: records::list(conn, clock)?,
        group_buys: group_buys(conn, clock)?,
        leaders: leaders(conn)?,
        distributors: distribution::standings(conn)?,
        coupons: coupons(conn, clock, crate::shop_time::now())?,
    })
}

pub fn group_buys(conn: &Connection, clock: &ShopClock) -> Result<Vec<GroupBuyRow>> {
    let mut stmt = conn.prepare(
        "SELECT g.id, g.name, v.sku, p.name, g.price_fen, g.group_size,
                (SELECT count(*) FROM orders o WHERE o.group_buy_id = g.id AND (g.status = 'failed' OR o.status NOT IN ('cancelled', 'refunded'))),
                g.deadline, g.status, g.per_customer_limit,
                (SELECT count(*) FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.group_buy_id = g.id AND r.status = 'owed'),
                (SELECT COALESCE(sum(r.amount_fen), 0) FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.group_buy_id = g.id AND r.status = 'owed')
         FROM group_buys g JOIN variants v ON v.id = g.variant_id JOIN products p ON p.id = v.product_id
         ORDER BY g.deadline DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(GroupBuyRow {
            id: r.get(0)?,
            name: r.get(1)?,
            sku: r.get(2)?,
            product: r.get(3)?,
            price: Money::from_fen(r.get(4)?),
            group_size: r.get(5)?,
            joined: r.get(6)?,
            deadline: clock.format(r.get(7)?),
            status: r.get(8)?,
            per_customer_limit: r.get(9)?,
            refunds_owed: r.get(10)?,
            refunds_owed_amount: Money::from_fen(r.get(11)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn leaders(conn: &Connection) -> Result<Vec<LeaderRow>> {
    let mut stmt = conn.prepare(
        "SELECT l.id, l.name, l.phone, l.commission_rate_bp,
                COALESCE((SELECT group_concat(name, '、') FROM pickup_points p WHERE p.leader_id = l.id), ''),
                COALESCE(t.n, 0), COALESCE(t.sales, 0)
         FROM leaders l LEFT JOIN (
           SELECT leader_id, count(*) AS n, sum(total_fen - refunded_fen) AS sales FROM orders
           WHERE leader_id IS NOT NULL AND status <> 'cancelled' GROUP BY leader_id
         ) t ON t.leader_id = l.id
         ORDER BY COALESCE(t.sales, 0) DESC, l.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(LeaderRow {
            id: r.get(0)?,
            name: r.get(1)?,
            phone: r.get(2)?,
            rate: rate_text(r.get(3)?),
            pickup_points: r.get(4)?,
            orders: r.get(5)?,
            sales: Money::from_fen(r.get(6)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every coupon with what it has been used for and whether it can be used
/// at `now` (as order entry would judge it).
pub fn coupons(conn: &Connection, clock: &ShopClock, now: i64) -> Result<Vec<CouponRow>> {
    let mut stmt = conn.prepare(
        "SELECT code, kind, value_fen, percent_bp, threshold_fen, valid_to, used, usage_limit, n_items, stackable,
                CASE WHEN valid_from > ?1 THEN 'not_started' WHEN valid_to < ?1 THEN 'expired'
                     WHEN usage_limit > 0 AND used >= usage_limit THEN 'used_up' ELSE 'active' END
         FROM (SELECT c.*, (SELECT count(*) FROM order_coupons oc JOIN orders o ON o.id = oc.order_id
                            WHERE oc.coupon_id = c.id AND o.status NOT IN ('cancelled', 'draft')) AS used
               FROM coupons c)
         ORDER BY valid_to DESC",
    )?;
    let rows = stmt.query_map([now], |r| {
        Ok(CouponRow {
            code: r.get(0)?,
            kind: r.get(1)?,
            value: Money::from_fen(r.get(2)?),
            percent: rate_text(r.get(3)?),
            threshold: Money::from_fen(r.get(4)?),
            valid_to: clock.business_day(r.get(5)?).to_string(),
            used: r.get(6)?,
            usage_limit: r.get(7)?,
            n_items: r.get(8)?,
            stackable: r.get(9)?,
            status: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

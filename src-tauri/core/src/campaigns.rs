//! Campaigns and the people who sell with us: group buys (拼团), group
//! leaders (团长) and pickup points, two-level distributors, coupons.

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::money::Money;
use crate::shop_time::ShopClock;

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
pub struct CampaignRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub starts: String,
    pub ends: String,
    pub spend: Money,
    pub orders: i32,
    pub gmv: Money,
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
pub struct DistributorRow {
    pub id: String,
    pub name: String,
    pub level: i32,
    pub recruiter: Option<String>,
    pub rate1: Option<String>,
    pub rate2: Option<String>,
    pub orders: i32,
    /// Accruals net of clawbacks.
    pub commission: Money,
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
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CampaignsOverview {
    pub campaigns: Vec<CampaignRow>,
    pub group_buys: Vec<GroupBuyRow>,
    pub leaders: Vec<LeaderRow>,
    pub distributors: Vec<DistributorRow>,
    pub coupons: Vec<CouponRow>,
}

pub fn overview(conn: &Connection, clock: &ShopClock) -> Result<CampaignsOverview> {
    Ok(CampaignsOverview {
        campaigns: campaigns(conn, clock)?,
        group_buys: group_buys(conn, clock)?,
        leaders: leaders(conn)?,
        distributors: distributors(conn)?,
        coupons: coupons(conn, clock)?,
    })
}

pub fn campaigns(conn: &Connection, clock: &ShopClock) -> Result<Vec<CampaignRow>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.name, c.kind, c.starts_at, c.ends_at, c.spend_fen, COALESCE(t.n, 0), COALESCE(t.gmv, 0)
         FROM campaigns c LEFT JOIN (
           SELECT campaign_id, count(*) AS n, sum(total_fen) AS gmv FROM orders
           WHERE campaign_id IS NOT NULL AND status <> 'cancelled' GROUP BY campaign_id
         ) t ON t.campaign_id = c.id
         ORDER BY c.starts_at DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(CampaignRow {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: r.get(2)?,
            starts: clock.business_day(r.get(3)?).to_string(),
            ends: clock.business_day(r.get(4)?).to_string(),
            spend: Money::from_fen(r.get(5)?),
            orders: r.get(6)?,
            gmv: Money::from_fen(r.get(7)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn group_buys(conn: &Connection, clock: &ShopClock) -> Result<Vec<GroupBuyRow>> {
    let mut stmt = conn.prepare(
        "SELECT g.id, g.name, v.sku, p.name, g.price_fen, g.group_size,
                (SELECT count(*) FROM orders o WHERE o.group_buy_id = g.id AND o.status <> 'cancelled'),
                g.deadline, g.status
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

pub fn distributors(conn: &Connection) -> Result<Vec<DistributorRow>> {
    let mut stmt = conn.prepare(
        "SELECT d.id, d.name, d.level, r.name, d.rate1_bp, d.rate2_bp,
                (SELECT count(*) FROM orders o WHERE o.referrer_id = d.id AND o.status <> 'cancelled'),
                COALESCE((SELECT sum(amount_fen) FROM commissions c WHERE c.distributor_id = d.id), 0)
         FROM distributors d LEFT JOIN distributors r ON r.id = d.recruiter_id
         ORDER BY d.level, d.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(DistributorRow {
            id: r.get(0)?,
            name: r.get(1)?,
            level: r.get(2)?,
            recruiter: r.get(3)?,
            rate1: r.get::<_, Option<i64>>(4)?.map(rate_text),
            rate2: r.get::<_, Option<i64>>(5)?.map(rate_text),
            orders: r.get(6)?,
            commission: Money::from_fen(r.get(7)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn coupons(conn: &Connection, clock: &ShopClock) -> Result<Vec<CouponRow>> {
    let mut stmt = conn.prepare(
        "SELECT c.code, c.kind, c.value_fen, c.percent_bp, c.threshold_fen, c.valid_to,
                (SELECT count(*) FROM orders o WHERE o.coupon_id = c.id AND o.status <> 'cancelled'), c.usage_limit
         FROM coupons c ORDER BY c.valid_to DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(CouponRow {
            code: r.get(0)?,
            kind: r.get(1)?,
            value: Money::from_fen(r.get(2)?),
            percent: rate_text(r.get(3)?),
            threshold: Money::from_fen(r.get(4)?),
            valid_to: clock.business_day(r.get(5)?).to_string(),
            used: r.get(6)?,
            usage_limit: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn rates_read_naturally() {
        assert_eq!(super::rate_text(800), "8%");
        assert_eq!(super::rate_text(250), "2.5%");
        assert_eq!(super::rate_text(1234), "12.34%");
    }
}

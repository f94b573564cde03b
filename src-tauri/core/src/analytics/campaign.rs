//! Campaign results: the net P&L of one campaign on the money actually
//! received, as the waterfall shows it, and the 拼团 funnel.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::{percent, Period};
use crate::campaigns::records::{self, ratio};
use crate::error::Result;
use crate::money::Money;
use crate::shop_time::ShopClock;

/// One bar of the waterfall: a running total (`total`) or a deduction.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Step {
    /// `gross`, `coupons`, `discounts`, `gmv`, `unpaid`, `paid`, `cost`,
    /// `gross_profit`, `commissions`, `fees`, `refunds`, `spend`, `net`.
    pub key: String,
    pub total: bool,
    pub amount: Money,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CampaignReport {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub from: String,
    pub to: String,
    pub orders: i32,
    /// Goods at their line prices, before any discount.
    pub gross: Money,
    /// What the orders' coupons took off.
    pub coupons: Money,
    /// Member discounts, points and bundle prices.
    pub discounts: Money,
    /// Order totals (cancelled excluded): the attributed GMV.
    pub gmv: Money,
    /// Money received against those orders (reconciled payments).
    pub paid: Money,
    /// What the goods of the paid and shipped orders cost, at each line's
    /// cost when sold.
    pub cost: Money,
    /// 毛利: paid − cost of goods.
    pub gross_profit: Money,
    /// 毛利率: gross profit ÷ paid, as a percentage.
    pub gross_margin: Option<String>,
    /// Lines of those orders with no cost price (counted at 0: the 毛利 is
    /// too high by what they cost).
    pub lines_without_cost: i32,
    /// GMV not received; below zero when customers paid more (多付).
    pub unpaid: Money,
    /// Commission lines net of clawbacks.
    pub commissions: Money,
    /// The payment processors' fees on the payments for these orders.
    pub fees: Money,
    pub refunds: Money,
    /// Ads, KOL fees and other spend lines.
    pub spend: Money,
    /// 净利: gross profit − commissions − fees − refunds − spend.
    pub net: Money,
    /// 投产比: GMV ÷ spend.
    pub roi: Option<String>,
    #[ts(type = "number")]
    pub views: i64,
    #[ts(type = "number")]
    pub clicks: i64,
    pub ctr: Option<String>,
    pub conversion: Option<String>,
    pub steps: Vec<Step>,
}

/// The cost of the goods of the campaign's orders that were paid or have
/// left the shelf (an order awaiting payment has neither brought money nor
/// used goods; a refunded one's refund is its own line), and how many of
/// their lines had no cost price.
/// Kept in the `campaign_costs` rollup.
fn goods_cost(conn: &Connection, campaign_id: &str) -> Result<(i64, i32)> {
    Ok(conn
        .query_row(
            "SELECT cost_fen, costless_lines FROM campaign_costs WHERE campaign_id = ?1",
            [campaign_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((0, 0)))
}

/// The P&L of the campaign `key` names (id, code or name).
pub fn report(conn: &Connection, clock: &ShopClock, key: &str) -> Result<CampaignReport> {
    let id = records::find(conn, key)?;
    let (name, kind, starts, ends, spend): (String, String, i64, i64, i64) = conn.query_row(
        "SELECT name, kind, starts_at, ends_at, spend_fen FROM campaigns WHERE id = ?1",
        [&id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    // The campaign's money, from its rollup (kept with the facts).
    let m = conn
        .query_row(
            "SELECT orders, gross_fen, gmv_fen, paid_fen, refunded_fen, coupons_fen, commission_fen, fee_fen
             FROM campaign_sales WHERE campaign_id = ?1",
            [&id],
            |r| {
                Ok([
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ])
            },
        )
        .optional()?
        .unwrap_or([0i64; 8]);
    let [orders, gross, gmv, paid, refunds, coupons, commissions, fees] = m;
    let (views, clicks): (i64, i64) = conn.query_row(
        "SELECT COALESCE(sum(views), 0), COALESCE(sum(clicks), 0) FROM campaign_traffic WHERE campaign_id = ?1",
        [&id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (cost, lines_without_cost) = goods_cost(conn, &id)?;
    let gross_profit = paid - cost;
    let net = gross_profit - commissions - fees - refunds - spend;
    let step = |key: &str, total: bool, fen: i64| Step {
        key: key.to_string(),
        total,
        amount: Money::from_fen(fen),
    };
    let steps = vec![
        step("gross", true, gross),
        step("coupons", false, coupons),
        step("discounts", false, gross - gmv - coupons),
        step("gmv", true, gmv),
        step("unpaid", false, gmv - paid),
        step("paid", true, paid),
        step("cost", false, cost),
        step("gross_profit", true, gross_profit),
        step("commissions", false, commissions),
        step("fees", false, fees),
        step("refunds", false, refunds),
        step("spend", false, spend),
        step("net", true, net),
    ];
    Ok(CampaignReport {
        id,
        name,
        kind,
        from: clock.business_day(starts).to_string(),
        to: clock.business_day(ends).to_string(),
        orders: orders as i32,
        gross: Money::from_fen(gross),
        coupons: Money::from_fen(coupons),
        discounts: Money::from_fen(gross - gmv - coupons),
        gmv: Money::from_fen(gmv),
        paid: Money::from_fen(paid),
        unpaid: Money::from_fen(gmv - paid),
        cost: Money::from_fen(cost),
        gross_profit: Money::from_fen(gross_profit),
        gross_margin: percent(gross_profit, paid).map(|p| format!("{p}%")),
        lines_without_cost,
        commissions: Money::from_fen(commissions),
        fees: Money::from_fen(fees),
        refunds: Money::from_fen(refunds),
        spend: Money::from_fen(spend),
        net: Money::from_fen(net),
        roi: ratio(gmv, spend, 1),
        views,
        clicks,
        ctr: ratio(clicks, views, 100).map(|p| format!("{p}%")),
        conversion: ratio(orders, clicks, 100).map(|p| format!("{p}%")),
        steps,
    })
}

/// 拼团 from opening to the goods handed over, for deals opened in the period.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Funnel {
    pub deals: i32,
    pub filled_deals: i32,
    pub failed_deals: i32,
    pub open_deals: i32,
    /// Filled ÷ decided deals, one decimal.
    pub success_pct: Option<String>,
    /// Member orders: joined, in a filled group, paid, handed over.
    pub joined: i32,
    pub in_filled: i32,
    pub paid: i32,
    pub fulfilled: i32,
}

pub fn funnel(conn: &Connection, clock: &ShopClock, p: Period) -> Result<Funnel> {
    let (start, end) = p.instants(clock);
    let (deals, filled, failed, open): (i64, i64, i64, i64) = conn.query_row(
        "SELECT count(*), COALESCE(sum(status = 'filled'), 0), COALESCE(sum(status = 'failed'), 0), COALESCE(sum(status = 'open'), 0)
         FROM group_buys WHERE created_at >= ?1 AND created_at < ?2",
        [start, end],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let (joined, in_filled, paid, fulfilled): (i64, i64, i64, i64) = conn.query_row(
        "SELECT count(*), COALESCE(sum(g.status = 'filled'), 0),
                COALESCE(sum(g.status = 'filled' AND o.paid_fen >= o.total_fen), 0),
                COALESCE(sum(g.status = 'filled' AND o.status IN ('fulfilled', 'completed')), 0)
         FROM group_buys g JOIN orders o ON o.group_buy_id = g.id
         WHERE g.created_at >= ?1 AND g.created_at < ?2",
        [start, end],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    Ok(Funnel {
        deals: deals as i32,
        filled_deals: filled as i32,
        failed_deals: failed as i32,
        open_deals: open as i32,
        success_pct: percent(filled, filled + failed),
        joined: joined as i32,
        in_filled: in_filled as i32,
        paid: paid as i32,
        fulfilled: fulfilled as i32,
    })
}

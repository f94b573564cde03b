//! Campaign records: what ran when, what it cost (ads, KOL fees, and the
//! coupons' cost from its orders), the orders that belong to it (by coupon,
//! group buy, referrer's link, live-session code or an import's campaign
//! column) and its traffic, so click-through, conversion and ROI (投产比)
//! come from facts.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::promotions::parse_day;
use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::money::Money;
use crate::shop_time::{self, ShopClock};
use crate::store::Writer;
use crate::table::files::{clean, read_table, shown, Table};
use crate::table::{BadLine, Why};

pub const KINDS: &[&str] = &[
    "groupbuy",
    "live",
    "flash",
    "coupon",
    "holiday",
    "solitaire",
    "general",
];

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct NewCampaign {
    pub name: String,
    #[ts(type = "CampaignKind")]
    pub kind: String,
    /// Business days, `YYYY-MM-DD`, inclusive.
    pub starts: String,
    pub ends: String,
    pub notes: String,
    /// The code a live session gives out, typed in order entry.
    pub code: Option<String>,
    /// The distributor whose link the campaign runs on, by name: their
    /// orders in its dates belong to it.
    pub referrer: Option<String>,
    /// The day its goods arrive (预售, `YYYY-MM-DD`, today or later): the
    /// orders taken in it carry it.
    pub arrives_on: Option<String>,
}

pub fn add(w: &Writer, c: &NewCampaign) -> Result<String> {
    let name = c.name.trim();
    if name.is_empty() {
        return Err(CoreError::refused(
            Refusal::NameRequired,
            &[("what", "campaign".into())],
            "a campaign needs a name".into(),
        ));
    }
    if !KINDS.contains(&c.kind.as_str()) {
        return Err(CoreError::invalid(
            "kind",
            format!("a campaign is one of {}", KINDS.join(", ")),
        ));
    }
    let starts = w.clock.day_start(parse_day(&c.starts)?);
    let ends = w.clock.day_start(parse_day(&c.ends)?) + 86_399;
    if ends < starts {
        return Err(CoreError::refused(
            Refusal::EndsBeforeStarts,
            &[("what", "campaign".into())],
            "a campaign ends after it starts".into(),
        ));
    }
    let referrer = match c
        .referrer
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        Some(r) => Some(super::names::distributor(w.tx, r)?),
        None => None,
    };
    let code = c.code.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let today = w.clock.business_day(shop_time::now());
    let arrives_on = crate::orders::arrival_day(c.arrives_on.as_deref(), today)?;
    let id = ids::new_id();
    w.tx.execute(
        "INSERT INTO campaigns(id, name, kind, starts_at, ends_at, notes, code, referrer_id, created_at, arrives_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![id, name, c.kind, starts, ends, c.notes.trim(), code, referrer, shop_time::now(), arrives_on],
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
            CoreError::refused(
                Refusal::CodeTaken,
                &[("what", "campaign".into()), ("code", code.unwrap_or_default().to_string())],
                format!("another campaign has the code {}", code.unwrap_or_default()),
            )
        }
        e => e.into(),
    })?;
    w.log("campaign", &id, "create", name)?;
    Ok(id)
}

/// The campaign `key` names: its id, its code or its name.
pub fn find(conn: &Connection, key: &str) -> Result<String> {
    conn.query_row(
        "SELECT id FROM campaigns WHERE id = ?1 OR code = ?1 OR name = ?1 ORDER BY id = ?1 DESC, code = ?1 DESC, starts_at DESC LIMIT 1",
        [key.trim()],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        entity: "campaign",
        key: key.to_string(),
    })
}

/// The campaign an order from `referrer_id` at `at` belongs to: one that
/// runs on their link then, if any.
pub fn of_referrer(conn: &Connection, referrer_id: &str, at: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM campaigns WHERE referrer_id = ?1 AND ?2 BETWEEN starts_at AND ends_at ORDER BY starts_at DESC LIMIT 1",
        )?
        .query_row(params![referrer_id, at], |r| r.get(0))
        .optional()?)
}

/// A cost of the campaign: `ads`, `kol` or `other`.
pub fn add_spend(
    w: &Writer,
    campaign_id: &str,
    kind: &str,
    amount: Money,
    note: &str,
) -> Result<()> {
    if !["ads", "kol", "other"].contains(&kind) {
        return Err(CoreError::invalid("kind", "spend is ads, kol or other"));
    }
    if amount.fen() <= 0 {
        return Err(CoreError::refused(
            Refusal::SpendNotPositive,
            &[],
            "spend is more than 0".into(),
        ));
    }
    w.tx.execute(
        "INSERT INTO campaign_spend(id, campaign_id, kind, amount_fen, note, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![ids::new_id(), campaign_id, kind, amount.fen(), note, shop_time::now()],
    )?;
    w.tx.execute(
        "UPDATE campaigns SET spend_fen = spend_fen + ?2 WHERE id = ?1",
        params![campaign_id, amount.fen()],
    )?;
    w.log(
        "campaign",
        campaign_id,
        "spend",
        &format!("{kind} ¥{amount}"),
    )?;
    Ok(())
}

/// Days of traffic read from a file, all written or none.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TrafficImport {
    pub days: i32,
    #[ts(type = "number")]
    pub views: i64,
    #[ts(type = "number")]
    pub clicks: i64,
}

/// Reads a traffic CSV/XLSX (`day, views, clicks`, or 日期, 浏览量, 点击量)
/// into the campaign; a day already there is replaced. A bad cell fails the
/// whole file with its line and column, and nothing is written.
pub fn import_traffic(
    w: &Writer,
    campaign_id: &str,
    bytes: &[u8],
    file_name: &str,
) -> Result<TrafficImport> {
    let days = read_table(bytes)
        .and_then(|table| traffic_days(&table))
        .map_err(|e| e.in_file(file_name))?;
    for (d, v, c) in &days {
        w.tx.execute(
            "INSERT INTO campaign_traffic(campaign_id, day, views, clicks) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(campaign_id, day) DO UPDATE SET views = excluded.views, clicks = excluded.clicks",
            params![campaign_id, d.to_string(), v, c],
        )?;
    }
    let report = TrafficImport {
        days: days.len() as i32,
        views: days.iter().map(|d| d.1).sum(),
        clicks: days.iter().map(|d| d.2).sum(),
    };
    w.log(
        "campaign",
        campaign_id,
        "traffic",
        &format!("{} days", report.days),
    )?;
    Ok(report)
}

/// Each row of a traffic file as (day, views, clicks), or the first bad
/// cell by line and column.
fn traffic_days(table: &Table) -> Result<Vec<(chrono::NaiveDate, i64, i64)>, BadLine> {
    let col = |names: &[&str]| {
        table
            .header
            .iter()
            .position(|h| names.contains(&h.to_lowercase().as_str()))
    };
    let (Some(day), Some(views), Some(clicks)) = (
        col(&["day", "date", "日期"]),
        col(&["views", "浏览", "浏览量", "曝光", "曝光量"]),
        col(&["clicks", "点击", "点击量"]),
    ) else {
        return Err(BadLine::on_line(
            1,
            "the header needs day, views and clicks (日期, 浏览量, 点击量)",
        )
        .because(Why::NotATrafficFile));
    };
    let mut days = Vec::new();
    for row in &table.rows {
        let cell = |i: usize| clean(row.cell(i)).to_string();
        let d = chrono::NaiveDate::parse_from_str(&cell(day).replace('/', "-"), "%Y-%m-%d")
            .map_err(|_| {
                BadLine::at(
                    row.line,
                    day + 1,
                    format!("not a day: {}", shown(&cell(day))),
                )
                .because(Why::NotADay {
                    cell: Why::excerpt(&cell(day)),
                })
            })?;
        let number = |i: usize| {
            cell(i)
                .replace(',', "")
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or_else(|| {
                    BadLine::at(row.line, i + 1, format!("not a count: {}", shown(&cell(i))))
                        .because(Why::NotACount {
                            cell: Why::excerpt(&cell(i)),
                        })
                })
        };
        let (v, c) = (number(views)?, number(clicks)?);
        if c > v {
            return Err(BadLine::at(
                row.line,
                clicks + 1,
                format!("{c} clicks is more than {v} views"),
            )
            .because(Why::ClicksOverViews {
                clicks: c.to_string(),
                views: v.to_string(),
            }));
        }
        days.push((d, v, c));
    }
    Ok(days)
}

/// A campaign with its headline figures.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CampaignRow {
    pub id: String,
    pub name: String,
    #[ts(type = "CampaignKind")]
    pub kind: String,
    pub starts: String,
    pub ends: String,
    /// Ads, KOL fees and other costs recorded.
    pub spend: Money,
    /// What the campaign's coupons took off the orders that used them.
    pub coupon_cost: Money,
    pub orders: i32,
    /// Totals of its orders, cancelled ones left out.
    pub gmv: Money,
    pub paid: Money,
    pub refunds: Money,
    pub aov: Money,
    #[ts(type = "number")]
    pub views: i64,
    #[ts(type = "number")]
    pub clicks: i64,
    /// 投产比: attributed GMV ÷ spend, two decimals; none without spend. What
    /// the coupons took is a cost of its own (`coupon_cost`, and the P&L).
    pub roi: Option<String>,
    /// Clicks ÷ views and orders ÷ clicks, as percentages; none without traffic.
    pub ctr: Option<String>,
    pub conversion: Option<String>,
}

/// Every campaign, newest first, with its figures, from the campaign rollup
/// the database keeps with the facts (`analytics::rollups`); coupon cost is
/// what coupons took off the campaign's orders.
pub fn list(conn: &Connection, clock: &ShopClock) -> Result<Vec<CampaignRow>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.name, c.kind, c.starts_at, c.ends_at, c.spend_fen,
                COALESCE(t.orders, 0), COALESCE(t.gmv_fen, 0), COALESCE(t.paid_fen, 0), COALESCE(t.refunded_fen, 0),
                COALESCE(t.coupons_fen, 0),
                COALESCE((SELECT sum(views) FROM campaign_traffic WHERE campaign_id = c.id), 0),
                COALESCE((SELECT sum(clicks) FROM campaign_traffic WHERE campaign_id = c.id), 0)
         FROM campaigns c LEFT JOIN campaign_sales t ON t.campaign_id = c.id
         ORDER BY c.starts_at DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        let (orders, gmv): (i64, i64) = (r.get(6)?, r.get(7)?);
        let (spend, coupon_cost): (i64, i64) = (r.get(5)?, r.get(10)?);
        let (views, clicks): (i64, i64) = (r.get(11)?, r.get(12)?);
        Ok(CampaignRow {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: r.get(2)?,
            starts: clock.business_day(r.get(3)?).to_string(),
            ends: clock.business_day(r.get(4)?).to_string(),
            spend: Money::from_fen(spend),
            coupon_cost: Money::from_fen(coupon_cost),
            orders: orders as i32,
            gmv: Money::from_fen(gmv),
            paid: Money::from_fen(r.get(8)?),
            refunds: Money::from_fen(r.get(9)?),
            aov: Money::from_fen(if orders > 0 {
                crate::money::half_up_ratio(gmv as i128, orders as i128)
            } else {
                0
            }),
            views,
            clicks,
            roi: ratio(gmv, spend, 1),
            ctr: ratio(clicks, views, 100).map(|p| format!("{p}%")),
            conversion: ratio(orders, clicks, 100).map(|p| format!("{p}%")),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// `num × scale ÷ den` to two decimals, half-up; none when `den` is 0.
pub(crate) fn ratio(num: i64, den: i64, scale: i64) -> Option<String> {
    if den <= 0 {
        return None;
    }
    let hundredths = crate::money::half_up_ratio(num as i128 * scale as i128 * 100, den as i128);
    Some(Money::from_fen(hundredths).to_string())
}

/// The campaign's arrival day, while it is `today` or later: what an order
/// taken in it carries when the order says none of its own.
pub fn arrival(
    conn: &Connection,
    campaign_id: &str,
    today: chrono::NaiveDate,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT arrives_on FROM campaigns WHERE id = ?1 AND arrives_on >= ?2")?
        .query_row(params![campaign_id, today.to_string()], |r| r.get(0))
        .optional()?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn ratios_round_half_up_to_two_decimals() {
        assert_eq!(super::ratio(1, 3, 100).as_deref(), Some("33.33"));
        assert_eq!(super::ratio(2, 3, 100).as_deref(), Some("66.67"));
        assert_eq!(super::ratio(150_000, 40_000, 1).as_deref(), Some("3.75"));
        assert_eq!(super::ratio(5, 0, 1), None);
    }
}

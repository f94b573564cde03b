//! Distribution (分销): a sharer earns on the sales they bring (level 1),
//! their recruiter on the sales of the people they recruited (level 2), and
//! never a third level. Commission follows the money: it accrues on what was
//! actually paid and a refund claws it back in proportion, each change a
//! line of its own.

use super::trust::{self, Brought};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::rates::{parse_rate, Levels};
use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::money::half_up_ratio;
use crate::money::Money;
use crate::shop_time;
use crate::store::Writer;

/// A new distributor: `recruiter` by name; rates as people write them
/// (`10%`), `None` for the shop's default.
#[derive(Debug, Clone, Default)]
pub struct NewDistributor<'a> {
    pub name: &'a str,
    pub recruiter: Option<&'a str>,
    pub rate1: Option<&'a str>,
    pub rate2: Option<&'a str>,
}

/// Adds a distributor. A recruiter who was recruited themselves would make
/// this one a third level: refused here, and by the database's trigger too.
pub fn add(w: &Writer, d: &NewDistributor) -> Result<String> {
    let name = d.name.trim();
    if name.is_empty() {
        return Err(CoreError::refused(
            Refusal::NameRequired,
            &[("what", "distributor".into())],
            "a distributor needs a name".into(),
        ));
    }
    let recruiter = match d.recruiter.map(str::trim).filter(|r| !r.is_empty()) {
        None => None,
        Some(r) => {
            let (id, level): (String, i64) =
                w.tx.query_row(
                    "SELECT id, level FROM distributors WHERE name = ?1",
                    [r],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?
                .ok_or_else(|| CoreError::NotFound {
                    entity: "distributor",
                    key: r.to_string(),
                })?;
            if level != 1 {
                return Err(CoreError::ThirdLevel(r.to_string()));
            }
            Some(id)
        }
    };
    let rate1 = d.rate1.map(parse_rate).transpose()?;
    let rate2 = d.rate2.map(parse_rate).transpose()?;
    let id = ids::new_id();
    let level = if recruiter.is_some() { 2 } else { 1 };
    w.tx.execute(
        "INSERT INTO distributors(id, name, recruiter_id, level, rate1_bp, rate2_bp, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, name, recruiter, level, rate1, rate2, shop_time::now()],
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
CoreError::refused(Refusal::DistributorExists, &[("name", name.to_string())], format!("a distributor called {name} exists already, or a rate is out of range"))
        }
        e => e.into(),
    })?;
    w.log("distributor", &id, "create", name)?;
    Ok(id)
}

/// Brings the commission lines of one order in line with the money it has
/// kept (paid, up to its total, less refunds): the difference is a new
/// accrual or clawback. Called in the same transaction as every change of
/// paid or refunded money, so commissions never lag the facts.
pub fn follow_money(conn: &Connection, order_id: &str, at: i64) -> Result<()> {
    let Some(order) = conn
        .prepare_cached(
            "SELECT o.referrer_id, d.recruiter_id, min(o.paid_fen, o.total_fen) - o.refunded_fen, o.subtotal_fen
             FROM orders o JOIN distributors d ON d.id = o.referrer_id WHERE o.id = ?1",
        )?
        .query_row([order_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })
        .optional()?
    else {
        return Ok(());
    };
    let (referrer, recruiter, kept, subtotal) = order;
    let weighted = weighted_rates(conn, order_id, &referrer, recruiter.as_deref())?;
    let mut earners = vec![(referrer, 1, weighted.first)];
    if let Some(r) = recruiter {
        earners.push((r, 2, weighted.second));
    }
    for (who, level, weight) in earners {
        // The order's rate is the lines' rates weighted by their totals:
        // commission = kept × Σ(line × rate) / (subtotal × 10,000), rounded once.
        let target = half_up_ratio(kept.max(0) as i128 * weight, subtotal as i128 * 10_000);
        let booked: i64 = conn
            .prepare_cached(
                "SELECT COALESCE(sum(amount_fen), 0) FROM commissions WHERE order_id = ?1 AND distributor_id = ?2 AND level = ?3",
            )?
            .query_row(params![order_id, who, level], |r| r.get(0))?;
        let change = target - booked;
        if change != 0 {
            let kind = if change > 0 { "accrual" } else { "clawback" };
            conn.prepare_cached(
                "INSERT INTO commissions(id, distributor_id, order_id, level, amount_fen, kind, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![ids::new_id(), who, order_id, level, change, kind, at])?;
        }
    }
    Ok(())
}

/// Σ line total × rate (basis points) for each level. A product's own rate
/// wins, then the earner's, then the shop's default.
fn weighted_rates(
    conn: &Connection,
    order_id: &str,
    referrer: &str,
    recruiter: Option<&str>,
) -> Result<Levels<i128>> {
    let defaults = Levels::shop_defaults(conn)?;
    let own: Option<i64> = conn
        .prepare_cached("SELECT rate1_bp FROM distributors WHERE id = ?1")?
        .query_row([referrer], |r| r.get(0))?;
    let theirs: Option<i64> = match recruiter {
        Some(r) => conn
            .prepare_cached("SELECT rate2_bp FROM distributors WHERE id = ?1")?
            .query_row([r], |r| r.get(0))?,
        None => None,
    };
    let mut stmt = conn.prepare_cached(
        "SELECT l.line_total_fen, p.commission1_bp, p.commission2_bp FROM order_lines l
         JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id WHERE l.order_id = ?1",
    )?;
    let mut rows = stmt.query([order_id])?;
    let mut sum = Levels {
        first: 0i128,
        second: 0i128,
    };
    while let Some(r) = rows.next()? {
        let line: i64 = r.get(0)?;
        let p1: Option<i64> = r.get(1)?;
        let p2: Option<i64> = r.get(2)?;
        sum.first += line as i128 * p1.or(own).unwrap_or(defaults.first) as i128;
        sum.second += line as i128 * p2.or(theirs).unwrap_or(defaults.second) as i128;
    }
    Ok(sum)
}

/// The rates that apply where nobody has their own: the shop's default for
/// each level, and the products with rates of their own.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Rates {
    pub rate1: String,
    pub rate2: String,
    pub products: Vec<ProductRates>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ProductRates {
    pub product: String,
    /// The product's SKUs, `、`-joined.
    pub skus: String,
    pub rate1: Option<String>,
    pub rate2: Option<String>,
}

pub fn rates(conn: &Connection) -> Result<Rates> {
    let shop = Levels::shop_defaults(conn)?;
    let mut stmt = conn.prepare(
        "SELECT p.name, (SELECT group_concat(sku, '、') FROM variants v WHERE v.product_id = p.id), p.commission1_bp, p.commission2_bp
         FROM products p WHERE p.commission1_bp IS NOT NULL OR p.commission2_bp IS NOT NULL ORDER BY p.name",
    )?;
    let products = stmt
        .query_map([], |r| {
            Ok(ProductRates {
                product: r.get(0)?,
                skus: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                rate1: r.get::<_, Option<i64>>(2)?.map(super::rate_text),
                rate2: r.get::<_, Option<i64>>(3)?.map(super::rate_text),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Rates {
        rate1: super::rate_text(shop.first),
        rate2: super::rate_text(shop.second),
        products,
    })
}

/// A rate as the merchant sets it: `10%`, or empty for "not set here".
fn optional_rate(text: Option<&str>) -> Result<Option<i64>> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => parse_rate(t).map(Some),
    }
}

/// Sets the rates of the product of `sku`, or the shop's default rates
/// without one; returns the rates in force after.
pub fn set_rates(
    w: &Writer,
    sku: Option<&str>,
    rate1: Option<&str>,
    rate2: Option<&str>,
) -> Result<Rates> {
    match sku.map(str::trim).filter(|s| !s.is_empty()) {
        Some(sku) => set_product_rates(w, sku, rate1, rate2)?,
        None => set_shop_rates(w, rate1, rate2)?,
    }
    rates(w.tx)
}

/// The shop's default rates; a rate not given stays as it is.
pub fn set_shop_rates(w: &Writer, rate1: Option<&str>, rate2: Option<&str>) -> Result<()> {
    for (key, rate) in [
        ("commission_rate1_bp", rate1),
        ("commission_rate2_bp", rate2),
    ] {
        if let Some(bp) = optional_rate(rate)? {
            w.tx.execute(
                "INSERT INTO shop_settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, bp.to_string()],
            )?;
        }
    }
    w.log(
        "distribution",
        "",
        "shop_rates",
        &format!("{} / {}", rate1.unwrap_or("-"), rate2.unwrap_or("-")),
    )
}

/// The product of `sku`'s own rates (a traffic item paying little, say);
/// an empty rate goes back to the distributor's or the shop's.
pub fn set_product_rates(
    w: &Writer,
    sku: &str,
    rate1: Option<&str>,
    rate2: Option<&str>,
) -> Result<()> {
    let (r1, r2) = (optional_rate(rate1)?, optional_rate(rate2)?);
    let n = w.tx.execute(
        "UPDATE products SET commission1_bp = ?2, commission2_bp = ?3
         WHERE id = (SELECT product_id FROM variants WHERE sku = ?1)",
        params![sku.trim(), r1, r2],
    )?;
    if n == 0 {
        return Err(CoreError::NotFound {
            entity: "sku",
            key: sku.to_string(),
        });
    }
    w.log(
        "product",
        sku,
        "commission",
        &format!("{} / {}", rate1.unwrap_or("-"), rate2.unwrap_or("-")),
    )
}

/// One commission line as `commissions --json` lists it: net per order,
/// distributor and level.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CommissionRow {
    pub distributor: String,
    pub level: i32,
    pub order_no: String,
    /// Accruals less clawbacks.
    pub amount: Money,
    /// What was accrued and what was clawed back, as the lines say.
    pub accrued: Money,
    pub clawed_back: Money,
}

/// Every order's commission per earner and level, net of refunds; the
/// orders whose commission came to nothing are left out.
pub fn commissions(conn: &Connection, distributor: Option<&str>) -> Result<Vec<CommissionRow>> {
    let mut stmt = conn.prepare(
        "SELECT d.name, c.level, o.order_no, sum(c.amount_fen),
                sum(CASE WHEN c.amount_fen > 0 THEN c.amount_fen ELSE 0 END),
                -sum(CASE WHEN c.amount_fen < 0 THEN c.amount_fen ELSE 0 END)
         FROM commissions c JOIN distributors d ON d.id = c.distributor_id JOIN orders o ON o.id = c.order_id
         WHERE ?1 IS NULL OR d.name = ?1
         GROUP BY c.distributor_id, c.level, c.order_id HAVING sum(c.amount_fen) <> 0
         ORDER BY o.placed_at, o.order_no, c.level",
    )?;
    let rows = stmt.query_map([distributor], |r| {
        Ok(CommissionRow {
            distributor: r.get(0)?,
            level: r.get(1)?,
            order_no: r.get(2)?,
            amount: Money::from_fen(r.get(3)?),
            accrued: Money::from_fen(r.get(4)?),
            clawed_back: Money::from_fen(r.get(5)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records money paid out to a distributor; refuses more than they are owed.
pub fn pay_out(w: &Writer, name: &str, amount: Money, note: &str) -> Result<String> {
    let (id, owed): (String, i64) = w
        .tx
        .query_row(
            "SELECT d.id, COALESCE((SELECT sum(amount_fen) FROM commissions WHERE distributor_id = d.id), 0)
                        - COALESCE((SELECT sum(amount_fen) FROM commission_payouts WHERE distributor_id = d.id), 0)
             FROM distributors d WHERE d.name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            entity: "distributor",
            key: name.to_string(),
        })?;
    if amount.fen() <= 0 || amount.fen() > owed {
        return Err(CoreError::refused(
            Refusal::PayoutOutOfRange,
            &[
                ("name", name.to_string()),
                ("owed", Money::from_fen(owed).to_string()),
            ],
            format!(
                "{name} is owed {}; a payout must be more than 0 and at most that",
                Money::from_fen(owed)
            ),
        ));
    }
    let payout = ids::new_id();
    w.tx.execute(
        "INSERT INTO commission_payouts(id, distributor_id, amount_fen, paid_at, note) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![payout, id, amount.fen(), shop_time::now(), note],
    )?;
    w.log("distributor", &id, "payout", &format!("{name} ¥{amount}"))?;
    Ok(payout)
}

/// A distributor as the ranking shows them.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Standing {
    pub name: String,
    pub level: i32,
    pub recruiter: Option<String>,
    /// Their own rates, none where the shop's default applies.
    pub rate1: Option<String>,
    pub rate2: Option<String>,
    /// 信任值, 0–100: from how the orders they brought turned out.
    pub trust: i32,
    pub orders: i32,
    pub kept: i32,
    pub troubled: i32,
    /// The score's review parts (see `Trust`).
    pub so_so: i32,
    pub badly_reviewed: i32,
    pub well_reviewed: i32,
    pub recruits: i32,
    pub commission: Money,
    pub paid_out: Money,
    /// Commission earned and not yet paid out.
    pub owed: Money,
}

/// Every distributor ranked by trust, then by commission. The score is the
/// recency-weighted share of their orders kept (not refunded, no quality or
/// wrong-item complaint), started from one kept and one troubled order so a
/// newcomer stands at 50. Recruits are shown but never count.
pub fn standings(conn: &Connection) -> Result<Vec<Standing>> {
    let now = shop_time::now();
    let mut out: Vec<Standing> = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT d.id, d.name, d.level, r.name,
                (SELECT count(*) FROM distributors x WHERE x.recruiter_id = d.id),
                COALESCE((SELECT sum(amount_fen) FROM commissions WHERE distributor_id = d.id), 0),
                COALESCE((SELECT sum(amount_fen) FROM commission_payouts WHERE distributor_id = d.id), 0),
                d.rate1_bp, d.rate2_bp
         FROM distributors d LEFT JOIN distributors r ON r.id = d.recruiter_id",
    )?;
    let clock = crate::store::load_clock(conn)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let t = trust::of(conn, &clock, Brought::Referrer, &id, now)?;
        out.push(Standing {
            name: r.get(1)?,
            level: r.get(2)?,
            recruiter: r.get(3)?,
            rate1: r.get::<_, Option<i64>>(7)?.map(super::rate_text),
            rate2: r.get::<_, Option<i64>>(8)?.map(super::rate_text),
            trust: t.score,
            orders: t.kept + t.troubled + t.so_so + t.badly_reviewed,
            kept: t.kept,
            troubled: t.troubled,
            so_so: t.so_so,
            badly_reviewed: t.badly_reviewed,
            well_reviewed: t.well_reviewed,
            recruits: r.get(4)?,
            commission: Money::from_fen(r.get(5)?),
            paid_out: Money::from_fen(r.get(6)?),
            owed: Money::from_fen(r.get::<_, i64>(5)? - r.get::<_, i64>(6)?),
        });
    }
    out.sort_by(|a, b| {
        b.trust
            .cmp(&a.trust)
            .then(b.commission.cmp(&a.commission))
            .then(a.name.cmp(&b.name))
    });
    Ok(out)
}

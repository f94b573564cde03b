//! Community group buying (社区团购): group leaders (团长) with their pickup
//! points (自提点) and commission rates; a short pickup code on every order
//! collected at a point, redeemed by code or phone tail; and the leader's
//! settlement statement per period.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::groupbuy::held_for_group;
use super::promotions::spread;
use super::rates::parse_rate;
use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::money::half_up_ratio;
use crate::money::Money;
use crate::shop_time;
use crate::store::Writer;

/// Adds a leader with pickup points, or gives an existing leader (by name)
/// more points and, when given, a new rate.
pub fn add(
    w: &Writer,
    name: &str,
    phone: &str,
    pickups: &[String],
    rate: Option<&str>,
) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CoreError::refused(
            Refusal::NameRequired,
            &[("what", "leader".into())],
            "a leader needs a name".into(),
        ));
    }
    let rate = rate.map(parse_rate).transpose()?;
    let now = shop_time::now();
    let existing: Option<String> =
        w.tx.query_row("SELECT id FROM leaders WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?;
    let id = match existing {
        Some(id) => {
            if let Some(bp) = rate {
                w.tx.execute(
                    "UPDATE leaders SET commission_rate_bp = ?2 WHERE id = ?1",
                    params![id, bp],
                )?;
            }
            if !phone.trim().is_empty() {
                w.tx.execute(
                    "UPDATE leaders SET phone = ?2 WHERE id = ?1",
                    params![id, phone.trim()],
                )?;
            }
            id
        }
        None => {
            let id = ids::new_id();
            w.tx.execute(
                "INSERT INTO leaders(id, name, phone, commission_rate_bp, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, name, phone.trim(), rate.unwrap_or(0), now],
            )?;
            w.log("leader", &id, "create", name)?;
            id
        }
    };
    for point in pickups.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let taken: Option<String> = w
            .tx
            .query_row(
                "SELECT l.name FROM pickup_points p JOIN leaders l ON l.id = p.leader_id WHERE p.name = ?1",
                [point],
                |r| r.get(0),
            )
            .optional()?;
        match taken {
            Some(owner) if owner == name => {}
            Some(owner) => {
                return Err(CoreError::refused(
                    Refusal::PickupTaken,
                    &[("point", point.to_string()), ("owner", owner.clone())],
                    format!("pickup point {point} belongs to {owner} already"),
                ))
            }
            None => {
                w.tx.execute(
                    "INSERT INTO pickup_points(id, leader_id, name, created_at) VALUES (?1, ?2, ?3, ?4)",
                    params![ids::new_id(), id, point, now],
                )?;
            }
        }
    }
    Ok(id)
}

/// An order waiting at a pickup point, as the redemption screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PickupOrder {
    pub order_no: String,
    pub code: String,
    pub customer: String,
    pub phone_tail: String,
    pub pickup_point: String,
    pub leader: String,
    pub status: String,
    pub items: String,
    pub total: Money,
    /// Still to collect from the buyer.
    pub due: Money,
    /// Why it cannot be handed out yet (a group still open), if so.
    pub held: Option<String>,
}

/// Orders to collect whose pickup code is `query` (six digits) or whose
/// buyer's phone ends in it (four digits).
pub fn find(conn: &Connection, query: &str) -> Result<Vec<PickupOrder>> {
    let q = query.trim();
    if q.is_empty() || !q.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Vec::new());
    }
    let by = if q.len() == 4 {
        "o.customer_id IN (SELECT id FROM customers WHERE substr(phone, -4) = ?1)"
    } else {
        "o.pickup_code = ?1"
    };
    let sql = format!(
        "SELECT o.id, o.order_no, o.pickup_code, COALESCE(c.name, ''), substr(COALESCE(c.phone, ''), -4), pp.name, l.name, o.status,
                (SELECT group_concat(p.name || '×' || ol.qty, '、') FROM order_lines ol JOIN variants v ON v.id = ol.variant_id
                  JOIN products p ON p.id = v.product_id WHERE ol.order_id = o.id),
                o.total_fen, max(0, o.total_fen - o.paid_fen - o.refunded_fen)
         FROM orders o JOIN pickup_points pp ON pp.id = o.pickup_point_id JOIN leaders l ON l.id = pp.leader_id
         LEFT JOIN customers c ON c.id = o.customer_id
         WHERE {by} AND o.pickup_code IS NOT NULL AND o.status IN ('awaiting_payment', 'paid', 'fulfilled')
         ORDER BY o.placed_at"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows: Vec<(String, PickupOrder)> = stmt
        .query_map([q], |r| {
            Ok((
                r.get(0)?,
                PickupOrder {
                    order_no: r.get(1)?,
                    code: r.get(2)?,
                    customer: r.get(3)?,
                    phone_tail: r.get(4)?,
                    pickup_point: r.get(5)?,
                    leader: r.get(6)?,
                    status: r.get(7)?,
                    items: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
                    total: Money::from_fen(r.get(9)?),
                    due: Money::from_fen(r.get(10)?),
                    held: None,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(id, mut o)| {
            o.held = held_for_group(conn, &id)?;
            Ok(o)
        })
        .collect()
}

/// One order of a settlement.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SettlementLine {
    pub order_no: String,
    pub day: String,
    pub customer: String,
    pub pickup_point: String,
    pub paid: Money,
    pub refunded: Money,
    pub commission: Money,
}

/// What a leader earned over a period: paid orders of the period's
/// business days, the money kept on them (refunds deducted, whenever they
/// were made) and the commission on that at the leader's rate.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Settlement {
    pub leader: String,
    pub from: String,
    pub to: String,
    pub rate: String,
    pub orders: i32,
    pub sales: Money,
    pub refunds: Money,
    pub commission: Money,
    pub lines: Vec<SettlementLine>,
}

pub fn settle(conn: &Connection, name: &str, from: &str, to: &str) -> Result<Settlement> {
    let (id, rate_bp): (String, i64) = conn
        .query_row(
            "SELECT id, commission_rate_bp FROM leaders WHERE name = ?1",
            [name.trim()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            entity: "leader",
            key: name.to_string(),
        })?;
    let (from_day, to_day) = (
        super::promotions::parse_day(from)?,
        super::promotions::parse_day(to)?,
    );
    let mut stmt = conn.prepare(
        "SELECT o.order_no, o.business_day, COALESCE(c.name, ''), COALESCE(pp.name, ''), min(o.paid_fen, o.total_fen), o.refunded_fen
         FROM orders o LEFT JOIN customers c ON c.id = o.customer_id LEFT JOIN pickup_points pp ON pp.id = o.pickup_point_id
         WHERE o.leader_id = ?1 AND o.business_day BETWEEN ?2 AND ?3 AND o.status NOT IN ('draft', 'cancelled') AND o.paid_fen > 0
         ORDER BY o.placed_at, o.order_no",
    )?;
    let mut lines: Vec<SettlementLine> = stmt
        .query_map(params![id, from_day.to_string(), to_day.to_string()], |r| {
            Ok(SettlementLine {
                order_no: r.get(0)?,
                day: r.get(1)?,
                customer: r.get(2)?,
                pickup_point: r.get(3)?,
                paid: Money::from_fen(r.get(4)?),
                refunded: Money::from_fen(r.get(5)?),
                commission: Money::ZERO,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let sales: i64 = lines.iter().map(|l| l.paid.fen()).sum();
    let refunds: i64 = lines.iter().map(|l| l.refunded.fen()).sum();
    let kept: Vec<i64> = lines
        .iter()
        .map(|l| (l.paid.fen() - l.refunded.fen()).max(0))
        .collect();
    // Rounded once on the period, then spread over the orders so the lines
    // add up to the statement's total.
    let commission = half_up_ratio(kept.iter().sum::<i64>() as i128 * rate_bp as i128, 10_000);
    for (line, part) in lines.iter_mut().zip(spread(commission, &kept)) {
        line.commission = Money::from_fen(part);
    }
    Ok(Settlement {
        leader: name.trim().to_string(),
        from: from_day.to_string(),
        to: to_day.to_string(),
        rate: super::rate_text(rate_bp),
        orders: lines.len() as i32,
        sales: Money::from_fen(sales),
        refunds: Money::from_fen(refunds),
        commission: Money::from_fen(commission),
        lines,
    })
}

/// The statement as a spreadsheet (XLSX or CSV by the file's ending), the
/// totals as its last row, for the leader to keep.
pub fn write_settlement(s: &Settlement, path: &Path) -> Result<()> {
    let header = [
        "订单号 Order",
        "日期 Day",
        "顾客 Customer",
        "自提点 Pickup",
        "实收 Paid",
        "退款 Refunded",
        "佣金 Commission",
    ];
    let mut rows: Vec<Vec<String>> = s
        .lines
        .iter()
        .map(|l| {
            vec![
                l.order_no.clone(),
                l.day.clone(),
                l.customer.clone(),
                l.pickup_point.clone(),
                l.paid.to_string(),
                l.refunded.to_string(),
                l.commission.to_string(),
            ]
        })
        .collect();
    rows.push(vec![
        format!("合计 Total · {} {}", s.leader, s.rate),
        format!("{} ~ {}", s.from, s.to),
        format!("{} 单", s.orders),
        String::new(),
        s.sales.to_string(),
        s.refunds.to_string(),
        s.commission.to_string(),
    ]);
    crate::table::sheet::write(path, "团长结算", &header, &rows)
}

//! One order as its page shows it (lines, money, what can happen next),
//! and the choices order entry offers (pickup points, referrers).

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::status::next_steps;
use crate::catalog::sold_by::SoldBy;
use crate::error::{CoreError, Result};
use crate::money::Money;
use crate::shop_time::ShopClock;

#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderDetail {
    pub order_no: String,
    pub placed_at: String,
    #[ts(type = "Channel")]
    pub channel: String,
    #[ts(type = "OrderStatus")]
    pub status: String,
    pub customer: String,
    pub phone: String,
    pub pickup_point: Option<String>,
    #[ts(type = "Delivery")]
    pub delivery: String,
    /// The customer's address, where a courier or delivery order goes.
    pub address: String,
    /// Its parcel, once sent by courier.
    pub parcel: Option<Parcel>,
    /// The day its goods arrive (预售), when not the day it was placed.
    pub arrives_on: Option<String>,
    /// The six digits the buyer shows at the pickup point.
    pub pickup_code: Option<String>,
    pub leader: Option<String>,
    pub referrer: Option<String>,
    pub remark: String,
    pub subtotal: Money,
    pub discount: Money,
    pub total: Money,
    pub paid: Money,
    pub refunded: Money,
    /// Still to pay, as the unpaid list counts it (none for a marketplace
    /// order, paid through the platform, or one paid by hand).
    pub owed: Money,
    pub lines: Vec<LineRow>,
    /// The statuses a person can move it to now.
    pub next: Vec<String>,
}

/// An order's parcel: the carrier and tracking number (运单号) it left with.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Parcel {
    pub carrier: String,
    pub tracking_no: String,
    /// Shop-local `YYYY-MM-DD HH:MM:SS`.
    pub shipped_at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct LineRow {
    pub sku: String,
    pub name: String,
    /// Pieces, or grams for goods sold by weight.
    pub qty: i32,
    pub sold_by: SoldBy,
    /// The quantity as the merchant reads it: `3`, `2.35斤`.
    pub qty_text: String,
    /// Per piece, or per 斤 / 公斤 / 克.
    pub unit_price: Money,
    pub discount: Money,
    pub total: Money,
    pub override_reason: Option<String>,
}

pub fn detail(conn: &Connection, clock: &ShopClock, order_no: &str) -> Result<OrderDetail> {
    let mut d = conn
        .query_row(
            "SELECT o.id, o.order_no, o.placed_at, o.channel, o.status, COALESCE(c.name, ''), COALESCE(c.phone, ''),
                    pp.name, ld.name, d.name, o.remark, o.subtotal_fen, o.discount_fen, o.total_fen, o.paid_fen, o.refunded_fen, o.pickup_code,
                    CASE WHEN o.status IN ('awaiting_payment', 'fulfilled', 'completed') AND o.channel <> 'pinduoduo'
                         THEN max(o.total_fen - o.refunded_fen - o.paid_fen, 0) ELSE 0 END,
                    o.delivery, COALESCE(c.address, ''), pc.carrier, pc.tracking_no, pc.shipped_at, o.arrives_on
             FROM orders o LEFT JOIN customers c ON c.id = o.customer_id LEFT JOIN pickup_points pp ON pp.id = o.pickup_point_id
             LEFT JOIN leaders ld ON ld.id = o.leader_id LEFT JOIN distributors d ON d.id = o.referrer_id
             LEFT JOIN parcels pc ON pc.order_id = o.id
             WHERE o.order_no = ?1",
            [order_no],
            |r| {
                let status: String = r.get(4)?;
                Ok((
                    r.get::<_, String>(0)?,
                    OrderDetail {
                        order_no: r.get(1)?,
                        placed_at: clock.format(r.get(2)?),
                        channel: r.get(3)?,
                        next: next_steps(&status).iter().map(|s| s.to_string()).collect(),
                        status,
                        customer: r.get(5)?,
                        phone: r.get(6)?,
                        pickup_point: r.get(7)?,
                        delivery: r.get(18)?,
                        address: r.get(19)?,
                        parcel: match r.get::<_, Option<String>>(20)? {
                            Some(carrier) => Some(Parcel {
                                carrier,
                                tracking_no: r.get(21)?,
                                shipped_at: clock.format(r.get(22)?),
                            }),
                            None => None,
                        },
                        arrives_on: r.get(23)?,
                        pickup_code: r.get(16)?,
                        leader: r.get(8)?,
                        referrer: r.get(9)?,
                        remark: r.get(10)?,
                        subtotal: Money::from_fen(r.get(11)?),
                        discount: Money::from_fen(r.get(12)?),
                        total: Money::from_fen(r.get(13)?),
                        paid: Money::from_fen(r.get(14)?),
                        refunded: Money::from_fen(r.get(15)?),
                        owed: Money::from_fen(r.get(17)?),
                        lines: Vec::new(),
                    },
                ))
            },
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: "order", key: order_no.to_string() })?;
    d.1.lines = conn
        .prepare_cached(
            "SELECT v.sku, trim(p.name || ' ' || v.options), l.qty, l.unit_price_fen, l.discount_fen, l.line_total_fen, l.override_reason, v.sold_by
             FROM order_lines l JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id
             WHERE l.order_id = ?1 ORDER BY l.line_no",
        )?
        .query_map([&d.0], |r| {
            let sold_by = SoldBy::from_code(&r.get::<_, String>(7)?);
            Ok(LineRow {
                sku: r.get(0)?,
                name: r.get(1)?,
                qty: r.get(2)?,
                sold_by,
                qty_text: sold_by.show(r.get(2)?),
                unit_price: Money::from_fen(r.get(3)?),
                discount: Money::from_fen(r.get(4)?),
                total: Money::from_fen(r.get(5)?),
                override_reason: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(d.1)
}

/// A pick in order entry: a pickup point (with its leader) or a referrer.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct EntryChoices {
    pub pickup_points: Vec<Choice>,
    pub referrers: Vec<Choice>,
    /// Campaigns running now or within a day (a live session's order is
    /// counted under it).
    pub campaigns: Vec<Choice>,
}

pub fn choices(conn: &Connection) -> Result<EntryChoices> {
    let list = |sql: &str| -> Result<Vec<Choice>> {
        Ok(conn
            .prepare(sql)?
            .query_map([], |r| {
                Ok(Choice {
                    id: r.get(0)?,
                    label: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    };
    Ok(EntryChoices {
        pickup_points: list(
            "SELECT pp.id, pp.name || ' · ' || l.name FROM pickup_points pp JOIN leaders l ON l.id = pp.leader_id
             WHERE l.active = 1 ORDER BY pp.name",
        )?,
        referrers: list("SELECT id, name FROM distributors ORDER BY level, name")?,
        campaigns: list(
            "SELECT id, name FROM campaigns WHERE unixepoch() BETWEEN starts_at - 86400 AND ends_at + 86400 ORDER BY starts_at DESC",
        )?,
    })
}

//! Taking an order: as fast as the merchant types, never waiting on the
//! network. Saving is one durable transaction that prices the lines (later
//! price changes never touch them), holds the stock and logs the change.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::pricing;
use super::status::{self, Effect};
use super::CHANNELS;
use crate::campaigns::promotions::Applied;
use crate::campaigns::{leaders, members};
use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::money::Money;
use crate::search_key::pinyin_key;
use crate::shop_time;
use crate::stock;
use crate::store::Writer;

/// What order entry hands to core; prices default to the variant's own.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct NewOrder {
    /// The customer picked from the list; else `customer` is a name or
    /// WeChat nickname, found or created.
    pub customer_id: Option<String>,
    pub customer: String,
    pub phone: String,
    #[ts(type = "Channel")]
    pub channel: String,
    pub lines: Vec<NewLine>,
    /// Off the whole order, in yuan.
    pub discount: Money,
    pub remark: String,
    pub pickup_point_id: Option<String>,
    pub referrer_id: Option<String>,
    /// Coupon codes; several only when every one is stackable.
    pub coupons: Vec<String>,
    /// Member points to redeem (one point is one fen off).
    #[ts(type = "number")]
    pub redeem_points: i64,
    /// The campaign the order belongs to (a live session's code, say);
    /// else the coupon's campaign, if it has one.
    pub campaign_id: Option<String>,
    /// Kept as a draft: no number in the day's sequence is skipped, no
    /// stock is held.
    pub draft: bool,
    /// Sell beyond what is available (the merchant confirmed it).
    pub allow_oversell: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct NewLine {
    pub sku: String,
    pub qty: i32,
    pub unit_price: Option<Money>,
    /// Why the price differs from the list price (required when it does).
    pub override_reason: Option<String>,
    /// Sold as part of this bundle (its code): the bundle's lines come in
    /// whole bundles, at the bundle's price.
    pub bundle: Option<String>,
}

/// A line that would sell more than is available.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Shortfall {
    pub sku: String,
    #[ts(type = "number")]
    pub available: i64,
    #[ts(type = "number")]
    pub wanted: i64,
}

/// An order ready to write: references resolved, prices known.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub order_no: Option<String>,
    pub placed_at: i64,
    pub channel: String,
    pub status: String,
    pub customer_id: Option<String>,
    pub leader_id: Option<String>,
    pub pickup_point_id: Option<String>,
    pub referrer_id: Option<String>,
    pub campaign_id: Option<String>,
    pub discount_fen: i64,
    pub remark: String,
    pub lines: Vec<PreparedLine>,
    /// What each coupon took off (spread over the lines' discounts).
    pub coupons: Vec<Applied>,
    /// The member's points redeemed on it.
    pub points: Option<(String, i64)>,
    /// The import writing it (see `imports`); none for an order taken.
    pub import_id: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PreparedLine {
    pub variant_id: String,
    pub qty: i64,
    pub unit_fen: i64,
    /// Off this line: its share of the bundle, coupons, member discount
    /// and points.
    pub discount_fen: i64,
    pub override_reason: Option<String>,
    pub bundle_id: Option<String>,
}

impl PreparedLine {
    pub fn total(&self) -> i64 {
        self.qty * self.unit_fen - self.discount_fen
    }
}

impl Prepared {
    pub fn subtotal(&self) -> i64 {
        self.lines.iter().map(PreparedLine::total).sum()
    }
}

/// Saves an order (awaiting payment, or a draft); returns its number.
pub fn create(w: &Writer, order: &NewOrder) -> Result<String> {
    let now = shop_time::now();
    let prepared = prepare(w, order, now)?;
    if !order.allow_oversell && prepared.status != "draft" {
        if let Some(short) = shortfalls(w.tx, &prepared.lines)?.into_iter().next() {
            return Err(CoreError::Oversell {
                sku: short.sku,
                available: short.available,
                wanted: short.wanted,
            });
        }
    }
    let location = stock::main_location(w.tx)?;
    let (id, order_no) = insert(w, &prepared, &location)?;
    if let Some((member, points)) = &prepared.points {
        members::redeem(w.tx, member, &id, *points, prepared.placed_at)?;
    }
    let summary = format!(
        "{order_no} {} ¥{}",
        order.customer.trim(),
        Money::from_fen(prepared.subtotal() - prepared.discount_fen)
    );
    w.log("order", &id, "create", &summary)?;
    Ok(order_no)
}

fn prepare(w: &Writer, order: &NewOrder, now: i64) -> Result<Prepared> {
    if !CHANNELS.contains(&order.channel.as_str()) {
        return Err(CoreError::invalid(
            "channel",
            format!("unknown channel {:?}", order.channel),
        ));
    }
    if order.lines.is_empty() {
        return Err(CoreError::refused(
            Refusal::EmptyOrder,
            &[],
            "an order needs at least one line".into(),
        ));
    }
    let customer_id = match order.customer_id.as_deref().filter(|s| !s.is_empty()) {
        Some(id) => Some(id.to_string()),
        None => find_or_create_customer(w, order.customer.trim(), order.phone.trim(), now)?,
    };
    let member = match &customer_id {
        Some(c) => members::of_customer(w.tx, c)?,
        None => None,
    };
    let benefits = pricing::Benefits {
        coupons: &order.coupons,
        member: member.as_ref(),
        points: order.redeem_points,
    };
    let priced = pricing::price(w.tx, &order.lines, benefits, now)?;
    let points = member
        .filter(|_| priced.points > 0)
        .map(|m| (m.id, priced.points));
    let referrer_id = order.referrer_id.clone().filter(|s| !s.is_empty());
    // The campaign: as entry says (a live session's), else the coupon's,
    // else one running on the referrer's link.
    let campaign_id = match order
        .campaign_id
        .clone()
        .filter(|c| !c.is_empty())
        .or(priced.campaign_id)
    {
        Some(c) => Some(c),
        None => match &referrer_id {
            Some(r) => crate::campaigns::records::of_referrer(w.tx, r, now)?,
            None => None,
        },
    };
    let (lines, applied) = (priced.lines, priced.coupons);
    let mut p = Prepared {
        order_no: None,
        placed_at: now,
        channel: order.channel.clone(),
        status: if order.draft {
            "draft"
        } else {
            "awaiting_payment"
        }
        .into(),
        customer_id,
        leader_id: None,
        pickup_point_id: order.pickup_point_id.clone().filter(|s| !s.is_empty()),
        referrer_id,
        campaign_id,
        discount_fen: order.discount.fen(),
        remark: order.remark.trim().to_string(),
        lines,
        coupons: applied,
        points,
        import_id: None,
    };
    if p.discount_fen < 0 || p.discount_fen > p.subtotal() {
        return Err(CoreError::refused(
            Refusal::DiscountTooBig,
            &[
                ("discount", Money::from_fen(p.discount_fen).to_string()),
                ("subtotal", Money::from_fen(p.subtotal()).to_string()),
            ],
            format!(
                "the discount must be between 0 and the subtotal {}",
                Money::from_fen(p.subtotal())
            ),
        ));
    }
    if let Some(pp) = &p.pickup_point_id {
        p.leader_id = Some(
            w.tx.query_row(
                "SELECT leader_id FROM pickup_points WHERE id = ?1",
                [pp],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| CoreError::NotFound {
                entity: "pickup point",
                key: pp.clone(),
            })?,
        );
    }
    Ok(p)
}

/// Lines wanting more than is available (on hand − held), summed per
/// variant across the order's lines.
pub fn shortfalls(conn: &Connection, lines: &[PreparedLine]) -> Result<Vec<Shortfall>> {
    let mut wanted: Vec<(&str, i64)> = Vec::new();
    for l in lines {
        match wanted.iter_mut().find(|(v, _)| *v == l.variant_id) {
            Some((_, q)) => *q += l.qty,
            None => wanted.push((&l.variant_id, l.qty)),
        }
    }
    let mut out = Vec::new();
    for (variant_id, qty) in wanted {
        let (sku, available): (String, i64) = conn
            .prepare_cached(
                "SELECT v.sku, COALESCE((SELECT sum(on_hand - committed) FROM stock_levels s WHERE s.variant_id = v.id), 0)
                 FROM variants v WHERE v.id = ?1",
            )?
            .query_row([variant_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if qty > available {
            out.push(Shortfall {
                sku,
                available,
                wanted: qty,
            });
        }
    }
    Ok(out)
}

/// Writes a prepared order and its stock effect; no log (the caller logs
/// one entry for a whole import). Returns the order's id and number.
pub fn insert(w: &Writer, p: &Prepared, location: &str) -> Result<(String, String)> {
    let id = ids::new_id();
    let day = w.clock.business_day(p.placed_at);
    let order_no = match &p.order_no {
        Some(n) => n.clone(),
        None => ids::next_number(w.tx, "order", "S", day)?,
    };
    let subtotal = p.subtotal();
    // An order collected at a pickup point carries the code the buyer shows.
    let pickup_code = match &p.pickup_point_id {
        Some(_) => Some(leaders::new_pickup_code(w.tx)?),
        None => None,
    };
    let coupon_id = p.coupons.first().map(|c| c.coupon_id.as_str());
    w.tx.prepare_cached(
        "INSERT INTO orders(id, order_no, placed_at, business_day, channel, status, customer_id, leader_id,
                            pickup_point_id, referrer_id, campaign_id, coupon_id, subtotal_fen, discount_fen, total_fen,
                            pickup_code, remark, created_at, updated_at, import_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18, ?19)",
    )?
    .execute(params![
        id, order_no, p.placed_at, day.to_string(), p.channel, p.status, p.customer_id, p.leader_id,
        p.pickup_point_id, p.referrer_id, p.campaign_id, coupon_id, subtotal, p.discount_fen, subtotal - p.discount_fen,
        pickup_code, p.remark, shop_time::now(), p.import_id
    ])?;
    insert_lines(w.tx, &id, &p.lines, &p.coupons)?;
    let effect = Effect::of(&p.status, false);
    status::move_stock(w.tx, &id, Effect::Nothing, effect, location, p.placed_at)?;
    Ok((id, order_no))
}

/// Writes an order's lines (each at the variant's cost now, for the
/// margin) and what its coupons took off.
pub fn insert_lines(
    conn: &Connection,
    order_id: &str,
    lines: &[PreparedLine],
    coupons: &[Applied],
) -> Result<()> {
    for c in coupons {
        conn.prepare_cached(
            "INSERT INTO order_coupons(order_id, coupon_id, discount_fen) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![order_id, c.coupon_id, c.discount_fen])?;
    }
    for (i, l) in lines.iter().enumerate() {
        conn.prepare_cached(
            "INSERT INTO order_lines(id, order_id, line_no, variant_id, qty, unit_price_fen, discount_fen, line_total_fen, override_reason, bundle_id, unit_cost_fen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, (SELECT cost_fen FROM variants WHERE id = ?4))",
        )?
        .execute(params![ids::new_id(), order_id, i as i64 + 1, l.variant_id, l.qty, l.unit_fen, l.discount_fen, l.total(), l.override_reason, l.bundle_id])?;
    }
    Ok(())
}

/// The customer called `name` (name or WeChat nickname; the phone decides
/// between namesakes), created when new.
pub fn find_or_create_customer(
    w: &Writer,
    name: &str,
    phone: &str,
    now: i64,
) -> Result<Option<String>> {
    find_or_create_customer_from(w, name, phone, now, None)
}

/// As [`find_or_create_customer`]; a customer created is marked as coming
/// from `import_id`, so an import that is taken back takes them too.
pub fn find_or_create_customer_from(
    w: &Writer,
    name: &str,
    phone: &str,
    now: i64,
    import_id: Option<&str>,
) -> Result<Option<String>> {
    // Where there is one box for who (joining a group buy), a phone typed
    // in it is the phone: the way to say which of two namesakes.
    let (name, phone) = match phone.is_empty() && looks_like_phone(name) {
        true => ("", name),
        false => (name, phone),
    };
    if name.is_empty() && phone.is_empty() {
        return Ok(None);
    }
    let found = crate::customers::lookup::meant(w.tx, name, phone)?;
    match found.as_slice() {
        [] => {}
        [one] => return Ok(Some(one.id.clone())),
        several => return Err(ambiguous(name, several)),
    }
    let id = ids::new_id();
    let display = if name.is_empty() { phone } else { name };
    w.tx.prepare_cached(
        "INSERT INTO customers(id, name, phone, pinyin, created_at, updated_at, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
    )?
    .execute(params![id, display, phone, pinyin_key(display), now, import_id])?;
    w.log("customer", &id, "create", display)?;
    Ok(Some(id))
}

fn looks_like_phone(text: &str) -> bool {
    (7..=15).contains(&text.len()) && text.chars().all(|c| c.is_ascii_digit())
}

/// Refuses a name that fits several customers, naming them, so the merchant
/// says which (a phone, or picking from the list) instead of us guessing.
pub fn ambiguous(name: &str, several: &[crate::customers::lookup::Meant]) -> CoreError {
    let who = several
        .iter()
        .map(|c| c.label())
        .collect::<Vec<_>>()
        .join("、");
    CoreError::refused(
        Refusal::CustomerAmbiguous,
        &[("name", name.into()), ("candidates", who.clone())],
        format!("{name} could be any of: {who}; give the phone number or pick the customer"),
    )
}

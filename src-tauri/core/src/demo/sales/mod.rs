//! The generator itself: sets up the shop, then walks the year day by day
//! taking orders, payments, refunds and commissions as they would happen.

mod finish;
mod lines;
mod members;
mod money;
mod reviews;
mod setup;

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Transaction};

use super::people::phone;
use super::rng::Rng;
use super::{day_weight, spread, DemoOptions, DemoSummary};
use crate::catalog::sold_by::line_amount;
use crate::error::Result;
use crate::ids::{human_number, id_at};
use crate::progress::{checkpoint, Progress};
use crate::shop_time::ShopClock;
use crate::store::Writer;

const DAYS: i64 = 365;

mod hours;
use hours::{busy_so_far, HOURS, HOUR_WEIGHT_SUM};

struct Variant {
    id: String,
    /// Per piece, or per 斤 for goods sold by weight.
    price: i64,
    cost: i64,
    /// Ledger units (pieces, grams) the price is for.
    per: i64,
    sold: i64,
    /// Held by open orders at the end of the year.
    committed: i64,
}

struct Customer {
    id: String,
    created: bool,
    name: String,
    nick: String,
    pickup: Option<usize>,
}

struct Pickup {
    id: String,
    leader_id: String,
}

struct Distributor {
    id: String,
    recruiter: Option<usize>,
    rate1_bp: i64,
    rate2_bp: i64,
}

struct Campaign {
    id: String,
    from: i64,
    to: i64,
    coupon: Option<(String, i64, i64)>, // id, threshold fen, value fen
}

struct GroupBuy {
    id: String,
    created: i64,
    size: i64,
    variant: usize,
    price: i64,
    filled: bool,
    open: bool,
}

/// One order to take on a given day: a regular sale or a group-buy join.
#[derive(Clone, Copy)]
struct Slot {
    at: i64,
    group_buy: Option<usize>,
}

pub struct Gen<'a> {
    tx: &'a Transaction<'a>,
    clock: ShopClock,
    rng: Rng,
    /// Reviews draw from their own stream (see `reviews`).
    reviews_rng: Rng,
    reviews_seq: u64,
    opts: &'a DemoOptions,
    counter: u64,
    start: NaiveDate,
    /// Nothing happens after this instant: the end of `until`, or now.
    end: i64,
    location: String,
    variants: Vec<Variant>,
    customers: Vec<Customer>,
    repeat_customers: usize,
    next_one_time: usize,
    /// Chance that an order comes from a first-time buyer, so first-timers
    /// last the whole year.
    first_timer_per_mille: u64,
    pickups: Vec<Pickup>,
    distributors: Vec<Distributor>,
    campaigns: Vec<Campaign>,
    group_buys: Vec<GroupBuy>,
    batches: HashMap<(i32, u32, &'static str), String>,
    /// Lines written into each statement batch.
    batch_rows: HashMap<String, i64>,
    summary: DemoSummary,
}

impl<'a> Gen<'a> {
    pub fn new(w: &'a Writer<'a>, opts: &'a DemoOptions) -> Self {
        Gen {
            tx: w.tx,
            clock: *w.clock,
            rng: Rng::new(opts.seed),
            reviews_rng: Rng::new(opts.seed ^ 0x5245_5649_4557),
            reviews_seq: 0,
            opts,
            counter: 0,
            start: opts.until - Duration::days(DAYS - 1),
            end: w
                .clock
                .day_start(opts.until + Duration::days(1))
                .min(crate::shop_time::now()),
            location: String::new(),
            variants: Vec::new(),
            customers: Vec::new(),
            repeat_customers: 0,
            next_one_time: 0,
            first_timer_per_mille: 0,
            pickups: Vec::new(),
            distributors: Vec::new(),
            campaigns: Vec::new(),
            group_buys: Vec::new(),
            batches: HashMap::new(),
            batch_rows: HashMap::new(),
            summary: DemoSummary::default(),
        }
    }

    /// A fresh time-ordered id for something that happened at `at`.
    fn id(&mut self, at: i64) -> String {
        self.counter += 1;
        id_at(at.max(0) as u64 * 1000, self.counter)
    }

    fn opened_at(&self) -> i64 {
        self.clock.day_start(self.start) - 7 * 86_400
    }

    pub fn run(&mut self, progress: &dyn Progress) -> Result<DemoSummary> {
        self.catalog()?;
        self.community()?;
        self.distribution()?;
        self.campaigns()?;
        self.group_buys()?;
        self.customers();
        self.suppliers()?;
        self.year(progress)?;
        self.stock()?;
        self.close_batches()?;
        self.members()?;
        self.finish()?;
        self.summary.customers = self.customers.iter().filter(|c| c.created).count() as u32;
        Ok(self.summary.clone())
    }

    /// The year, day by day: each day's orders at the hours people shop.
    fn year(&mut self, progress: &dyn Progress) -> Result<()> {
        let mut joins: HashMap<NaiveDate, Vec<Slot>> = HashMap::new();
        let mut join_count = 0u64;
        // Joins take at most a tenth of the orders. Newest deals first: a
        // deal whose members do not fit is not run at all, so every deal
        // shown has the members its status says (a filled group exactly
        // its size: the last spot fills it).
        let budget = self.opts.orders / 10;
        let mut dropped = Vec::new();
        for g in (0..self.group_buys.len()).rev() {
            let deal = &self.group_buys[g];
            let (created, size, filled) = (deal.created, deal.size, deal.filled);
            let members = if filled {
                size
            } else {
                self.rng.range(1, size - 1)
            };
            if join_count + members as u64 > budget {
                dropped.push(self.group_buys[g].id.clone());
                continue;
            }
            // A filled group fills before its deadline; members of the
            // others join until it.
            let window = if filled { 86_400 } else { 2 * 86_400 - 600 };
            for _ in 0..members {
                let at = (created + self.rng.range(600, window)).min(self.end - 1);
                joins
                    .entry(self.clock.business_day(at))
                    .or_default()
                    .push(Slot {
                        at,
                        group_buy: Some(g),
                    });
                join_count += 1;
            }
        }
        for id in &dropped {
            self.tx
                .execute("DELETE FROM group_buys WHERE id = ?1", [id])?;
        }
        self.summary.group_buys -= dropped.len() as u32;
        let regular = self.opts.orders - join_count;
        let days: Vec<NaiveDate> = (0..DAYS).map(|i| self.start + Duration::days(i)).collect();
        let weights: Vec<u64> = days
            .iter()
            .enumerate()
            .map(|(i, d)| {
                // Today has had only the hours so far: its share of the
                // orders is that part of a day's, so "today" against
                // "yesterday up to now" reads as a real shop would.
                let start = self.clock.day_start(*d);
                day_weight(*d, i, days.len()) * busy_so_far(self.end - start) / HOUR_WEIGHT_SUM
            })
            .collect();
        let counts = spread(regular, &weights);
        let total = self.opts.orders;
        let mut done = 0u64;
        for (day, count) in days.iter().zip(counts) {
            let mut slots: Vec<Slot> = (0..count)
                .map(|_| Slot {
                    at: self.time_of_day(*day),
                    group_buy: None,
                })
                .collect();
            slots.extend(joins.remove(day).unwrap_or_default());
            slots.sort_by_key(|s| s.at);
            let taken = slots.len();
            for (seq, slot) in slots.into_iter().enumerate() {
                self.order(*day, seq as i64 + 1, slot)?;
                done += 1;
                if done.is_multiple_of(5_000) {
                    progress.report("orders", done, total);
                    checkpoint(progress)?;
                }
            }
            if taken > 0 {
                self.tx.execute(
                    "INSERT INTO number_seq(kind, day, last) VALUES ('order', ?1, ?2)",
                    params![day.to_string(), taken as i64],
                )?;
            }
        }
        progress.report("orders", done, total);
        Ok(())
    }

    /// Morning, lunch and evening peaks, as in the WeChat groups; today's
    /// orders fall in the hours so far (their number is already today's
    /// share of those hours, see `busy_so_far`).
    fn time_of_day(&mut self, day: NaiveDate) -> i64 {
        let start = self.clock.day_start(day);
        loop {
            let hour = self.rng.weighted(&HOURS) as i64;
            let at = start + hour * 3600 + self.rng.below(3600) as i64;
            if at < self.end || self.end <= start {
                return at.min(self.end - 1);
            }
        }
    }

    fn pick_customer(&mut self) -> usize {
        let one_time_left = self.next_one_time < self.customers.len();
        if one_time_left
            && (self.repeat_customers == 0 || self.rng.chance(self.first_timer_per_mille))
        {
            self.next_one_time += 1;
            self.next_one_time - 1
        } else {
            self.rng.below(self.repeat_customers.max(1) as u64) as usize
        }
    }

    fn customer_id(&mut self, c: usize, at: i64) -> Result<String> {
        if !self.customers[c].created {
            let id = self.id(at);
            let phone = phone(&mut self.rng);
            let cust = &self.customers[c];
            let pickup = cust.pickup.map(|p| self.pickups[p].id.clone());
            self.tx.prepare_cached(
                "INSERT INTO customers(id, name, wechat_nick, phone, default_pickup_id, tags, pinyin, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            )?
            .execute(params![id, cust.name, cust.nick, phone, pickup, if c < self.repeat_customers { "回头客" } else { "" }, crate::search_key::pinyin_key(&cust.name), at])?;
            let cust = &mut self.customers[c];
            cust.id = id;
            cust.created = true;
        }
        Ok(self.customers[c].id.clone())
    }

    fn order(&mut self, day: NaiveDate, seq: i64, slot: Slot) -> Result<()> {
        let at = slot.at;
        let age = (self.opts.until - day).num_days();
        let c = self.pick_customer();
        let customer_id = self.customer_id(c, at)?;
        let pickup = self.customers[c].pickup;
        let id = self.id(at);
        let order_no = human_number("S", day, "", seq);
        // (variant, price, filled, still open) of the group buy joined, if any.
        let deal = slot.group_buy.map(|g| {
            let d = &self.group_buys[g];
            (d.variant, d.price, d.filled, d.open)
        });
        let lines = self.lines(deal.map(|d| (d.0, d.1)));
        let gross: Vec<i64> = lines
            .iter()
            .map(|&(v, q, p)| line_amount(q, p, self.variants[v].per))
            .collect();
        let subtotal: i64 = gross.iter().sum();
        let channel = match (deal.is_some(), pickup.is_some()) {
            (true, _) => "wechat",
            (false, true) => {
                if self.rng.chance(600) {
                    "solitaire"
                } else {
                    "wechat"
                }
            }
            (false, false) => [
                "wechat",
                "wechat",
                "wechat",
                "offline",
                "offline",
                "pinduoduo",
                "pinduoduo",
                "youzan",
                "shop",
                "shop",
                "solitaire",
            ][self.rng.below(11) as usize],
        };
        let campaign = self
            .campaigns
            .iter()
            .position(|k| k.from <= at && at <= k.to)
            .filter(|_| self.rng.chance(600));
        let coupon = campaign
            .and_then(|k| self.campaigns[k].coupon.clone())
            .filter(|(_, threshold, _)| subtotal >= *threshold)
            .filter(|_| self.rng.chance(350));
        let discount = coupon.as_ref().map(|c| c.2).unwrap_or(0);
        let total = subtotal - discount;
        let referrer = (deal.is_none() && pickup.is_none() && self.rng.chance(90))
            .then(|| self.rng.below(self.distributors.len() as u64) as usize);
        let (status, paid) = self.fate(age, deal.map(|d| (d.2, d.3)));
        let (leader, pickup_id) = match pickup {
            Some(p) => (
                Some(self.pickups[p].leader_id.clone()),
                Some(self.pickups[p].id.clone()),
            ),
            None => (None, None),
        };
        let pickup_code = pickup.map(|_| format!("{:06}", self.rng.below(1_000_000)));
        self.tx.prepare_cached(
            "INSERT INTO orders(id, order_no, placed_at, business_day, channel, status, customer_id, leader_id, pickup_point_id,
                                referrer_id, campaign_id, group_buy_id, coupon_id, subtotal_fen, discount_fen, total_fen, paid_fen, pickup_code, remark, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, '', ?3, ?3)",
        )?
        .execute(params![
            id, order_no, at, day.to_string(), channel, status, customer_id, leader, pickup_id,
            referrer.map(|r| self.distributors[r].id.clone()),
            campaign.map(|k| self.campaigns[k].id.clone()),
            slot.group_buy.map(|g| self.group_buys[g].id.clone()),
            coupon.as_ref().map(|c| c.0.clone()),
            total, 0, total, if matches!(paid, Payment::Auto | Payment::Confirmed) { total } else { 0 }, pickup_code
        ])?;
        self.write_lines(&id, at, &lines, &gross, discount)?;
        if let Some((coupon_id, _, _)) = &coupon {
            self.tx
                .prepare_cached("INSERT INTO order_coupons(order_id, coupon_id, discount_fen) VALUES (?1, ?2, ?3)")?
                .execute(params![id, coupon_id, discount])?;
        }
        self.summary.orders += 1;
        self.stock_effect(&id, status, &lines, at, deal.is_none())?;
        if paid != Payment::None {
            let name = self.customers[c].name.clone();
            let nick = self.customers[c].nick.clone();
            self.payment(&id, &order_no, &name, &nick, channel, total, at, paid)?;
        }
        if status == "refunded" || (status == "completed" && self.rng.chance(15)) {
            let full = status == "refunded";
            let amount = if full {
                total
            } else {
                (total * self.rng.range(10, 50) / 100).max(1)
            };
            let refund_at = at + self.rng.range(86_400, 5 * 86_400);
            self.refund(&id, &order_no, amount, refund_at, deal.is_some() && full)?;
            if full && deal.is_none() {
                for (v, qty, _) in &lines {
                    let mid = self.id(at + 3 * 86_400);
                    self.movement(&mid, *v, *qty, "return", &id, at + 3 * 86_400)?;
                }
            }
            self.commission(&id, referrer, total, at, Some(amount))?;
        } else if matches!(paid, Payment::Auto | Payment::Confirmed) {
            self.commission(&id, referrer, total, at, None)?;
        }
        if status == "completed" && self.rng.chance(6) {
            self.after_sale(&id, at, age)?;
        }
        Ok(())
    }

    /// What became of an order by the end of the year, from its age.
    fn fate(&mut self, age: i64, deal: Option<(bool, bool)>) -> (&'static str, Payment) {
        if let Some((filled, open)) = deal {
            return match (open, filled) {
                (true, _) => ("paid", Payment::Auto),
                (false, true) if age <= 1 => ("fulfilled", Payment::Auto),
                (false, true) => ("completed", Payment::Auto),
                (false, false) => ("refunded", Payment::Auto),
            };
        }
        if self.rng.chance(20) {
            return ("cancelled", Payment::None);
        }
        let unpaid_per_mille = match age {
            0 => 400,
            1..=2 => 150,
            3..=7 => 30,
            _ => 4,
        };
        if self.rng.chance(unpaid_per_mille) {
            let p = if self.rng.chance(300) {
                Payment::Suggested
            } else {
                Payment::None
            };
            return ("awaiting_payment", p);
        }
        let settled = if age > 3 || self.rng.chance(500) {
            Payment::Auto
        } else {
            Payment::Confirmed
        };
        let status = match age {
            0 => "paid",
            1..=2 if self.rng.chance(400) => "paid",
            1..=2 => "fulfilled",
            _ if self.rng.chance(15) => "refunded",
            _ => "completed",
        };
        (status, settled)
    }

    fn stock_effect(
        &mut self,
        order_id: &str,
        status: &str,
        lines: &[(usize, i64, i64)],
        at: i64,
        shipped: bool,
    ) -> Result<()> {
        // Shipped orders left the shelf; a refunded one was shipped and came
        // back (the return is recorded with the refund), unless it was a
        // failed group buy that never shipped.
        let ships =
            matches!(status, "fulfilled" | "completed") || (status == "refunded" && shipped);
        if matches!(status, "awaiting_payment" | "paid") {
            for (v, qty, _) in lines {
                self.variants[*v].committed += qty;
            }
        } else if ships {
            for (v, qty, _) in lines {
                let mid = self.id(at + 3600);
                self.movement(&mid, *v, -qty, "sale", order_id, at + 3600)?;
            }
        }
        Ok(())
    }

    fn movement(
        &mut self,
        id: &str,
        v: usize,
        qty: i64,
        reason: &str,
        order_id: &str,
        at: i64,
    ) -> Result<()> {
        self.variants[v].sold -= qty;
        self.tx.prepare_cached(
            "INSERT INTO stock_movements(id, variant_id, location_id, qty, reason, ref_type, ref_id, at) VALUES (?1, ?2, ?3, ?4, ?5, 'order', ?6, ?7)",
        )?
        .execute(params![id, self.variants[v].id, self.location, qty, reason, order_id, at])?;
        Ok(())
    }

    fn after_sale(&mut self, order_id: &str, at: i64, age: i64) -> Result<()> {
        let opened = at + self.rng.range(86_400, 3 * 86_400);
        let kind =
            ["quality", "quality", "wrong_item", "delivery", "other"][self.rng.below(5) as usize];
        let reply = opened + self.rng.range(60, 1800);
        let resolved = age > 5;
        let id = self.id(opened);
        let description = match kind {
            "quality" => "收到有几个坏果",
            "wrong_item" => "少发了一袋",
            "delivery" => "团长那边还没到货吗",
            _ => "想开发票",
        };
        self.tx.prepare_cached(
            "INSERT INTO after_sales(id, order_id, kind, status, description, resolution, opened_at, first_reply_at, resolved_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![id, order_id, kind, if resolved { "resolved" } else { "open" }, description,
                         resolved.then_some(if kind == "quality" { "refund" } else { "resend" }), opened, reply, resolved.then_some(reply + 3600)])?;
        Ok(())
    }

    /// Stock that came in over the year (an opening count and quarterly
    /// deliveries) covers what sold, with a realistic few running low.
    fn stock(&mut self) -> Result<()> {
        let opened = self.clock.day_start(self.start) - 86_400;
        for v in 0..self.variants.len() {
            let need = self.variants[v].sold + self.variants[v].committed;
            let left = if self.rng.chance(60) {
                self.rng.range(0, 8)
            } else {
                self.rng.range(15, 120)
            };
            let damaged = if self.rng.chance(200) {
                self.rng.range(1, 3)
            } else {
                0
            };
            let total = need + left + damaged;
            let quarter = total / 4;
            let mut moves = vec![(total - 3 * quarter, "initial", opened)];
            for q in 1..4 {
                moves.push((quarter, "receipt", opened + q * 91 * 86_400));
            }
            if damaged > 0 {
                moves.push((-damaged, "damage", opened + 200 * 86_400));
            }
            for (qty, reason, at) in moves.into_iter().filter(|m| m.0 != 0) {
                let id = self.id(at);
                self.tx.prepare_cached(
                    "INSERT INTO stock_movements(id, variant_id, location_id, qty, reason, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![id, self.variants[v].id, self.location, qty, reason, at])?;
            }
            self.tx.prepare_cached("INSERT INTO stock_levels(variant_id, location_id, on_hand, committed) VALUES (?1, ?2, ?3, ?4)")?.execute(
                params![self.variants[v].id, self.location, left + self.variants[v].committed, self.variants[v].committed],
            )?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Payment {
    None,
    Suggested,
    Confirmed,
    Auto,
}

/// Prices end in .x0 as shops set them.
fn round_to_tenth(fen: i64) -> i64 {
    (fen + 5) / 10 * 10
}

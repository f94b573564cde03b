//! The generator itself: sets up the shop, then walks the year day by day
//! taking orders, payments, refunds and commissions as they would happen.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{params, Transaction};

use super::data::{CAMPAIGNS, CATALOG, ESTATES, GIVEN, SHOPS, SUPPLIERS, SURNAMES};
use super::people::{barcode, nickname, person_name, phone};
use super::rng::Rng;
use super::{day_weight, spread, DemoOptions, DemoSummary};
use crate::error::Result;
use crate::ids::{human_number, id_at};
use crate::money::Money;
use crate::progress::{checkpoint, Progress};
use crate::shop_time::ShopClock;
use crate::store::Writer;

const DAYS: i64 = 365;

struct Variant {
    id: String,
    price: i64,
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
        self.summary.customers = self.customers.iter().filter(|c| c.created).count() as u32;
        Ok(self.summary.clone())
    }

    fn catalog(&mut self) -> Result<()> {
        let at = self.opened_at();
        self.location = self.id(at);
        self.tx.execute(
            "INSERT INTO locations(id, name, kind, created_at) VALUES (?1, '门店', 'store', ?2)",
            params![self.location, at],
        )?;
        let mut n = 0u64;
        for shelf in CATALOG {
            let (category, prefix, options) = (shelf.name, shelf.prefix, shelf.options);
            for (i, item) in shelf.products.split_whitespace().enumerate() {
                let (name, price) = item.split_once(':').expect("catalog entry name:price");
                let base: Money = price.parse()?;
                let role = match self.rng.below(20) {
                    0..=2 => "traffic",
                    3..=7 => "profit",
                    _ => "normal",
                };
                let cost_pct = match role {
                    "traffic" => 90,
                    "profit" => 48,
                    _ => 66,
                };
                let product_id = self.id(at);
                self.tx.prepare_cached(
                    "INSERT INTO products(id, name, category, role, tags, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                )?
                .execute(params![product_id, name, category, role, if role == "traffic" { "引流" } else { "" }, at])?;
                self.summary.products += 1;
                let kinds = 1 + self.rng.below(options.len() as u64) as usize;
                for (v, (option, factor)) in options.iter().take(kinds).enumerate() {
                    n += 1;
                    let price = round_to_tenth(base.fen() * factor / 100);
                    let id = self.id(at);
                    let sku = format!("{prefix}{:03}-{}", i + 1, v + 1);
                    self.tx.prepare_cached(
                        "INSERT INTO variants(id, product_id, sku, barcode, options, price_fen, cost_fen, low_stock, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                    )?
                    .execute(params![id, product_id, sku, barcode(n), option, price, price * cost_pct / 100, 10, at])?;
                    let hist = self.id(at);
                    self.tx.prepare_cached(
                        "INSERT INTO price_history(id, variant_id, price_fen, cost_fen, valid_from, reason) VALUES (?1, ?2, ?3, ?4, ?5, '上架')",
                    )?
                    .execute(params![hist, id, price, price * cost_pct / 100, at])?;
                    self.variants.push(Variant {
                        id,
                        price,
                        sold: 0,
                        committed: 0,
                    });
                }
            }
        }
        self.summary.variants = self.variants.len() as u32;
        Ok(())
    }

    fn community(&mut self) -> Result<()> {
        let at = self.opened_at();
        for (i, estate) in ESTATES.iter().take(12).enumerate() {
            let leader = self.id(at);
            let name = person_name(&mut self.rng);
            let rate = 500 + 100 * self.rng.below(6) as i64;
            let phone = phone(&mut self.rng);
            self.tx.execute(
                "INSERT INTO leaders(id, name, phone, commission_rate_bp, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![leader, name, phone, rate, at],
            )?;
            self.summary.leaders += 1;
            let points = if i % 4 == 0 { 2 } else { 1 };
            for p in 0..points {
                let id = self.id(at);
                let estate = if p == 0 {
                    estate.to_string()
                } else {
                    ESTATES[12 + i / 4].to_string()
                };
                let shop = self.rng.word(SHOPS);
                self.tx.execute(
                    "INSERT INTO pickup_points(id, leader_id, name, address, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, leader, format!("{estate}{shop}"), format!("{estate}{}号楼底商", 1 + self.rng.below(20)), at],
                )?;
                self.pickups.push(Pickup {
                    id,
                    leader_id: leader.clone(),
                });
                self.summary.pickup_points += 1;
            }
        }
        Ok(())
    }

    /// Eight sharers, twenty people they recruited: two levels, never three.
    fn distribution(&mut self) -> Result<()> {
        let at = self.opened_at();
        for i in 0..28 {
            let id = self.id(at);
            let recruiter = if i < 8 {
                None
            } else {
                Some(self.rng.below(8) as usize)
            };
            // Distinct surnames keep the 28 names unique.
            let person = format!("{}{}", SURNAMES[i], GIVEN[(i * 7 + 3) % GIVEN.len()]);
            let name = format!(
                "{person}（{}）",
                if recruiter.is_none() {
                    "分享达人"
                } else {
                    "推广员"
                }
            );
            let (rate1, rate2) = if i % 5 == 0 { (1200, 400) } else { (1000, 300) };
            self.tx.execute(
                "INSERT INTO distributors(id, name, recruiter_id, level, rate1_bp, rate2_bp, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, name, recruiter.map(|r| self.distributors[r].id.clone()), if recruiter.is_some() { 2 } else { 1 }, rate1, rate2, at],
            )?;
            self.distributors.push(Distributor {
                id,
                recruiter,
                rate1_bp: rate1,
                rate2_bp: rate2,
            });
        }
        self.summary.distributors = self.distributors.len() as u32;
        Ok(())
    }

    fn campaigns(&mut self) -> Result<()> {
        let mut years = vec![self.start.year(), self.opts.until.year()];
        years.dedup();
        for year in years {
            for (name, kind, month, day, len, spend) in CAMPAIGNS {
                let Some(first) = NaiveDate::from_ymd_opt(year, *month, *day) else {
                    continue;
                };
                if first < self.start || first > self.opts.until {
                    continue;
                }
                let from = self.clock.day_start(first);
                let to = self.clock.day_start(first + Duration::days(*len)) - 1;
                let id = self.id(from - 86_400 * 3);
                let full = format!("{year}{name}");
                self.tx.execute(
                    "INSERT INTO campaigns(id, name, kind, starts_at, ends_at, spend_fen, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![id, full, kind, from, to, spend * 100, from - 86_400 * 3],
                )?;
                self.summary.campaigns += 1;
                let coupon = if *kind == "holiday" {
                    let cid = self.id(from);
                    let (threshold, value) = (
                        9900 + 10000 * self.rng.below(2) as i64,
                        1000 + 500 * self.rng.below(3) as i64,
                    );
                    self.tx.execute(
                        "INSERT INTO coupons(id, campaign_id, code, kind, value_fen, threshold_fen, valid_from, valid_to, usage_limit, created_at)
                         VALUES (?1, ?2, ?3, 'threshold', ?4, ?5, ?6, ?7, 500, ?6)",
                        params![cid, id, format!("MJ{}{:02}{:02}", year % 100, month, day), value, threshold, from, to],
                    )?;
                    self.summary.coupons += 1;
                    Some((cid, threshold, value))
                } else {
                    None
                };
                self.campaigns.push(Campaign {
                    id,
                    from,
                    to,
                    coupon,
                });
            }
        }
        Ok(())
    }

    /// A 拼团 every ten days or so; most fill, some fail, the newest is open.
    fn group_buys(&mut self) -> Result<()> {
        let now = self.end;
        let mut day = self.start + Duration::days(5);
        while day <= self.opts.until {
            let created = self.clock.day_start(day) + 9 * 3600;
            let deadline = created + 2 * 86_400;
            let variant = self.rng.popular(self.variants.len());
            let price = round_to_tenth(self.variants[variant].price * 80 / 100);
            let size = self.rng.range(3, 8);
            let open = deadline > now;
            let filled = !open && self.rng.chance(750);
            let status = if open {
                "open"
            } else if filled {
                "filled"
            } else {
                "failed"
            };
            let id = self.id(created);
            self.tx.execute(
                "INSERT INTO group_buys(id, name, variant_id, price_fen, group_size, per_customer_limit, deadline, status, closed_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 2, ?6, ?7, ?8, ?9)",
                params![id, format!("{}人团 · {}", size, day.format("%m月%d日")), self.variants[variant].id, price, size, deadline, status,
                        if open { None } else { Some(deadline) }, created],
            )?;
            self.group_buys.push(GroupBuy {
                id,
                created,
                size,
                variant,
                price,
                filled,
                open,
            });
            self.summary.group_buys += 1;
            day += Duration::days(self.rng.range(8, 12));
        }
        Ok(())
    }

    /// Customers exist from their first order; 30% of them come back.
    fn customers(&mut self) {
        let total = ((self.opts.orders * 55 / 100) as usize).max(40);
        self.repeat_customers = total * 30 / 100;
        self.customers = (0..total)
            .map(|_| {
                let name = person_name(&mut self.rng);
                let nick = nickname(&mut self.rng, &name);
                let pickup = self
                    .rng
                    .chance(400)
                    .then(|| self.rng.below(self.pickups.len() as u64) as usize);
                Customer {
                    id: String::new(),
                    created: false,
                    name,
                    nick,
                    pickup,
                }
            })
            .collect();
        self.next_one_time = self.repeat_customers;
        self.first_timer_per_mille =
            ((total - self.repeat_customers) as u64 * 1000 / self.opts.orders.max(1)).min(1000);
    }

    fn suppliers(&mut self) -> Result<()> {
        let at = self.opened_at();
        for (name, contact, prefix, lead) in SUPPLIERS {
            let id = self.id(at);
            let phone = phone(&mut self.rng);
            self.tx.execute(
                "INSERT INTO suppliers(id, name, contact, phone, lead_days, min_order_fen, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, name, contact, phone, lead, 50_000, at],
            )?;
            self.summary.suppliers += 1;
            let mut stmt = self.tx.prepare(
                "SELECT v.id, v.sku, p.name || ' ' || v.options, v.cost_fen FROM variants v JOIN products p ON p.id = v.product_id
                 WHERE v.sku LIKE ?1 || '%' ORDER BY v.sku",
            )?;
            let items: Vec<(String, String, String, i64)> = stmt
                .query_map([prefix], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            for (variant_id, sku, title, cost) in items {
                let item = self.id(at);
                let stock = self.rng.range(0, 500);
                self.tx.prepare_cached(
                    "INSERT INTO supplier_items(id, supplier_id, supplier_sku, title, cost_fen, pack_size, available, stock, variant_id, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )?
                .execute(params![item, id, format!("GY-{sku}"), title, cost, *self.rng.pick(&[1, 1, 6, 12]), stock > 20, stock, variant_id, at])?;
            }
        }
        Ok(())
    }

    /// The year, day by day: each day's orders at the hours people shop.
    fn year(&mut self, progress: &dyn Progress) -> Result<()> {
        let mut joins: HashMap<NaiveDate, Vec<Slot>> = HashMap::new();
        let mut join_count = 0u64;
        for (g, deal) in self.group_buys.iter().enumerate() {
            let (created, size) = (deal.created, deal.size);
            let members = if deal.filled {
                size + self.rng.range(0, 3)
            } else {
                self.rng.range(1, size - 1)
            };
            for _ in 0..members {
                let at = created + self.rng.range(600, 2 * 86_400 - 600);
                if at >= self.end {
                    continue;
                }
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
        let regular = self
            .opts
            .orders
            .saturating_sub(join_count.min(self.opts.orders / 10));
        let days: Vec<NaiveDate> = (0..DAYS).map(|i| self.start + Duration::days(i)).collect();
        let weights: Vec<u64> = days
            .iter()
            .enumerate()
            .map(|(i, d)| day_weight(*d, i, days.len()))
            .collect();
        let counts = spread(regular, &weights);
        let total = self.opts.orders;
        let mut done = 0u64;
        let mut budget = total - regular; // group-buy joins that fit in N
        for (day, count) in days.iter().zip(counts) {
            let mut slots: Vec<Slot> = (0..count)
                .map(|_| Slot {
                    at: self.time_of_day(*day),
                    group_buy: None,
                })
                .collect();
            for slot in joins.remove(day).unwrap_or_default() {
                if budget > 0 {
                    budget -= 1;
                    slots.push(slot);
                }
            }
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

    /// Morning, lunch and evening peaks, as in the WeChat groups.
    fn time_of_day(&mut self, day: NaiveDate) -> i64 {
        const HOURS: [u64; 24] = [
            2, 1, 1, 1, 1, 2, 6, 12, 16, 12, 9, 10, 13, 9, 7, 7, 8, 10, 12, 16, 20, 18, 10, 5,
        ];
        let hour = self.rng.weighted(&HOURS) as i64;
        let start = self.clock.day_start(day);
        let at = start + hour * 3600 + self.rng.below(3600) as i64;
        // Today's orders stop at the present, squeezed into the hours so far.
        let day_end = start + 86_400;
        if self.end < day_end {
            start + (at - start) * (self.end - start) / 86_400
        } else {
            at
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
                "INSERT INTO customers(id, name, wechat_nick, phone, default_pickup_id, tags, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )?
            .execute(params![id, cust.name, cust.nick, phone, pickup, if c < self.repeat_customers { "回头客" } else { "" }, at])?;
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
        let order_no = human_number("S", day, seq);
        // (variant, price, filled, still open) of the group buy joined, if any.
        let deal = slot.group_buy.map(|g| {
            let d = &self.group_buys[g];
            (d.variant, d.price, d.filled, d.open)
        });
        // Lines: a group-buy join is one item at the deal price.
        let mut lines: Vec<(usize, i64, i64)> = Vec::new();
        if let Some((variant, price, _, _)) = deal {
            lines.push((variant, 1, price));
        } else {
            let n = [1usize, 1, 1, 2, 2, 3][self.rng.below(6) as usize];
            for _ in 0..n {
                let v = self.rng.popular(self.variants.len());
                if lines.iter().any(|l| l.0 == v) {
                    continue;
                }
                let qty = [1i64, 1, 1, 1, 2, 2, 3][self.rng.below(7) as usize];
                lines.push((v, qty, self.variants[v].price));
            }
        }
        let subtotal: i64 = lines.iter().map(|(_, q, p)| q * p).sum();
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
        // The coupon's discount is spread over the lines (remainder to the
        // last), so the order's subtotal is the sum of its discounted lines.
        let shares = Money::from_fen(discount).allocate(
            &lines
                .iter()
                .map(|(_, q, p)| Money::from_fen(q * p))
                .collect::<Vec<_>>(),
        );
        for (i, (v, qty, price)) in lines.iter().enumerate() {
            let line_id = self.id(at);
            let line_discount = shares[i].fen();
            self.tx.prepare_cached(
                "INSERT INTO order_lines(id, order_id, line_no, variant_id, qty, unit_price_fen, discount_fen, line_total_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![line_id, id, i as i64 + 1, self.variants[*v].id, qty, price, line_discount, qty * price - line_discount])?;
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

    #[allow(clippy::too_many_arguments)]
    fn payment(
        &mut self,
        order_id: &str,
        order_no: &str,
        name: &str,
        nick: &str,
        channel: &str,
        amount: i64,
        at: i64,
        how: Payment,
    ) -> Result<()> {
        let paid_at = at + self.rng.range(20, 1800);
        let source = match channel {
            "offline" if self.rng.chance(500) => "cash",
            _ if self.rng.chance(250) => "alipay",
            _ => "wechat",
        };
        let txn = self.txn_id(source, paid_at);
        let merchant = matches!(channel, "shop" | "youzan" | "pinduoduo");
        let fee = if merchant && source != "cash" {
            Money::from_fen(amount)
                .times_rate(rust_decimal::Decimal::new(6, 3))
                .fen()
        } else {
            0
        };
        let (remark, rule) = if merchant {
            (String::new(), "merchant_order_no")
        } else if self.rng.chance(500) {
            (format!("订单{order_no}"), "remark_order_no")
        } else {
            (String::new(), "name_amount_time")
        };
        let status = match how {
            Payment::Suggested => "suggested",
            Payment::Confirmed => "confirmed",
            _ if rule == "name_amount_time" => "confirmed",
            _ => "auto",
        };
        let batch = self.batch(source, paid_at)?;
        let pid = self.id(paid_at);
        self.tx.prepare_cached(
            "INSERT INTO payments(id, batch_id, source, txn_id, merchant_order_no, direction, kind, amount_fen, fee_fen, counterparty, remark, occurred_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'in', 'sale', ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![pid, batch, source, txn, merchant.then_some(order_no), amount, fee, if source == "alipay" { name } else { nick }, remark, paid_at])?;
        let mid = self.id(paid_at);
        self.tx.prepare_cached(
            "INSERT INTO payment_matches(id, payment_id, order_id, amount_fen, status, rule, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![mid, pid, order_id, amount, status, rule, paid_at])?;
        self.summary.payments += 1;
        Ok(())
    }

    fn txn_id(&mut self, source: &str, at: i64) -> String {
        let local = self.clock.local(at);
        match source {
            "wechat" => format!(
                "4200002{}{}{:08}",
                local.format("%Y%m%d"),
                self.rng.below(10),
                self.counter % 100_000_000
            ),
            "alipay" => format!(
                "{}2200141{:05}{:08}",
                local.format("%Y%m%d"),
                self.rng.below(100_000),
                self.counter % 100_000_000
            ),
            _ => format!("CASH-{}-{}", local.format("%Y%m%d"), self.counter),
        }
    }

    /// Statements come in monthly files per source, as merchants download them.
    fn batch(&mut self, source: &'static str, at: i64) -> Result<Option<String>> {
        if source == "cash" {
            return Ok(None);
        }
        let local = self.clock.local(at);
        let key = (local.year(), local.month(), source);
        if let Some(id) = self.batches.get(&key) {
            *self.batch_rows.entry(id.clone()).or_default() += 1;
            return Ok(Some(id.clone()));
        }
        let first = NaiveDate::from_ymd_opt(key.0, key.1, 1).unwrap();
        let next = if key.1 == 12 {
            NaiveDate::from_ymd_opt(key.0 + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(key.0, key.1 + 1, 1)
        }
        .unwrap();
        let imported = self.clock.day_start(next) + 10 * 3600;
        let id = self.id(imported);
        let (format, file) = match source {
            "wechat" => (
                "wechat_personal_csv",
                format!(
                    "微信支付账单({}-{}).csv",
                    first.format("%Y%m%d"),
                    (next - Duration::days(1)).format("%Y%m%d")
                ),
            ),
            _ => (
                "alipay_personal_csv",
                format!("alipay_record_{}.csv", first.format("%Y%m")),
            ),
        };
        self.tx.execute(
            "INSERT INTO statement_batches(id, batch_no, format, file_name, file_sha256, rows, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)",
            params![id, human_number("B", next, self.batches.len() as i64 + 1), format, file, format!("{:064x}", self.counter), imported],
        )?;
        self.batches.insert(key, id.clone());
        self.batch_rows.insert(id.clone(), 1);
        Ok(Some(id))
    }

    fn close_batches(&mut self) -> Result<()> {
        for (id, rows) in &self.batch_rows {
            self.tx.execute(
                "UPDATE statement_batches SET rows = ?2 WHERE id = ?1",
                params![id, rows],
            )?;
        }
        Ok(())
    }

    /// A refund is its own money line, paid back out through the statement.
    fn refund(
        &mut self,
        order_id: &str,
        order_no: &str,
        amount: i64,
        at: i64,
        group_failed: bool,
    ) -> Result<()> {
        let txn = self.txn_id("wechat", at);
        let batch = self.batch("wechat", at)?;
        let pid = self.id(at);
        self.tx.prepare_cached(
            "INSERT INTO payments(id, batch_id, source, txn_id, direction, kind, amount_fen, counterparty, remark, occurred_at)
             VALUES (?1, ?2, 'wechat', ?3, 'out', 'refund', ?4, '', ?5, ?6)",
        )?
        .execute(params![pid, batch, txn, amount, format!("退款 {order_no}"), at])?;
        let rid = self.id(at);
        let reason = if group_failed {
            "拼团未成团"
        } else {
            *self
                .rng
                .pick(&["质量问题", "少发漏发", "不想要了", "坏果包赔"])
        };
        self.tx.prepare_cached(
            "INSERT INTO refunds(id, order_id, amount_fen, reason, status, payment_id, created_at) VALUES (?1, ?2, ?3, ?4, 'settled', ?5, ?6)",
        )?
        .execute(params![rid, order_id, amount, reason, pid, at])?;
        self.tx
            .prepare_cached("UPDATE orders SET refunded_fen = refunded_fen + ?2 WHERE id = ?1")?
            .execute(params![order_id, amount])?;
        self.summary.refunds += 1;
        Ok(())
    }

    /// Level 1 earns on what they sold, their recruiter on level 2; a
    /// refund claws back in proportion, as its own line.
    fn commission(
        &mut self,
        order_id: &str,
        referrer: Option<usize>,
        paid: i64,
        at: i64,
        refunded: Option<i64>,
    ) -> Result<()> {
        let Some(d) = referrer else { return Ok(()) };
        let mut earners = vec![(d, 1, self.distributors[d].rate1_bp)];
        if let Some(r) = self.distributors[d].recruiter {
            earners.push((r, 2, self.distributors[r].rate2_bp));
        }
        for (who, level, bp) in earners {
            let amount = Money::from_fen(paid)
                .times_rate(rust_decimal::Decimal::new(bp, 4))
                .fen();
            if amount == 0 {
                continue;
            }
            let id = self.id(at);
            let dist = self.distributors[who].id.clone();
            self.tx.prepare_cached(
                "INSERT INTO commissions(id, distributor_id, order_id, level, amount_fen, kind, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 'accrual', ?6)",
            )?
            .execute(params![id, dist, order_id, level, amount, at])?;
            if let Some(r) = refunded.filter(|r| *r > 0 && paid > 0) {
                let back = Money::from_fen(amount)
                    .times_rate(rust_decimal::Decimal::from(r) / rust_decimal::Decimal::from(paid))
                    .fen();
                let cid = self.id(at + 86_400);
                self.tx.prepare_cached(
                    "INSERT INTO commissions(id, distributor_id, order_id, level, amount_fen, kind, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 'clawback', ?6)",
                )?
                .execute(params![cid, dist, order_id, level, -back, at + 86_400])?;
            }
        }
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

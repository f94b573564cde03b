//! Setting up the shop before its year: catalog, leaders and pickup points,
//! distributors, campaigns and coupons, group buys, customers, suppliers.

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::params;

use super::super::data::{CAMPAIGNS, CATALOG, ESTATES, GIVEN, SHOPS, SUPPLIERS, SURNAMES};
use super::super::people::{barcode, nickname, person_name, phone};
use super::{round_to_tenth, Campaign, Customer, Distributor, Gen, GroupBuy, Pickup, Variant};
use crate::error::{CoreError, Result};
use crate::money::Money;

impl Gen<'_> {
    pub(super) fn catalog(&mut self) -> Result<()> {
        let at = self.opened_at();
        self.location = self.id(at);
        self.tx.execute(
            "INSERT INTO locations(id, name, kind, created_at) VALUES (?1, '门店', 'store', ?2)",
            params![self.location, at],
        )?;
        let mut n = 0u64;
        for shelf in CATALOG {
            let (category, prefix, options) = (shelf.name, shelf.prefix, shelf.options);
            let per = shelf.sold_by.per();
            for (i, item) in shelf.products.split_whitespace().enumerate() {
                let Some((name, price)) = item.split_once(':') else {
                    return Err(CoreError::invalid(
                        "catalog",
                        format!("{item}: not name:price"),
                    ));
                };
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
                    "INSERT INTO products(id, name, pinyin, category, role, tags, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                )?
                .execute(params![product_id, name, crate::search_key::pinyin_key(name), category, role, if role == "traffic" { "引流" } else { "" }, at])?;
                self.summary.products += 1;
                let kinds = 1 + self.rng.below(options.len() as u64) as usize;
                for (v, (option, factor)) in options.iter().take(kinds).enumerate() {
                    n += 1;
                    let price = round_to_tenth(base.fen() * factor / 100);
                    let cost = price * cost_pct / 100;
                    let id = self.id(at);
                    let sku = format!("{prefix}{:03}-{}", i + 1, v + 1);
                    self.tx.prepare_cached(
                        "INSERT INTO variants(id, product_id, sku, barcode, options, price_fen, cost_fen, low_stock, created_at, updated_at, sold_by)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
                    )?
                    .execute(params![id, product_id, sku, barcode(n), option, price, cost, 10 * per, at, shelf.sold_by.code()])?;
                    let hist = self.id(at);
                    self.tx.prepare_cached(
                        "INSERT INTO price_history(id, variant_id, price_fen, cost_fen, valid_from, reason) VALUES (?1, ?2, ?3, ?4, ?5, '上架')",
                    )?
                    .execute(params![hist, id, price, cost, at])?;
                    self.variants.push(Variant {
                        id,
                        price,
                        cost,
                        per,
                        sold: 0,
                        committed: 0,
                    });
                }
            }
        }
        self.summary.variants = self.variants.len() as u32;
        Ok(())
    }

    pub(super) fn community(&mut self) -> Result<()> {
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
    pub(super) fn distribution(&mut self) -> Result<()> {
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

    pub(super) fn campaigns(&mut self) -> Result<()> {
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
                self.campaign_costs(&id, kind, spend * 100, from, first, *len)?;
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

    /// A campaign's cost as one line (a live session pays its host, the
    /// rest buy ads) and its traffic: views each day, 3–9% of them clicks.
    fn campaign_costs(
        &mut self,
        id: &str,
        kind: &str,
        spend: i64,
        at: i64,
        first: NaiveDate,
        days: i64,
    ) -> Result<()> {
        if spend > 0 {
            let line = self.id(at);
            let what = if kind == "live" { "kol" } else { "ads" };
            self.tx.execute(
                "INSERT INTO campaign_spend(id, campaign_id, kind, amount_fen, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![line, id, what, spend, at],
            )?;
        }
        for d in 0..days.max(1) {
            let views = self.rng.range(800, 3000);
            let clicks = views * self.rng.range(3, 9) / 100;
            self.tx.execute(
                "INSERT INTO campaign_traffic(campaign_id, day, views, clicks) VALUES (?1, ?2, ?3, ?4)",
                params![id, (first + Duration::days(d)).to_string(), views, clicks],
            )?;
        }
        Ok(())
    }

    /// A 拼团 every ten days or so; most fill, some fail, the newest is open.
    pub(super) fn group_buys(&mut self) -> Result<()> {
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
    pub(super) fn customers(&mut self) {
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

    pub(super) fn suppliers(&mut self) -> Result<()> {
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
}

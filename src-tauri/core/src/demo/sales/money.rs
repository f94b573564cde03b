//! Money moving: payments into statement batches, refunds as their own
//! lines, commissions with proportional clawbacks.

use chrono::{Datelike, Duration, Months};
use rusqlite::params;

use super::{Gen, Payment};
use crate::error::Result;
use crate::ids::human_number;
use crate::money::Money;

impl Gen<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn payment(
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
        // A payment waiting for a person is one without an order number.
        let waits = matches!(how, Payment::Suggested);
        let merchant = matches!(channel, "shop" | "youzan" | "pinduoduo") && !waits;
        let fee = if merchant && source != "cash" {
            Money::from_fen(amount)
                .times_rate(rust_decimal::Decimal::new(6, 3))
                .fen()
        } else {
            0
        };
        let (remark, rule) = if merchant {
            (String::new(), "merchant_order_no")
        } else if !waits && self.rng.chance(500) {
            (format!("订单{order_no}"), "remark_order_no")
        } else {
            (String::new(), "name_amount_time")
        };
        // As the matcher would: an order number (the wallet's or the payer's
        // note) is certain; a name and an amount wait for, or got, a person.
        let status = match how {
            Payment::Suggested => "suggested",
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

    pub(super) fn txn_id(&mut self, source: &str, at: i64) -> String {
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
    pub(super) fn batch(&mut self, source: &'static str, at: i64) -> Result<Option<String>> {
        if source == "cash" {
            return Ok(None);
        }
        let local = self.clock.local(at);
        let key = (local.year(), local.month(), source);
        if let Some(id) = self.batches.get(&key) {
            *self.batch_rows.entry(id.clone()).or_default() += 1;
            return Ok(Some(id.clone()));
        }
        let first = local.date_naive() - Duration::days(local.day0().into());
        let next = first + Months::new(1);
        // Downloaded the morning after the month ends; this month's, so far,
        // today: never in the future.
        let imported = (self.clock.day_start(next) + 10 * 3600).min(self.end);
        let id = self.id(imported);
        let (format, file) = match source {
            "wechat" => (
                "wechat_personal",
                format!(
                    "微信支付账单({}-{}).csv",
                    first.format("%Y%m%d"),
                    (next - Duration::days(1)).format("%Y%m%d")
                ),
            ),
            _ => (
                "alipay_personal",
                format!("alipay_record_{}.csv", first.format("%Y%m")),
            ),
        };
        self.tx.execute(
            "INSERT INTO statement_batches(id, batch_no, format, file_name, file_sha256, rows, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)",
            params![id, human_number("B", next, "", self.batches.len() as i64 + 1), format, file, format!("{:064x}", self.counter), imported],
        )?;
        self.batches.insert(key, id.clone());
        self.batch_rows.insert(id.clone(), 1);
        Ok(Some(id))
    }

    pub(super) fn close_batches(&mut self) -> Result<()> {
        for (id, rows) in &self.batch_rows {
            self.tx.execute(
                "UPDATE statement_batches SET rows = ?2 WHERE id = ?1",
                params![id, rows],
            )?;
        }
        Ok(())
    }

    /// A refund is its own money line, paid back out through the statement.
    pub(super) fn refund(
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
        let day = self.clock.business_day(at).to_string();
        self.tx.prepare_cached(
            "INSERT INTO refunds(id, order_id, amount_fen, reason, status, payment_id, created_at, business_day) VALUES (?1, ?2, ?3, ?4, 'settled', ?5, ?6, ?7)",
        )?
        .execute(params![rid, order_id, amount, reason, pid, at, day])?;
        self.tx
            .prepare_cached("UPDATE orders SET refunded_fen = refunded_fen + ?2 WHERE id = ?1")?
            .execute(params![order_id, amount])?;
        self.summary.refunds += 1;
        Ok(())
    }

    /// Level 1 earns on what they sold, their recruiter on level 2; a
    /// refund claws back in proportion, as its own line.
    pub(super) fn commission(
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
}

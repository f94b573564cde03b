//! Benchmark data for reconciliation at any size: a shop of orders waiting
//! for money, and the WeChat Pay bill (the real CSV layout) that pays them
//! the way customers do: order numbers in notes, exact amounts by nickname,
//! some not yet, and strangers' money mixed in.

use std::io::{BufWriter, Write};
use std::path::Path;

use rusqlite::params;

use super::Rng;
use crate::error::{CoreError, Result};
use crate::ids::{human_number, id_at};
use crate::progress::{checkpoint, Progress};
use crate::store::Store;

const NICKS: &[&str] = &[
    "阿花",
    "小王",
    "老李",
    "Lily",
    "张姐",
    "桃子",
    "王阿姨",
    "晴天",
];
const PRICES: &[i64] = &[990, 1990, 2990, 3650, 5000, 6800, 12_800, 19_900];

/// Fills an empty shop with `orders` orders awaiting payment over the year
/// before `until` (UTC seconds), by customers with WeChat nicknames.
pub fn unpaid_orders(
    store: &mut Store,
    orders: u64,
    seed: u64,
    until: i64,
    progress: &dyn Progress,
) -> Result<()> {
    if !store.is_empty()? {
        return Err(CoreError::ShopNotEmpty);
    }
    let clock = *store.clock();
    store.write(|w| {
        let mut rng = Rng::new(seed);
        let customers = (orders / 3).max(1);
        let mut add_customer = w.tx.prepare("INSERT INTO customers(id, name, wechat_nick, pinyin, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 0, 0)")?;
        for c in 0..customers {
            let name = format!("客户{c}");
            let key = crate::search_key::pinyin_key(&name);
            add_customer.execute(params![id_at(0, c), name, format!("{}{c}", rng.pick(NICKS)), key])?;
        }
        let mut add_order = w.tx.prepare(
            "INSERT INTO orders(id, order_no, placed_at, business_day, channel, status, customer_id, subtotal_fen, total_fen, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'wechat', 'awaiting_payment', ?5, ?6, ?6, ?3, ?3)",
        )?;
        let year = 365 * 86_400;
        let mut seq_by_day = std::collections::HashMap::new();
        let mut times: Vec<i64> = (0..orders).map(|_| until - year + rng.below(year as u64) as i64).collect();
        times.sort_unstable();
        for (i, at) in times.into_iter().enumerate() {
            if i % 50_000 == 0 {
                checkpoint(progress)?;
                progress.report("orders", i as u64, orders);
            }
            let day = clock.business_day(at);
            let seq = seq_by_day.entry(day).or_insert(0i64);
            *seq += 1;
            let total = rng.pick(PRICES) * (1 + rng.below(3) as i64);
            let customer = id_at(0, rng.below(customers));
            add_order.execute(params![id_at(at as u64 * 1000, i as u64), human_number("S", day, "", *seq), at, day.to_string(), customer, total])?;
        }
        Ok(())
    })
}

/// Writes the WeChat Pay personal bill that pays the shop's waiting orders;
/// returns the number of rows.
pub fn wechat_bill(store: &Store, path: &Path, seed: u64) -> Result<u64> {
    let conn = store.conn();
    let file = std::fs::File::create(path).map_err(|e| CoreError::io(path, e))?;
    let mut out = BufWriter::new(file);
    let io = |e| CoreError::io(path, e);
    out.write_all("微信支付账单明细,,,,,,,,,,\n微信昵称：[演示店铺],,,,,,,,,,\n----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n".as_bytes()).map_err(io)?;
    let mut stmt = conn.prepare(
        "SELECT o.order_no, c.wechat_nick, o.total_fen, o.placed_at FROM orders o JOIN customers c ON c.id = o.customer_id
         WHERE o.status = 'awaiting_payment' ORDER BY o.placed_at",
    )?;
    let mut rows = stmt.query([])?;
    let china = crate::shop_time::CHINA;
    let mut rng = Rng::new(seed ^ 0xB111);
    let mut n = 0u64;
    while let Some(r) = rows.next()? {
        let (order_no, nick, total, placed): (String, String, i64, i64) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        let paid_at = placed + rng.range(30, 20 * 3600);
        let when = chrono::DateTime::from_timestamp(paid_at, 0)
            .ok_or_else(|| CoreError::invalid("paid_at", format!("{paid_at} is not a time")))?
            .with_timezone(&china);
        let yuan = format!("{}.{:02}", total / 100, total % 100);
        let (kind, who, note, amount) = match rng.below(20) {
            0..=4 => ("转账", nick, format!("转账备注:订单{order_no}"), yuan),
            5..=16 => (
                "二维码收款",
                nick,
                "收款方备注:二维码收款".to_string(),
                yuan,
            ),
            17 => (
                "二维码收款",
                format!("路人{}", rng.below(100_000)),
                "/".to_string(),
                yuan,
            ),
            _ => continue, // not paid yet
        };
        n += 1;
        writeln!(
            out,
            "{},{kind},{who},{note},收入,¥{amount},零钱,已收钱,10000{:030}\t,/\t,/",
            when.format("%Y-%m-%d %H:%M:%S"),
            n
        )
        .map_err(io)?;
    }
    out.flush().map_err(io)?;
    Ok(n)
}

//! Courier orders in the demo: the marketplace's and the online shop's
//! orders that no pickup point collects go by courier. Those handed over
//! left with a parcel (a carrier and tracking number); the paid ones wait
//! in 快递发货; their buyers have addresses. Made after the year, without
//! the random stream, so a seed's orders are the same with or without them.

use rusqlite::params;

use super::super::Gen;
use crate::error::Result;
use crate::ids::id_at;
use crate::shipping::CARRIERS;

/// Where the demo's courier buyers live.
const DISTRICTS: &[&str] = &[
    "杭州市西湖区",
    "上海市浦东新区",
    "苏州市工业园区",
    "南京市鼓楼区",
    "宁波市鄞州区",
    "无锡市滨湖区",
    "合肥市蜀山区",
];
const ROADS: &[&str] = &[
    "文一西路",
    "张江路",
    "星湖街",
    "中山北路",
    "天童南路",
    "太湖大道",
    "长江西路",
];

/// Tracking-number prefixes, in the order of [`CARRIERS`].
const PREFIXES: &[&str] = &["SF", "ZT", "YT", "YD", "ST", "EMS", "JD"];

impl Gen<'_> {
    pub(super) fn parcels(&mut self) -> Result<()> {
        self.tx.execute(
            "UPDATE orders SET delivery = 'courier' WHERE pickup_point_id IS NULL AND channel IN ('pinduoduo', 'shop')",
            [],
        )?;
        let sent: Vec<(i64, String, i64)> = self
            .tx
            .prepare(
                "SELECT rowid, id, updated_at FROM orders
                 WHERE delivery = 'courier' AND status IN ('fulfilled', 'completed') ORDER BY rowid",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut insert = self.tx.prepare(
            "INSERT INTO parcels(id, order_id, carrier, tracking_no, shipped_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?5)",
        )?;
        for (rowid, order_id, at) in sent {
            let k = rowid as usize % CARRIERS.len();
            let tracking = format!(
                "{}{:012}",
                PREFIXES[k],
                (rowid as u64).wrapping_mul(7_919) % 1_000_000_000_000
            );
            let id = id_at(at.max(0) as u64 * 1000, (2 << 40) + rowid as u64);
            insert.execute(params![id, order_id, CARRIERS[k], tracking, at])?;
        }
        drop(insert);
        self.addresses()
    }

    /// A street address for every courier buyer without one.
    fn addresses(&mut self) -> Result<()> {
        let buyers: Vec<i64> = self
            .tx
            .prepare(
                "SELECT rowid FROM customers WHERE address = ''
                   AND id IN (SELECT customer_id FROM orders WHERE delivery = 'courier')",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut set = self
            .tx
            .prepare("UPDATE customers SET address = ?2 WHERE rowid = ?1")?;
        for rowid in buyers {
            let n = rowid as usize;
            let address = format!(
                "{}{}{}号",
                DISTRICTS[n % DISTRICTS.len()],
                ROADS[n / DISTRICTS.len() % ROADS.len()],
                n % 297 + 1
            );
            set.execute(params![rowid, address])?;
        }
        Ok(())
    }
}

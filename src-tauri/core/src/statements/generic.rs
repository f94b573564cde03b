//! A statement in a layout we do not know (a bank, another wallet, the
//! merchant's own spreadsheet), read through a column mapping the merchant
//! saves once; later files with the same columns are detected by it.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::header::{split_details, Cells, Header};
use super::wechat::join_remark;
use super::{BadLine, Direction, Kind, Source, StatementLine};
use crate::error::{CoreError, Refusal, Result};
use crate::money::Money;
use crate::table::{Row, Why};

/// Which column holds what. Without a direction column the amount's sign
/// tells: negative is money out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Mapping {
    pub name: String,
    /// `wechat`, `alipay`, `bank` or `other`.
    pub source: String,
    pub time: String,
    pub amount: String,
    pub txn_id: String,
    pub direction: Option<String>,
    pub counterparty: Option<String>,
    pub remark: Option<String>,
    pub order_no: Option<String>,
}

impl Mapping {
    /// The columns a header must have for this mapping to take a file.
    pub fn required(&self) -> Vec<&str> {
        let mut cols = vec![
            self.time.as_str(),
            self.amount.as_str(),
            self.txn_id.as_str(),
        ];
        cols.extend(self.direction.as_deref());
        cols
    }

    pub fn source(&self) -> Source {
        match self.source.as_str() {
            "wechat" => Source::Wechat,
            "alipay" => Source::Alipay,
            _ => Source::Other,
        }
    }

    fn validate(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(CoreError::refused(
                Refusal::NameRequired,
                &[("what", "mapping".into())],
                "a mapping needs a name".into(),
            ));
        }
        if !matches!(self.source.as_str(), "wechat" | "alipay" | "bank" | "other") {
            return Err(CoreError::invalid(
                "source",
                "one of wechat, alipay, bank, other",
            ));
        }
        if self.required().iter().any(|c| c.trim().is_empty()) {
            return Err(CoreError::refused(
                Refusal::MappingColumnsMissing,
                &[],
                "time, amount and transaction id columns are needed".into(),
            ));
        }
        Ok(())
    }
}

pub fn save_mapping(conn: &Connection, mapping: &Mapping, now: i64) -> Result<()> {
    mapping.validate()?;
    let json =
        serde_json::to_string(mapping).map_err(|e| CoreError::invalid("mapping", e.to_string()))?;
    conn.execute(
        "INSERT INTO statement_mappings(name, mapping_json, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(name) DO UPDATE SET mapping_json = excluded.mapping_json",
        params![mapping.name, json, now],
    )?;
    Ok(())
}

pub fn mappings(conn: &Connection) -> Result<Vec<Mapping>> {
    let mut stmt = conn.prepare("SELECT mapping_json FROM statement_mappings ORDER BY name")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for json in rows {
        // A mapping this version cannot read is skipped, not fatal.
        if let Ok(m) = serde_json::from_str(&json?) {
            out.push(m);
        }
    }
    Ok(out)
}

pub fn lines(
    mapping: &Mapping,
    header: &Header,
    body: &[Row],
) -> Result<Vec<StatementLine>, BadLine> {
    let time = header.require(&[&mapping.time])?;
    let amount = header.require(&[&mapping.amount])?;
    let txn = header.require(&[&mapping.txn_id])?;
    let opt = |c: &Option<String>| c.as_deref().and_then(|n| header.col(&[n]));
    let (dir, party) = (opt(&mapping.direction), opt(&mapping.counterparty));
    let (remark, order_no) = (opt(&mapping.remark), opt(&mapping.order_no));
    let mut lines = Vec::new();
    for row in split_details(body).0 {
        let c = Cells::fit(row, header, party)?;
        let value = c.money(Some(amount), false)?;
        let direction = match (dir, c.get(dir)) {
            (Some(_), d) => text_direction(d).ok_or_else(|| {
                BadLine::at(
                    c.line,
                    dir.unwrap_or(0) + 1,
                    format!("not in or out: {d:?}"),
                )
                .because(Why::NotADirection {
                    cell: Why::excerpt(d),
                })
            })?,
            (None, _) if value < Money::ZERO => Direction::Out,
            (None, _) => Direction::In,
        };
        lines.push(StatementLine {
            line: c.line,
            txn_id: c.get(Some(txn)).to_string(),
            merchant_order_no: c.get(order_no).to_string(),
            original_txn_id: String::new(),
            direction,
            kind: if direction == Direction::In {
                Kind::Sale
            } else {
                Kind::Other
            },
            amount: value.abs(),
            fee: Money::ZERO,
            counterparty: c.get(party).to_string(),
            remark: join_remark(c.get(remark), ""),
            status: String::new(),
            occurred_at: c.time(time)?,
            settled: true,
        });
    }
    Ok(lines)
}

fn text_direction(text: &str) -> Option<Direction> {
    match text.to_lowercase().as_str() {
        "收入" | "收" | "入" | "in" | "+" | "credit" | "贷" => Some(Direction::In),
        "支出" | "支" | "出" | "out" | "-" | "debit" | "借" => Some(Direction::Out),
        _ => None,
    }
}

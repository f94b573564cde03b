//! A first look at a file, for setting up a column mapping once: which
//! layout it is (if any we know), the row that looks like its header, and
//! a few rows under it.

use serde::Serialize;
use ts_rs::TS;

use super::header::find;
use super::text::clean;
use super::{sheets, BadLine, Mapping};
use crate::table::{Row, Why};

#[derive(Debug, Clone, Serialize, TS)]
pub struct Preview {
    /// The layout's name when the file is one we already read.
    pub known: Option<String>,
    pub header_line: u32,
    pub columns: Vec<String>,
    pub sample: Vec<Vec<String>>,
}

/// Rows looked at for a header: preambles are shorter than this.
const LOOK: usize = 60;
const SAMPLE: usize = 5;

pub fn preview(bytes: &[u8], mappings: &[Mapping]) -> Result<Preview, BadLine> {
    let rows = sheets(bytes)?.into_iter().next().unwrap_or_default();
    let (at, known) = match find(&rows, mappings) {
        Some((at, format)) => (at, Some(format.name())),
        None => (
            header_like(&rows)
                .ok_or_else(|| BadLine::whole("the file has no rows").because(Why::Empty))?,
            None,
        ),
    };
    let cells = |r: &Row| -> Vec<String> { r.cells().map(|c| clean(c).to_string()).collect() };
    let mut columns = cells(&rows[at]);
    while columns.last().is_some_and(String::is_empty) {
        columns.pop();
    }
    let sample = rows[at + 1..]
        .iter()
        .filter(|r| !r.is_blank())
        .take(SAMPLE)
        .map(|r| cells(r).into_iter().take(columns.len()).collect())
        .collect();
    Ok(Preview {
        known,
        header_line: rows[at].line as u32,
        columns,
        sample,
    })
}

/// The first row with the most filled cells, none of them a number or a
/// date: what a header looks like under any preamble.
fn header_like(rows: &[Row]) -> Option<usize> {
    let filled = |r: &Row| r.cells().filter(|c| !clean(c).is_empty()).count();
    let wordy = |r: &Row| {
        r.cells()
            .map(clean)
            .filter(|c| !c.is_empty())
            .all(|c| !c.starts_with(|ch: char| ch.is_ascii_digit() || ch == '-' || ch == '¥'))
    };
    let widest = rows.iter().take(LOOK).map(filled).max()?;
    rows.iter()
        .take(LOOK)
        .position(|r| filled(r) == widest && wordy(r))
        .or_else(|| rows.iter().position(|r| filled(r) == widest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bank_export_shows_its_header_and_rows() {
        let csv = "招商银行交易流水\n账号：6225********1234\n记账日期,流水号,交易金额,对方户名,摘要\n2026-11-20 10:00:00,B1,58.00,王阿姨,S20261120-0001\n2026-11-20 11:00:00,B2,-20.00,供应商,货款\n";
        let p = preview(csv.as_bytes(), &[]).unwrap();
        assert_eq!(p.known, None);
        assert_eq!((p.header_line, p.columns.len()), (3, 5));
        assert_eq!(p.columns[2], "交易金额");
        assert_eq!(p.sample.len(), 2);
        assert_eq!(p.sample[1][2], "-20.00");
    }

    #[test]
    fn a_known_layout_says_which() {
        let csv = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n2026-11-20 10:00:00,二维码收款,阿花,/,收入,¥1.00,/,已收钱,T1,/,/\n";
        assert_eq!(
            preview(csv.as_bytes(), &[]).unwrap().known.as_deref(),
            Some("wechat_personal")
        );
    }
}

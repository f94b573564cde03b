//! Finding the column-header row (never by a fixed line count: preambles
//! change length between exporter versions) and reading cells by name.

use std::borrow::Cow;

use super::generic::Mapping;
use super::text::{self, clean};
use super::{BadLine, Format};
use crate::money::Money;
use crate::table::{Row, Why};

/// How a layout's header row looks: the columns it must have and, where
/// two layouts share columns, the first cell that tells them apart.
struct Layout {
    first: Option<&'static str>,
    columns: &'static [&'static str],
    format: fn() -> Format,
}

/// The first layout matching a row takes it as its header.
const LAYOUTS: &[Layout] = &[
    Layout {
        first: None,
        columns: &["交易时间", "交易类型", "收/支", "金额(元)", "交易单号"],
        format: || Format::WechatPersonal,
    },
    Layout {
        first: None,
        columns: &["交易时间", "微信订单号", "商户订单号", "交易状态"],
        format: || Format::WechatMerchant,
    },
    // The 2021 Alipay header has the 2023 columns but starts with 收/支.
    Layout {
        first: Some("收/支"),
        columns: &["交易分类", "金额", "交易订单号"],
        format: || Format::AlipayPersonal2021,
    },
    Layout {
        first: None,
        columns: &["交易时间", "交易分类", "收/支", "金额", "交易订单号"],
        format: || Format::AlipayPersonal,
    },
    Layout {
        first: None,
        columns: &["交易号", "交易创建时间", "金额（元）"],
        format: || Format::AlipayWeb,
    },
    Layout {
        first: None,
        columns: &["支付宝交易号", "业务类型", "订单金额（元）"],
        format: || Format::AlipayMerchantTrade,
    },
    Layout {
        first: None,
        columns: &["账务流水号", "业务流水号", "业务类型"],
        format: || Format::AlipayMerchantLedger,
    },
];

/// Preambles are short; a header further down than this is not one.
const SEARCH_ROWS: usize = 200;

pub fn find(rows: &[Row], mappings: &[Mapping]) -> Option<(usize, Format)> {
    rows.iter()
        .take(SEARCH_ROWS)
        .enumerate()
        .find_map(|(i, row)| {
            let names: Vec<&str> = row.cells().map(clean).collect();
            let has = |n: &str| names.contains(&n);
            let first = names.first().copied().unwrap_or("");
            LAYOUTS
                .iter()
                .find(|l| l.first.is_none_or(|f| f == first) && l.columns.iter().all(|c| has(c)))
                .map(|l| (i, (l.format)()))
                .or_else(|| {
                    mappings
                        .iter()
                        .find(|m| m.required().iter().all(|c| has(c)))
                        .map(|m| (i, Format::Generic(m.name.clone())))
                })
        })
}

pub struct Header {
    names: Vec<String>,
    /// Cells in the header row as written, an unnamed last one included:
    /// how wide a whole row is.
    written: usize,
}

impl Header {
    pub fn new(row: &Row) -> Self {
        let mut names: Vec<String> = row.cells().map(|c| clean(c).to_string()).collect();
        let written = names.len();
        // A trailing comma gives an unnamed last column; it holds nothing.
        while names.last().is_some_and(|n| n.is_empty()) {
            names.pop();
        }
        Header { names, written }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// The first column with any of these names (layouts rename columns
    /// between generations; a hand-edited file may repeat one).
    pub fn col(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.names.iter().position(|c| c == n))
    }

    pub fn require(&self, names: &[&str]) -> Result<usize, BadLine> {
        self.col(names).ok_or_else(|| {
            BadLine::whole(format!("the header has no column {}", names[0])).because(
                Why::NoColumn {
                    column: names[0].into(),
                },
            )
        })
    }
}

/// One data row, cleaned and fitted to the header; cells borrow from the
/// row except one merged back from an unquoted comma.
pub struct Cells<'a> {
    pub line: usize,
    cells: Vec<Cow<'a, str>>,
}

impl<'a> Cells<'a> {
    /// Fits a row to the header's width. Trailing empty cells go; a comma
    /// left unquoted inside the counterparty (column `merge_at`) is put back
    /// by joining cells from there rightwards until the count is right.
    pub fn fit(row: &'a Row, header: &Header, merge_at: Option<usize>) -> Result<Self, BadLine> {
        if let Some(cut) = row.cut_short_of(header.written) {
            return Err(cut);
        }
        let mut raw: Vec<&str> = row.cells().collect();
        while raw.len() > header.len() && raw.last().is_some_and(|c| c.trim().is_empty()) {
            raw.pop();
        }
        let Some(extra) = raw.len().checked_sub(header.len()).filter(|&n| n > 0) else {
            return Ok(Cells::joined(row.line, &raw, None, header));
        };
        let Some(at) = merge_at else {
            return Err(BadLine::on_line(
                row.line,
                format!("{} cells where the header has {}", raw.len(), header.len()),
            )
            .because(Why::TooManyCells {
                cells: raw.len() as u32,
                header: header.len() as u32,
            }));
        };
        Ok(Cells::joined(row.line, &raw, Some((at, extra)), header))
    }

    /// [`Cells::fit`], and when the row does not read (`reads` false) while
    /// it would with the counterparty's cell joined to the next one or two:
    /// a header with an optional column of its own (a second 备注 a hand
    /// edit added) makes a row with an unquoted comma no wider than the
    /// header, so the count alone cannot tell.
    pub fn fit_reading(
        row: &'a Row,
        header: &Header,
        merge_at: Option<usize>,
        reads: impl Fn(&Cells) -> bool,
    ) -> Result<Self, BadLine> {
        let fitted = Cells::fit(row, header, merge_at)?;
        let Some(at) = merge_at.filter(|_| !reads(&fitted)) else {
            return Ok(fitted);
        };
        let raw: Vec<&str> = row.cells().collect();
        Ok((1..=2)
            .filter(|extra| at + extra < raw.len())
            .map(|extra| Cells::joined(row.line, &raw, Some((at, extra)), header))
            .find(|c| reads(c))
            .unwrap_or(fitted))
    }

    /// The cells of `raw`, cleaned, with `extra` cells after `at` joined
    /// back into it (with the commas that split them), as many as the header.
    fn joined(
        line: usize,
        raw: &[&'a str],
        merge: Option<(usize, usize)>,
        header: &Header,
    ) -> Self {
        let mut cells: Vec<Cow<'a, str>> = Vec::with_capacity(header.len());
        match merge {
            Some((at, extra)) => {
                cells.extend(raw[..at].iter().map(|c| Cow::Borrowed(clean(c))));
                cells.push(Cow::Owned(
                    clean(&raw[at..=at + extra].join(",")).to_string(),
                ));
                cells.extend(
                    raw[at + extra + 1..]
                        .iter()
                        .map(|c| Cow::Borrowed(clean(c))),
                );
            }
            None => cells.extend(raw.iter().map(|c| Cow::Borrowed(clean(c)))),
        }
        cells.resize(header.len(), Cow::Borrowed(""));
        Cells { line, cells }
    }

    pub fn get(&self, col: Option<usize>) -> &str {
        col.and_then(|i| self.cells.get(i))
            .map_or("", |s| s.as_ref())
    }

    pub fn time(&self, col: usize) -> Result<i64, BadLine> {
        let cell = self.get(Some(col));
        text::china_time(cell).ok_or_else(|| {
            BadLine::at(self.line, col + 1, format!("not a date and time: {cell:?}")).because(
                Why::NotATime {
                    cell: Why::excerpt(cell),
                },
            )
        })
    }

    /// An amount cell; empty reads as zero only when `empty_is_zero`.
    /// A fee column written below the fen (see [`text::sub_fen_amount`]).
    pub fn sub_fen_money(&self, col: Option<usize>) -> Result<Money, BadLine> {
        let cell = self.get(col);
        if cell.is_empty() {
            return Ok(Money::ZERO);
        }
        text::sub_fen_amount(cell).ok_or_else(|| {
            let shown: String = cell.chars().take(40).collect();
            BadLine::at(
                self.line,
                col.map_or(0, |c| c + 1),
                format!("not an amount: {shown:?}"),
            )
            .because(Why::NotAnAmount {
                cell: Why::excerpt(cell),
            })
        })
    }

    pub fn money(&self, col: Option<usize>, empty_is_zero: bool) -> Result<Money, BadLine> {
        let cell = self.get(col);
        if cell.is_empty() && (empty_is_zero || col.is_none()) {
            return Ok(Money::ZERO);
        }
        text::amount(cell).ok_or_else(|| {
            let shown: String = cell.chars().take(40).collect();
            BadLine::at(
                self.line,
                col.map_or(0, |c| c + 1),
                format!("not an amount in yuan and fen (two decimals at most): {shown:?}"),
            )
            .because(Why::NotAnAmount {
                cell: Why::excerpt(cell),
            })
        })
    }
}

/// The detail rows (blank ones skipped) and what follows them: separators,
/// `#` notes, summaries, footers.
pub fn split_details(body: &[Row]) -> (impl Iterator<Item = &Row>, &[Row]) {
    let end = body.iter().position(ends_details).unwrap_or(body.len());
    (body[..end].iter().filter(|r| !r.is_blank()), &body[end..])
}

/// Whether a row ends the detail block: separators, `#` notes, footers.
fn ends_details(row: &Row) -> bool {
    let first = row.first();
    first.starts_with("---") || first.starts_with('#') || first.starts_with("总交易单数")
}

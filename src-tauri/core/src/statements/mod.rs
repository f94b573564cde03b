//! Payment statements (对账单): the bills merchants download from WeChat Pay
//! and Alipay, read byte for byte as exported, detected automatically, and
//! turned into statement lines. Parsing touches no database; `import` writes
//! a whole file in one transaction or nothing.

mod alipay;
mod generic;
mod header;
mod import;
mod preview;
pub mod text;
mod wechat;

use crate::money::Money;

pub use crate::table::BadLine;
use crate::table::{self, Row, Why};
pub use generic::{mappings, save_mapping, Mapping};
pub use import::{import_bytes, import_file, Differing, ImportReport};
pub use preview::{preview, Preview};

/// Where a statement came from; stored as `payments.source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Wechat,
    Alipay,
    Other,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Wechat => "wechat",
            Source::Alipay => "alipay",
            Source::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    In,
    Out,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }
}

/// What a line is, as far as the shop's money goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sale,
    Refund,
    Transfer,
    RedPacket,
    Withdrawal,
    TopUp,
    Wealth,
    Fee,
    Other,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Sale => "sale",
            Kind::Refund => "refund",
            Kind::Transfer => "transfer",
            Kind::RedPacket => "red_packet",
            Kind::Withdrawal => "withdrawal",
            Kind::TopUp => "top_up",
            Kind::Wealth => "wealth",
            Kind::Fee => "fee",
            Kind::Other => "other",
        }
    }
}

/// The layouts we read; `name()` is what `statements import --json` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    WechatPersonal,
    WechatMerchant,
    AlipayPersonal,
    AlipayPersonal2021,
    AlipayWeb,
    AlipayMerchantTrade,
    AlipayMerchantLedger,
    Generic(String),
}

impl Format {
    pub fn name(&self) -> String {
        match self {
            Format::WechatPersonal => "wechat_personal".into(),
            Format::WechatMerchant => "wechat_merchant".into(),
            Format::AlipayPersonal => "alipay_personal".into(),
            Format::AlipayPersonal2021 => "alipay_personal_2021".into(),
            Format::AlipayWeb => "alipay_web".into(),
            Format::AlipayMerchantTrade => "alipay_merchant_trade".into(),
            Format::AlipayMerchantLedger => "alipay_merchant_ledger".into(),
            Format::Generic(name) => format!("generic:{name}"),
        }
    }
}

/// One money movement as the statement states it.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementLine {
    pub line: usize,
    pub txn_id: String,
    pub merchant_order_no: String,
    /// For a refund: the transaction it gives money back for, when known.
    pub original_txn_id: String,
    pub direction: Direction,
    pub kind: Kind,
    pub amount: Money,
    pub fee: Money,
    pub counterparty: String,
    pub remark: String,
    pub status: String,
    pub occurred_at: i64,
    /// False when no money moved (交易关闭, a transfer sent back).
    pub settled: bool,
}

#[derive(Debug, Clone)]
pub struct Statement {
    pub format: Format,
    pub source: Source,
    pub lines: Vec<StatementLine>,
}

/// Reads a statement file of any known layout; `mappings` are the generic
/// layouts the merchant saved, tried after the built-in ones.
pub fn parse(bytes: &[u8], mappings: &[Mapping]) -> Result<Statement, BadLine> {
    // The first sheet with a statement's header in it is the statement (a
    // re-saved WeChat XLSX can carry a Power Query copy on a second sheet);
    // a bad cell in it fails the file, never a quiet switch to another sheet.
    let mut first_err = None;
    for rows in sheets(bytes)? {
        match header::find(&rows, mappings) {
            Some((at, format)) => return read_rows(&rows, at, format, mappings),
            None => {
                first_err.get_or_insert_with(|| unknown_layout(&rows));
            }
        }
    }
    Err(first_err
        .unwrap_or_else(|| BadLine::whole("the spreadsheet has no sheets").because(Why::Empty)))
}

/// The file as rows: each sheet of a spreadsheet, or the one CSV table.
fn sheets(bytes: &[u8]) -> Result<Vec<Vec<Row>>, BadLine> {
    if bytes.is_empty() {
        return Err(BadLine::whole("the file is empty").because(Why::Empty));
    }
    if is_spreadsheet(bytes) {
        return Ok(table::sheets(bytes)?
            .into_iter()
            .map(|(_, rows)| rows)
            .collect());
    }
    Ok(vec![table::csv_rows(&text::decode(bytes)?)?])
}

fn is_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

fn read_rows(
    rows: &[Row],
    at: usize,
    format: Format,
    mappings: &[Mapping],
) -> Result<Statement, BadLine> {
    let header = header::Header::new(&rows[at]);
    let body = &rows[at + 1..];
    if let Some(again) = header_again(&rows[at], body) {
        return Err(again);
    }
    let (source, lines) = match &format {
        Format::WechatPersonal => (Source::Wechat, wechat::personal(&header, body)?),
        Format::WechatMerchant => (Source::Wechat, wechat::merchant(&header, body)?),
        Format::AlipayPersonal | Format::AlipayPersonal2021 | Format::AlipayWeb => {
            (Source::Alipay, alipay::personal(&header, body)?)
        }
        Format::AlipayMerchantTrade => (Source::Alipay, alipay::merchant_trade(&header, body)?),
        Format::AlipayMerchantLedger => (Source::Alipay, alipay::merchant_ledger(&header, body)?),
        Format::Generic(name) => {
            let Some(mapping) = mappings.iter().find(|m| &m.name == name) else {
                return Err(
                    BadLine::on_line(at + 1, format!("no saved layout {name:?}"))
                        .because(Why::NoSavedLayout { name: name.clone() }),
                );
            };
            (mapping.source(), generic::lines(mapping, &header, body)?)
        }
    };
    if let Some(bad) = lines.iter().find_map(lost_id) {
        return Err(bad);
    }
    Ok(Statement {
        format,
        source,
        lines,
    })
}

/// The header written a second time further down: two bills pasted into
/// one file. Each parser stops at its bill's end, so the second bill would
/// be dropped without a word; refused instead.
fn header_again(header: &Row, body: &[Row]) -> Option<BadLine> {
    let first = text::clean(header.first());
    let same = |r: &Row| {
        text::clean(r.first()) == first
            && r.len() == header.len()
            && r.cells()
                .zip(header.cells())
                .all(|(a, b)| text::clean(a) == text::clean(b))
    };
    let again = body.iter().find(|r| same(r))?;
    Some(
        BadLine::on_line(
            again.line,
            format!(
                "this line repeats the header of line {}: the file holds a second bill; import each bill on its own",
                header.line
            ),
        )
        .because(Why::SecondBill {
            first: header.line as u32,
        }),
    )
}

/// A line whose transaction or order number Excel turned into a number
/// (`4.20000E+27`): every such id reads the same, so payments would be
/// taken for one another.
fn lost_id(line: &StatementLine) -> Option<BadLine> {
    [&line.txn_id, &line.merchant_order_no, &line.original_txn_id]
        .into_iter()
        .find(|id| table::lost_to_excel(id))
        .map(|id| {
            BadLine::on_line(
                line.line,
                format!(
                    "{id} was turned into a number by Excel and lost its digits: \
                     import the bill as the wallet exported it, not saved again by Excel"
                ),
            )
            .because(Why::ExcelId {
                cell: Why::excerpt(id),
            })
        })
}

fn unknown_layout(rows: &[Row]) -> BadLine {
    let first = rows
        .iter()
        .find(|r| !r.is_blank())
        .map(|r| r.cells().take(4).collect::<Vec<_>>().join(","))
        .unwrap_or_default();
    let first: String = first.chars().take(60).collect();
    BadLine::whole(format!(
        "not a payment statement we know (WeChat Pay, Alipay, or a saved column mapping); it starts with {first:?}"
    ))
    .because(Why::UnknownLayout)
}

#[cfg(test)]
mod cut_tests;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod wild_tests;

//! A file as rows of cells with their line numbers, whether it came from
//! a CSV (as the wallets write it, quirks and all) or a spreadsheet; how
//! a merchant's file is read whole (`files`) and a spreadsheet written
//! (`sheet`).

mod csv;
pub mod files;
pub mod sheet;

pub use csv::csv_rows;

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Xlsx};

use serde::Serialize;
use ts_rs::TS;

/// A cell without the padding the exporters add: leading backticks (Excel
/// guards), trailing TABs and spaces, and `/` meaning "nothing".
pub fn clean(cell: &str) -> &str {
    let trimmed = cell
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .trim_start_matches('`')
        .trim();
    if trimmed == "/" {
        ""
    } else {
        trimmed
    }
}

/// A character typed with the Chinese input method in full-width mode
/// (`１`, `Ａ`, `．`, `－`) as its ASCII twin; any other as itself.
pub fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// One record: its cells stored end to end in one string (a million-line
/// statement would otherwise be ten million small allocations).
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line in the CSV (where the record starts) or row in the sheet.
    pub line: usize,
    text: String,
    ends: Vec<u32>,
    /// The text ends inside this record: no line break after it, and fewer
    /// cells than the record before. Only a CSV's last record can be; it is
    /// damage where the row should be as wide as the header (a footer line
    /// may be short): see [`Row::cut_short_of`].
    cut_short: bool,
}

impl Row {
    pub fn new<S: AsRef<str>>(line: usize, cells: &[S]) -> Self {
        let mut row = Row {
            line,
            text: String::new(),
            ends: Vec::with_capacity(cells.len()),
            cut_short: false,
        };
        for c in cells {
            row.text.push_str(c.as_ref());
            row.end_cell();
        }
        row
    }

    fn end_cell(&mut self) {
        self.ends.push(self.text.len() as u32);
    }

    /// How many cells the row has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// No cells at all (a blank line has one empty cell: see `is_blank`).
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`th cell; a row cut short reads as empty past its end (the
    /// reader then names the missing column, never panics).
    pub fn cell(&self, i: usize) -> &str {
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = i
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .map_or(0, |&e| e as usize);
        &self.text[start..end as usize]
    }

    pub fn cells(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.cell(i))
    }

    pub fn is_blank(&self) -> bool {
        self.cells().all(|c| clean(c).is_empty())
    }

    pub fn first(&self) -> &str {
        clean(self.cell(0))
    }

    /// Why a row that should have `width` cells cannot be read: the file
    /// stops inside it (an interrupted download or copy), so its last cell
    /// may be cut too, and a cut id or amount would go in as if whole.
    pub fn cut_short_of(&self, width: usize) -> Option<BadLine> {
        (self.cut_short && self.len() < width).then(|| {
            BadLine::at(
                self.line,
                self.len(),
                format!(
                    "the file stops inside this line, after {} of its {width} columns: \
                     it looks cut short (an interrupted download or copy); nothing is \
                     imported from it, export or download it again",
                    self.len()
                ),
            )
            .because(Why::CutShort)
        })
    }
}

/// A long number as Excel shows it once it took the cell for a number
/// (`3.65275E+11`, `4E+27`): its last digits are gone, so the barcode or
/// transaction id it was cannot be read back.
pub fn lost_to_excel(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once("E+") else {
        return false;
    };
    let (first, rest) = mantissa.split_at(mantissa.len().min(1));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|d| d.is_ascii_digit());
    digits(first)
        && (rest.is_empty() || rest.strip_prefix('.').is_some_and(digits))
        && digits(exponent)
}

/// Rows and columns beyond these are not a statement but a damaged or
/// hostile file; reading them would only fill memory.
const MAX_ROWS: u32 = 5_000_000;
const MAX_COLS: u32 = 512;

/// Every sheet of a spreadsheet (XLSX, XLS, ODS) as rows of text cells,
/// numbers written back the way a person reads them. The spreadsheet
/// libraries read untrusted bytes: a panic inside them is a damaged file.
pub fn sheets(bytes: &[u8]) -> Result<Vec<(String, Vec<Row>)>, BadLine> {
    std::panic::catch_unwind(|| read_sheets(bytes)).unwrap_or_else(|_| {
        Err(
            BadLine::whole("the spreadsheet is damaged and cannot be read")
                .because(Why::DamagedSpreadsheet),
        )
    })
}

fn read_sheets(bytes: &[u8]) -> Result<Vec<(String, Vec<Row>)>, BadLine> {
    let unreadable = |e: &dyn std::fmt::Display| {
        BadLine::whole(format!("not a readable spreadsheet: {e}")).because(Why::DamagedSpreadsheet)
    };
    // XLSX streams cell by cell (no dense grid a forged dimension could blow
    // up); XLS and ODS are small enough for the whole-range reader.
    if let Ok(mut book) = Xlsx::new(Cursor::new(bytes)) {
        let mut out = Vec::new();
        for name in book.sheet_names() {
            let mut reader = book
                .worksheet_cells_reader(&name)
                .map_err(|e| unreadable(&e))?;
            let mut rows: Vec<Row> = Vec::new();
            let mut current: (usize, Vec<String>) = (0, Vec::new());
            while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
                let (r, c) = cell.get_position();
                if r >= MAX_ROWS || c >= MAX_COLS {
                    return Err(BadLine::whole(format!(
                        "sheet {name} reaches row {} column {}: too large for a statement",
                        r + 1,
                        c + 1
                    ))
                    .because(Why::SheetTooLarge {
                        sheet: Why::excerpt(&name),
                    }));
                }
                let line = r as usize + 1;
                if current.0 != line {
                    if current.0 > 0 {
                        rows.push(Row::new(current.0, &current.1));
                    }
                    current = (line, Vec::new());
                }
                let cells = &mut current.1;
                if cells.len() <= c as usize {
                    cells.resize(c as usize + 1, String::new());
                }
                cells[c as usize] = ref_text(cell.get_value());
            }
            if current.0 > 0 {
                rows.push(Row::new(current.0, &current.1));
            }
            out.push((name, rows));
        }
        return Ok(out);
    }
    let mut book =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| unreadable(&e))?;
        let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                Row::new(
                    first_row + i + 1,
                    &cells.iter().map(cell_text).collect::<Vec<_>>(),
                )
            })
            .collect();
        out.push((name, rows));
    }
    Ok(out)
}

fn ref_text(cell: &DataRef) -> String {
    match cell {
        DataRef::SharedString(s) => s.to_string(),
        DataRef::String(s) => s.clone(),
        other => cell_text(&Data::from(other.clone())),
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) => number_text(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default(),
    }
}

/// A number cell as the spreadsheet shows it. A fraction goes to Excel's
/// 15 significant digits, then the shortest text that reads back as that
/// number: a price a formula worked out (`=19.9*3`) is stored as
/// 59.699999999999996 and shown as 59.7; read to the last bit it was
/// refused as an amount with too many decimals. An amount typed with three
/// decimals (28.165) keeps them, and is refused as before. A whole number
/// is written whole, every digit: a program may store a 16-digit
/// transaction or tracking number as a number.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 {
        return f.to_string();
    }
    let shown: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    shown.to_string()
}

/// Why a file cannot be read, and where. The importer adds the file name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BadLine {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// The reason, where it is one the window words in the merchant's
    /// language; `message` says it in English either way.
    pub why: Option<Why>,
}

/// The reasons a file or a cell is refused that the window words itself in
/// the merchant's language (`file.why.<code>`, the fields filling in the
/// sentence); any other reason is `message` alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Why {
    /// Empty, or only blank lines.
    Empty,
    /// Neither text we read nor a spreadsheet.
    NotText,
    /// A quoted cell runs to the end of the file.
    QuoteNeverClosed,
    /// The file stops partway through its last line.
    CutShort,
    /// A header and nothing below it.
    NoRows,
    /// Not a payment statement of a layout we know.
    UnknownLayout,
    /// The row ends before this column.
    Missing { cells: u32 },
    /// Not an amount in yuan (two decimals at most).
    NotAnAmount { cell: String },
    /// Not a whole number of zero or more.
    NotACount { cell: String },
    /// A number beyond what the shop keeps.
    TooLarge { cell: String, max: String },
    /// Not a date and time.
    NotATime { cell: String },
    /// Not a day (YYYY-MM-DD).
    NotADay { cell: String },
    /// An order number the shop does not have.
    NoSuchOrder { order: String },
    /// An order number the shop has already.
    OrderExists { order: String },
    /// A product (SKU, or title and option) the shop does not sell.
    UnknownProduct { product: String },
    /// Not a tracking number (6 to 40 letters and digits).
    NotATrackingNumber { cell: String },
    /// Not a carrier the shop knows.
    NotACarrier { cell: String },
    /// A phone the courier platform masked, so no order can be found by it.
    MaskedPhone { cell: String },
    /// No courier order waits to be sent to this phone.
    NoOrderForPhone { cell: String },
    /// Several courier orders wait for this phone: which one is it?
    ManyOrdersForPhone { cell: String, orders: String },
    /// A waybill row that names neither an order nor a phone.
    NoOrderOrPhone,
    /// A waybill row without its tracking number.
    NoTrackingNumber,
    /// A waybill file without a tracking-number column.
    NoTrackingColumn,
    /// A waybill file with neither an order-number nor a phone column.
    NoOrderColumn,
    /// A waybill file without a carrier column, and no carrier chosen.
    NoCarrierColumn,
    /// A header without the columns that say what a product is.
    NotAProductFile,
    /// A product row without a Handle, a Title or a SKU.
    RowNeedsName,
    /// Not a product role (normal, 引流款, 利润款).
    NotARole { cell: String },
    /// Not a unit goods are sold by (件, 斤, 公斤, 克).
    NotAUnit { cell: String },
    /// A barcode Excel turned into a number, its last digits lost.
    ExcelBarcode { cell: String },
    /// A transaction or order number Excel turned into a number.
    ExcelId { cell: String },
    /// A new variant without a price.
    NeedsPrice { sku: String },
    /// A new product without a title.
    NeedsTitle { product: String },
    /// A bill's summary counts other trades than its rows: cut or edited.
    SummaryCount { stated: String, rows: u32 },
    /// A bill's summary states another total than its rows add up to.
    SummaryAmount { stated: String, rows: String },
    /// An Alipay bill's closing line disagrees with its rows (their count
    /// and yuan given; the line itself the merchant has in front of them).
    SummaryTotals { count: u32, sum: String },
    /// A minus amount on an income row: the bill was edited.
    MinusIncome { amount: String },
    /// A header without a column the layout needs.
    NoColumn { column: String },
    /// More cells than the header, with no cell they could have come from.
    TooManyCells { cells: u32, header: u32 },
    /// Neither income nor spending (收入/支出, in/out, +/-).
    NotADirection { cell: String },
    /// A saved column layout that is no longer there.
    NoSavedLayout { name: String },
    /// An order file's header without the columns every order needs.
    NotAnOrderFile { needs: String },
    /// A line of an order that says otherwise than its first line.
    DiffersFromLine { line: u32, order: String },
    /// A name several customers go by, and no phone to tell which.
    AmbiguousCustomer { name: String, candidates: String },
    /// A discount or refund larger than the order.
    MoreThanOrder { order: String },
    /// A parcel on an order that is not a courier order gone from the shelf.
    ParcelNotShipped { order: String },
    /// No referrer (distributor) of that name.
    NoSuchReferrer { name: String },
    /// No group leader of that name.
    NoSuchLeader { name: String },
    /// No pickup point of that name.
    NoSuchPickupPoint { name: String },
    /// No campaign of that name.
    NoSuchCampaign { name: String },
    /// Not a way an order reaches its buyer (自提, 送货, 快递).
    NotADelivery { cell: String },
    /// A tracking number without its carrier.
    TrackingNeedsCarrier,
    /// A carrier without its tracking number.
    CarrierNeedsTracking,
    /// Neither a count nor a weight.
    NotAQuantity { cell: String },
    /// A quantity of none, or beyond what one line holds.
    QtyOutOfRange { max: String },
    /// An order line without its order number.
    NoOrderNumber,
    /// An order line without its product code.
    NoSku,
    /// Not a channel the shop sells through.
    NotAChannel { cell: String },
    /// Not an order status.
    NotAStatus { cell: String },
    /// A traffic file without its day, views and clicks columns.
    NotATrafficFile,
    /// More clicks than views on one day.
    ClicksOverViews { clicks: String, views: String },
    /// A spreadsheet the reader could not open, or that broke it.
    DamagedSpreadsheet,
    /// A sheet larger than any file the shop reads.
    SheetTooLarge { sheet: String },
    /// The header again further down: two bills in one file.
    SecondBill { first: u32 },
}

impl Why {
    /// A cell as a reason quotes it: at most 40 characters.
    pub fn excerpt(text: &str) -> String {
        const MAX: usize = 40;
        match text.char_indices().nth(MAX) {
            Some((at, _)) => format!("{}…", &text[..at]),
            None => text.to_string(),
        }
    }

    /// The reason as an error's arguments: `why` its code, and its fields
    /// by name (as it goes to the window, so the two cannot differ).
    pub fn args(&self) -> Vec<(String, String)> {
        let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(self) else {
            return Vec::new();
        };
        fields
            .into_iter()
            .map(|(name, value)| {
                let name = if name == "code" { "why".into() } else { name };
                let value = match value {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                (name, value)
            })
            .collect()
    }
}

/// A message says what is wrong in a few lines, whatever the input quoted
/// in it: past this many characters it is cut.
const MESSAGE_CHARS: usize = 300;

fn bounded(message: String) -> String {
    if message.chars().count() <= MESSAGE_CHARS {
        return message;
    }
    let head: String = message.chars().take(MESSAGE_CHARS).collect();
    format!("{head}…")
}

impl BadLine {
    pub fn at(line: usize, column: usize, message: impl Into<String>) -> Self {
        BadLine {
            line: Some(line),
            column: Some(column),
            message: bounded(message.into()),
            why: None,
        }
    }

    pub fn on_line(line: usize, message: impl Into<String>) -> Self {
        BadLine {
            line: Some(line),
            column: None,
            message: bounded(message.into()),
            why: None,
        }
    }

    /// The same problem, with a reason the window words itself.
    pub fn because(self, why: Why) -> Self {
        BadLine {
            why: Some(why),
            ..self
        }
    }

    /// The error as the importer reports it: naming the file.
    pub fn in_file(self, file_name: &str) -> crate::CoreError {
        crate::CoreError::BadFile {
            path: file_name.into(),
            line: self.line,
            column: self.column,
            message: self.message,
            why: self.why.map(Box::new),
            others: Vec::new(),
        }
    }

    pub fn whole(message: impl Into<String>) -> Self {
        BadLine {
            line: None,
            column: None,
            message: bounded(message.into()),
            why: None,
        }
    }
}

/// Text of a file. UTF-8 (with or without BOM) is taken as is;
/// anything else is read as GB18030, the superset of the GBK Alipay writes.
/// Refused when neither decoding is clean: a binary file or a broken one,
/// or text whose only flaw is a character cut at the very end — a file cut
/// short, said as such.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, BadLine> {
    if let Some(text) = utf16(bytes) {
        return text;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(Cow::Borrowed(text)),
        // UTF-8 to the last character, which is cut: read as GB18030 it
        // would decode cleanly into nonsense.
        Err(e) if e.error_len().is_none() => {
            return Err(cut_inside_a_character(bytes, e.valid_up_to()))
        }
        Err(_) => {}
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if !had_errors {
        return Ok(text);
    }
    // A GB18030 character is at most 4 bytes: a cut leaves at most 3 of it,
    // after text that decodes cleanly.
    let clean_until = (bytes.len().saturating_sub(3)..bytes.len()).find(|&end| {
        !encoding_rs::GB18030
            .decode_without_bom_handling(&bytes[..end])
            .1
    });
    Err(match clean_until {
        Some(end) => cut_inside_a_character(bytes, end),
        None => not_text(),
    })
}

/// UTF-16 text with its byte-order mark, as Excel saves "Unicode text";
/// `None` for any other bytes. An odd byte at the end is a cut character.
fn utf16(bytes: &[u8]) -> Option<Result<Cow<'_, str>, BadLine>> {
    let (encoding, _) = encoding_rs::Encoding::for_bom(bytes)?;
    if encoding == encoding_rs::UTF_8 {
        return None;
    }
    let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
    Some(match had_errors {
        false => Ok(text),
        true if bytes.len() % 2 == 1 => {
            let line = 1 + text.chars().filter(|&c| c == '\n').count();
            Err(cut_on_line(line))
        }
        true => Err(not_text()),
    })
}

fn not_text() -> BadLine {
    BadLine::whole(
        "neither UTF-8 nor GBK/GB18030 text, nor a spreadsheet: the file may be damaged or of another kind",
    )
    .because(Why::NotText)
}

fn cut_inside_a_character(bytes: &[u8], end: usize) -> BadLine {
    cut_on_line(1 + bytes[..end].iter().filter(|&&b| b == b'\n').count())
}

fn cut_on_line(line: usize) -> BadLine {
    BadLine::on_line(
        line,
        "the file stops partway through a character on this line: it looks cut short \
         (an interrupted download or copy); nothing is imported from it, export or download it again",
    )
    .because(Why::CutShort)
}

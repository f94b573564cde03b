//! CSV text into records, as the wallets and Excel write it (lines ended
//! by LF, CRLF, or a lone CR as Excel for Mac writes them; cells separated
//! by commas, or TABs in a tab-separated save). The text is
//! walked byte by byte and copied a run at a time between the bytes that
//! matter (`"`, `,`, CR, LF): all ASCII, so every run is whole UTF-8. A
//! 136 MB statement was read a character at a time before.

use super::{BadLine, Row, Why};

/// Splits CSV text into records. Quotes are honoured only at the start of a
/// field (as Excel writes them); a quote inside an unquoted field is text.
/// Cells are separated by commas, or by TABs in a tab-separated file.
pub fn csv_rows(text: &str) -> Result<Vec<Row>, BadLine> {
    let mut r = Reader {
        sep: separator(text),
        text,
        at: 0,
        rows: Vec::new(),
        row: Row::new::<&str>(1, &[]),
        line: 1,
        record_line: 1,
        last_width: 0,
    };
    while r.at < text.len() {
        r.field()?;
    }
    Ok(r.finish())
}

/// A TAB when the first line holding two or more TABs and commas (a header
/// or a row; a preamble line may hold one) holds more TABs (Excel's
/// "Unicode text" and other tab-separated saves), else a comma. Wallet
/// bills put TABs inside their cells, never more than the commas between.
fn separator(text: &str) -> u8 {
    text.split(['\r', '\n'])
        .take(50)
        .map(|l| (l.matches('\t').count(), l.matches(',').count()))
        .find(|&(tabs, commas)| tabs + commas >= 2)
        .map_or(
            b',',
            |(tabs, commas)| if tabs > commas { b'\t' } else { b',' },
        )
}

struct Reader<'a> {
    sep: u8,
    text: &'a str,
    at: usize,
    rows: Vec<Row>,
    row: Row,
    line: usize,
    record_line: usize,
    /// Cells in the last non-blank record: a file whose last record is
    /// narrower and has no line break after it stops inside that record.
    last_width: usize,
}

impl Reader<'_> {
    fn byte(&self, i: usize) -> Option<u8> {
        self.text.as_bytes().get(i).copied()
    }

    /// Copies text up to the next of `stops` (or the end) into the cell.
    fn run(&mut self, stops: &[u8]) -> usize {
        let bytes = self.text.as_bytes();
        let end = bytes[self.at..]
            .iter()
            .position(|b| stops.contains(b))
            .map_or(bytes.len(), |n| self.at + n);
        self.row.text.push_str(&self.text[self.at..end]);
        let copied = end - self.at;
        self.at = end;
        copied
    }

    /// One field from its first byte, through the separator that ends it.
    fn field(&mut self) -> Result<(), BadLine> {
        if self.byte(self.at) == Some(b'"') {
            self.at += 1;
            self.quoted()?;
        }
        let stops = [b'"', self.sep, b'\r', b'\n'];
        loop {
            self.run(&stops);
            match self.byte(self.at) {
                None => return Ok(()),
                // Past the field's start a quote is text.
                Some(b'"') => {
                    self.row.text.push('"');
                    self.at += 1;
                }
                Some(b) if b == self.sep => {
                    self.at += 1;
                    self.row.end_cell();
                    return Ok(());
                }
                Some(b'\r') if self.byte(self.at + 1) == Some(b'\n') => self.at += 1,
                // A lone CR ends a line too: Excel for Mac saves CSV so.
                Some(_) => {
                    self.at += 1;
                    self.end_record();
                    return Ok(());
                }
            }
        }
    }

    /// A quoted stretch, after its opening quote: `""` is a quote, and a
    /// line break is part of the cell.
    fn quoted(&mut self) -> Result<(), BadLine> {
        let opened_on = self.line;
        loop {
            self.run(b"\"\n");
            match self.byte(self.at) {
                None => {
                    return Err(BadLine::at(
                        opened_on,
                        self.row.len() + 1,
                        "a quoted cell is never closed: the file looks cut off",
                    )
                    .because(Why::QuoteNeverClosed))
                }
                Some(b'\n') => {
                    self.line += 1;
                    self.row.text.push('\n');
                    self.at += 1;
                }
                Some(_) if self.byte(self.at + 1) == Some(b'"') => {
                    self.row.text.push('"');
                    self.at += 2;
                }
                Some(_) => {
                    self.at += 1;
                    return Ok(());
                }
            }
        }
    }

    fn end_record(&mut self) {
        self.row.end_cell();
        self.row.line = self.record_line;
        // The next record is likely the size of this one: one allocation
        // each for its text and its cells, not a doubling per few bytes.
        let next = Row {
            line: 0,
            text: String::with_capacity(self.row.text.len()),
            ends: Vec::with_capacity(self.row.ends.len()),
            cut_short: false,
        };
        if !self.row.is_blank() {
            self.last_width = self.row.len();
        }
        let done = std::mem::replace(&mut self.row, next);
        self.rows.push(done);
        self.line += 1;
        self.record_line = self.line;
    }

    /// The last record, when the text does not end with a line break.
    fn finish(mut self) -> Vec<Row> {
        if !self.row.text.is_empty() || !self.row.is_empty() {
            self.row.end_cell();
            self.row.line = self.record_line;
            self.row.cut_short = !self.row.is_blank() && self.row.len() < self.last_width;
            self.rows.push(self.row);
        }
        self.rows
    }
}

#[cfg(test)]
#[path = "csv_tests.rs"]
mod tests;

//! Writing an export: a header and rows of text, as CSV (UTF-8 with a BOM,
//! so Excel on a Chinese Windows opens it right) or as an XLSX sheet.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use crate::error::{CoreError, Refusal, Result};

pub fn write(path: &Path, sheet_name: &str, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    if super::files::wants_xlsx(path) {
        write_xlsx(path, sheet_name, header, rows)
    } else {
        std::fs::write(path, csv_text(header, rows)).map_err(|e| CoreError::io(path, e))
    }
}

pub fn csv_text(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    let mut push_row = |cells: &mut dyn Iterator<Item = &str>| {
        for (i, c) in cells.enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_cell(&mut out, c);
        }
        out.push_str("\r\n");
    };
    push_row(&mut header.iter().copied());
    for row in rows {
        push_row(&mut row.iter().map(String::as_str));
    }
    out
}

/// Text a spreadsheet would run as a formula (`=cmd|…`, `@SUM(…)`, `+1+1`)
/// is written with a leading `'`, as spreadsheet tools expect; a plain
/// number such as `-12.50` is left alone. The importers take the `'` off.
fn defused(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell.parse::<f64>().is_ok() && !cell.starts_with(['=', '@', '\t', '\r']);
    if risky && !number {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn push_cell(out: &mut String, cell: &str) {
    let cell = &*defused(cell);
    if cell.contains([',', '"', '\n', '\r']) || cell.trim() != cell {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

/// The rows below the header one Excel sheet holds.
const EXCEL_ROWS: usize = 1_048_575;

/// Every cell is written as text: SKUs and barcodes keep their leading
/// zeros, and amounts stay exact strings in yuan (no binary fractions).
fn write_xlsx(path: &Path, sheet_name: &str, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    if rows.len() > EXCEL_ROWS {
        return Err(CoreError::refused(
            Refusal::ExcelTooBig,
            &[("rows", rows.len().to_string()), ("max", EXCEL_ROWS.to_string())],
            format!(
                "{} rows are more than one Excel sheet holds ({EXCEL_ROWS}): export as CSV instead, which has no limit",
                rows.len()
            ),
        ));
    }
    let failed =
        |e: rust_xlsxwriter::XlsxError| CoreError::io(path, std::io::Error::other(e.to_string()));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name).map_err(failed)?;
    let bold = Format::new().set_bold();
    for (c, name) in header.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *name, &bold)
            .map_err(failed)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet
                    .write_string(r as u32 + 1, c as u16, cell)
                    .map_err(failed)?;
            }
        }
    }
    book.save(path).map_err(failed)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_list_too_long_for_excel_is_refused_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.xlsx");
        let rows = vec![Vec::new(); super::EXCEL_ROWS + 1];
        let e = super::write(&path, "orders", &["a"], &rows).unwrap_err();
        assert_eq!(e.code(), "excel_too_big");
        assert!(e.to_string().contains("CSV"), "{e}");
        assert!(!path.exists());
    }

    #[test]
    fn formulas_are_written_as_text() {
        let csv = super::csv_text(
            &["a", "b"],
            &[
                vec!["=cmd|' /C calc'!A0".into(), "-12.50".into()],
                vec!["@SUM(A1)".into(), "+1+1".into()],
            ],
        );
        assert!(csv.contains("'=cmd|' /C calc'!A0,-12.50\r\n"), "{csv}");
        assert!(csv.contains("'@SUM(A1),'+1+1\r\n"), "{csv}");
    }
}

//! Every chart leaves the app as a picture (PNG) and as its data (CSV or
//! XLSX), for the merchant's reports and spreadsheets.

use std::path::Path;

use crate::error::{CoreError, Result};

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Writes the chart's picture, refusing bytes that are not a PNG.
pub fn picture(path: &Path, bytes: &[u8]) -> Result<()> {
    if !bytes.starts_with(PNG_SIGNATURE) {
        return Err(CoreError::invalid(
            "picture",
            "the chart's picture is not a PNG",
        ));
    }
    std::fs::write(path, bytes).map_err(|e| CoreError::io(path, e))
}

/// Writes the chart's data: a header and its rows, CSV or XLSX by the name.
pub fn data(path: &Path, title: &str, header: &[String], rows: &[Vec<String>]) -> Result<()> {
    if rows.iter().any(|r| r.len() != header.len()) {
        return Err(CoreError::invalid(
            "rows",
            "every row needs one cell per column",
        ));
    }
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    // A sheet name has at most 31 characters and none of []:*?/\.
    let sheet: String = title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    crate::io::sheet::write(path, &sheet, &header, rows)
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_pictures_and_data_and_refuses_what_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("c.png");
        assert!(super::picture(&png, b"GIF89a").is_err());
        super::picture(&png, b"\x89PNG\r\n\x1a\nrest").unwrap();
        let csv = dir.path().join("c.csv");
        let header = vec!["日期".to_string(), "成交额".to_string()];
        super::data(
            &csv,
            "销售趋势",
            &header,
            &[vec!["2026-11-01".into(), "109.50".into()]],
        )
        .unwrap();
        let text = std::fs::read_to_string(&csv).unwrap();
        assert_eq!(text, "\u{feff}日期,成交额\r\n2026-11-01,109.50\r\n");
        let xlsx = dir.path().join("c.xlsx");
        super::data(&xlsx, "销售/趋势", &header, &[vec!["a".into(), "b".into()]]).unwrap();
        assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
        assert!(super::data(&csv, "x", &header, &[vec!["only one".into()]]).is_err());
    }
}

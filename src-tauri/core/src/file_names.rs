//! File names the app makes from the merchant's words (an export named
//! after a group leader, a restored file's own name): one name valid on
//! Windows, macOS and Linux alike, so a file written on one system opens
//! on another and nothing is refused for its name.

/// Characters no Windows name may hold; `/` none anywhere.
const FORBIDDEN: &str = "/\\:*?\"<>|";
/// Names Windows keeps for devices in every folder, whatever the extension.
const DEVICES: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];
/// A name's length limit in bytes on macOS and Linux. Windows counts 255
/// UTF-16 units, which 255 UTF-8 bytes never exceed.
const MAX_BYTES: usize = 255;

/// `name` made safe as one file name: forbidden and control characters
/// become `_`, the trailing dots and spaces Windows would drop are dropped,
/// a device name gets a `_` before it, and a long name is shortened before
/// its extension on a character boundary. Chinese and spaces stay.
pub fn safe(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || FORBIDDEN.contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let mut name = cleaned
        .trim_end_matches(['.', ' '])
        .trim_start()
        .to_string();
    if name.is_empty() {
        name = "file".into();
    }
    let base = name.split('.').next().unwrap_or_default().trim_end();
    if DEVICES.iter().any(|d| d.eq_ignore_ascii_case(base)) {
        name.insert(0, '_');
    }
    shorten(name)
}

/// Cuts the stem so the whole name fits, keeping a short extension.
fn shorten(name: String) -> String {
    if name.len() <= MAX_BYTES {
        return name;
    }
    let (stem, ext) = match name.rfind('.') {
        Some(dot) if name.len() - dot <= 16 => name.split_at(dot),
        _ => (name.as_str(), ""),
    };
    let mut end = MAX_BYTES - ext.len();
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{ext}", stem[..end].trim_end_matches(['.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_spaces_stay_and_what_windows_refuses_goes() {
        assert_eq!(
            safe("团长结算-王阿姨 2026.xlsx"),
            "团长结算-王阿姨 2026.xlsx"
        );
        assert_eq!(safe("A/B 店:冬季*促销?.csv"), "A_B 店_冬季_促销_.csv");
        assert_eq!(safe("报表\t\r\n.csv"), "报表___.csv");
        assert_eq!(safe("..\\..\\shop.db"), ".._.._shop.db");
        assert_eq!(safe("清单. . "), "清单");
        assert_eq!(safe("  "), "file");
    }

    #[test]
    fn device_names_are_not_taken_for_devices() {
        assert_eq!(safe("CON.csv"), "_CON.csv");
        assert_eq!(safe("nul"), "_nul");
        assert_eq!(safe("Com1 .txt"), "_Com1 .txt");
        assert_eq!(safe("CONSOLE.csv"), "CONSOLE.csv");
    }

    #[test]
    fn a_long_name_is_cut_before_its_extension_on_a_character() {
        let long = format!("{}.xlsx", "桃".repeat(100));
        let cut = safe(&long);
        assert!(cut.len() <= MAX_BYTES, "{} bytes", cut.len());
        assert!(cut.ends_with("桃.xlsx"));
        assert_eq!(cut.encode_utf16().count(), cut.chars().count());
        let no_ext = "a".repeat(300);
        assert_eq!(safe(&no_ext).len(), MAX_BYTES);
    }
}

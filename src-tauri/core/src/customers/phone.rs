//! A phone number as the shop keeps it: the digits, without the spaces,
//! dashes and brackets people write between them, and without China's
//! country code before a mobile number. `139 0000 0001`, `139-0000-0001`,
//! `+86 13900000001` and `１３９００００００01` are one customer; kept as
//! typed, each made a customer of its own.

/// The number as kept; text that is not a phone number (`无`, a note) is
/// kept as written, trimmed.
pub fn normalize(text: &str) -> String {
    let text = text.trim();
    let mut digits = String::with_capacity(text.len());
    for c in text.chars() {
        match crate::table::half_width(c) {
            d @ ('0'..='9' | '+') => digits.push(d),
            ' ' | '-' | '(' | ')' | '.' | '\u{3000}' | '—' | '（' | '）' | '·' => {}
            _ => return text.to_string(),
        }
    }
    let national = ["+86", "0086", "86"]
        .iter()
        .find_map(|code| digits.strip_prefix(code))
        .filter(|rest| is_mobile(rest));
    match national {
        Some(mobile) => mobile.to_string(),
        None => digits,
    }
}

/// A mainland mobile number: 11 digits, 1 then 3 to 9.
pub(crate) fn is_mobile(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn one_number_however_it_is_written() {
        for written in [
            "13900000001",
            " 139 0000 0001 ",
            "139-0000-0001",
            "+86 139 0000 0001",
            "+86-13900000001",
            "0086 13900000001",
            "8613900000001",
            "(+86)139.0000.0001",
            "１３９００００００01",
        ] {
            assert_eq!(normalize(written), "13900000001", "{written}");
        }
        // A landline keeps its area code; a shorter number stays itself.
        assert_eq!(normalize("0571-8888 6666"), "057188886666");
        assert_eq!(normalize("86123456"), "86123456");
        // Not a number: kept as written.
        assert_eq!(normalize(" 无 "), "无");
        assert_eq!(normalize("139x0001"), "139x0001");
        assert_eq!(normalize(""), "");
    }
}

//! Names, nicknames, phones and barcodes as they look in a real shop.

use super::data::{GIVEN, NICK_ADJ, NICK_FORMS, NICK_NOUN, SURNAMES};
use super::rng::Rng;

pub fn person_name(rng: &mut Rng) -> String {
    format!("{}{}", rng.word(SURNAMES), rng.word(GIVEN))
}

/// A WeChat nickname built from a person's name the way people pick them.
pub fn nickname(rng: &mut Rng, name: &str) -> String {
    let surname: String = name.chars().take(1).collect();
    let given: String = name.chars().skip(1).collect();
    rng.word(NICK_FORMS)
        .replace("{s}", &surname)
        .replace("{g}", &given)
        .replace("{a}", rng.word(NICK_ADJ))
        .replace("{n2}", rng.word(NICK_NOUN))
        .replace("{n}", rng.word(NICK_NOUN))
}

pub fn phone(rng: &mut Rng) -> String {
    let prefix = rng.word(&[
        "135", "136", "138", "139", "150", "152", "158", "159", "177", "186", "187", "188", "199",
    ]);
    format!("{prefix}{:08}", rng.below(100_000_000))
}

/// An EAN-13 starting with China's 69 prefix, with its check digit.
pub fn barcode(n: u64) -> String {
    let body = format!("69{:010}", 2_000_000_000 + n);
    let sum: u32 = body
        .bytes()
        .enumerate()
        .map(|(i, b)| (b - b'0') as u32 * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn barcodes_have_valid_check_digits() {
        let code = barcode(42);
        assert_eq!(code.len(), 13);
        assert!(code.starts_with("69"));
        let digits: Vec<u32> = code.bytes().map(|b| (b - b'0') as u32).collect();
        let sum: u32 = digits
            .iter()
            .enumerate()
            .map(|(i, d)| d * if i % 2 == 0 { 1 } else { 3 })
            .sum();
        assert_eq!(sum % 10, 0);
    }

    #[test]
    fn nicknames_are_filled_in() {
        let mut rng = Rng::new(3);
        for _ in 0..100 {
            let n = nickname(&mut rng, "王秀英");
            assert!(!n.contains('{'), "{n}");
        }
    }
}

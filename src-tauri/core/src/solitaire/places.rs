//! Where a buyer lives, as community group-buying lists write it beside the
//! name: `老陈（8栋）`, `王阿姨(3-502)`, `8栋502 老陈 …`, `3号楼2单元501`.
//! It is the buyer's place for the order's remark, never a product or a
//! count (`8栋` read as eight of something "栋").

use super::text;

/// What follows a number in a place: building, unit, floor, room.
const UNITS: &[&str] = &["号楼", "栋", "幢", "单元", "室", "楼", "座", "号院", "期"];

/// The places written in `text` (bracketed after a name, or a chunk of
/// their own), in the order written, and the text without them.
pub fn places(text: &str) -> (Vec<String>, String) {
    let mut found = Vec::new();
    let rest = bracketed(text, &mut found);
    let mut out = String::with_capacity(rest.len());
    let mut chunk = String::new();
    for c in rest.chars().chain(std::iter::once(' ')) {
        if !is_chunk_end(c) {
            chunk.push(c);
            continue;
        }
        if is_place(&chunk) {
            found.push(chunk.trim().to_string());
            out.push(' ');
        } else {
            out.push_str(&chunk);
        }
        chunk.clear();
        out.push(c);
    }
    out.pop();
    (found, out)
}

fn is_chunk_end(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；')
}

/// `text` without its bracketed places, each pushed onto `found`.
fn bracketed(text: &str, found: &mut Vec<String>) -> String {
    let mut rest = String::with_capacity(text.len());
    let mut from = 0;
    for (i, c) in text.char_indices() {
        let Some(close) = closing(c) else { continue };
        if i < from {
            continue;
        }
        let inner_start = i + c.len_utf8();
        let Some(len) = text[inner_start..].find(close) else {
            continue;
        };
        let inner = &text[inner_start..inner_start + len];
        if is_place(inner) {
            rest.push_str(&text[from..i]);
            rest.push(' ');
            found.push(inner.trim().to_string());
            from = inner_start + len + close.len_utf8();
        }
    }
    rest.push_str(&text[from..]);
    rest
}

/// `苏姐(要熟一点的)`: the name and what its closing bracket holds, when the
/// chunk ends in one and something comes before it.
pub fn bracket_tail(chunk: &str) -> Option<(&str, &str)> {
    let last = chunk.chars().last()?;
    let open = ['(', '（', '【', '[']
        .into_iter()
        .find(|o| closing(*o) == Some(last))?;
    let at = chunk.rfind(open).filter(|&at| at > 0)?;
    let note = chunk[at + open.len_utf8()..chunk.len() - last.len_utf8()].trim();
    (!note.is_empty()).then(|| (&chunk[..at], note))
}

fn closing(open: char) -> Option<char> {
    match open {
        '(' => Some(')'),
        '（' => Some('）'),
        '【' => Some('】'),
        '[' => Some(']'),
        _ => None,
    }
}

/// `8栋`, `8栋502`, `3号楼2单元501`, `A座1203`, `502室`, `3-502`,
/// `8-1-502`: digits (or one letter) before a building's unit, ending in
/// a unit or a room number; or two or three groups of digits joined by
/// dashes, the last a room (three digits or more).
pub fn is_place(chunk: &str) -> bool {
    let folded = text::fold(chunk.trim());
    !folded.is_empty() && (dashed_room(&folded) || with_units(&folded))
}

fn dashed_room(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    let digits = |g: &str| !g.is_empty() && g.len() <= 4 && g.bytes().all(|b| b.is_ascii_digit());
    (2..=3).contains(&groups.len())
        && groups.iter().all(|g| digits(g))
        && groups.last().is_some_and(|g| g.len() >= 3)
}

fn with_units(s: &str) -> bool {
    let mut rest = s;
    let mut units = 0;
    loop {
        let lead = leading_mark(rest);
        if lead == 0 {
            break;
        }
        match UNITS.iter().find(|u| rest[lead..].starts_with(**u)) {
            Some(u) => {
                units += 1;
                rest = &rest[lead + u.len()..];
            }
            // A room number after the building: `8栋502`.
            None => {
                return units > 0 && rest.len() == lead && rest.bytes().all(|b| b.is_ascii_digit())
            }
        }
        if rest.is_empty() {
            return true;
        }
    }
    false
}

/// The length of the digits (or one letter: `A座`) a place part begins with.
fn leading_mark(s: &str) -> usize {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        return digits.min(5);
    }
    usize::from(s.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The letters of a text, brackets and spaces aside, sorted.
    fn letters(text: &str) -> Vec<char> {
        let mut out: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace() && closing(*c).is_none() && !")）】]".contains(*c))
            .collect();
        out.sort_unstable();
        out
    }

    proptest::proptest! {
        /// Whatever the line, nothing is lost: each letter is in a place
        /// found or in the rest, and nothing panics on wide characters.
        #[test]
        fn nothing_written_is_lost(text in "[老陈李(（)）【】\\[\\] 0-9８栋号楼单元室座A-]{0,24}") {
            let (found, rest) = places(&text);
            proptest::prop_assert_eq!(letters(&format!("{}{rest}", found.concat())), letters(&text));
        }
    }

    #[test]
    fn a_building_and_room_is_a_place() {
        for place in [
            "8栋",
            "8栋502",
            "3号楼2单元501",
            "A座1203",
            "502室",
            "3-502",
            "8-1-502",
            "２号楼",
            "3幢1单元",
            "2楼",
        ] {
            assert!(is_place(place), "{place}");
        }
    }

    #[test]
    fn counts_products_and_days_are_not_places() {
        for not in [
            "3斤",
            "2",
            "2-3",
            "烟薯25号",
            "5号",
            "榴莲3斤",
            "13812345678",
            "8栋x",
            "栋",
            "A",
            "AB座",
            "3-5斤",
            "502",
        ] {
            assert!(!is_place(not), "{not}");
        }
    }

    #[test]
    fn places_are_taken_out_of_the_line_wherever_written() {
        let (found, rest) = places("老陈（8栋） 榴莲3斤 1份");
        assert_eq!(found, ["8栋"]);
        assert_eq!(
            rest.split_whitespace().collect::<Vec<_>>(),
            ["老陈", "榴莲3斤", "1份"]
        );
        let (found, rest) = places("8栋502 老陈 榴莲3斤");
        assert_eq!(found, ["8栋502"]);
        assert_eq!(rest.trim(), "老陈 榴莲3斤");
        let (found, rest) = places("王阿姨(3-502) 山竹3斤 【2号楼】");
        assert_eq!(found, ["3-502", "2号楼"]);
        assert_eq!(
            rest.split_whitespace().collect::<Vec<_>>(),
            ["王阿姨", "山竹3斤"]
        );
        // A bracket that says something else stays for the items to read.
        let (found, rest) = places("王阿姨(要大的) 山竹3斤");
        assert!(found.is_empty());
        assert_eq!(rest, "王阿姨(要大的) 山竹3斤");
    }
}

//! The words of a WeChat 接龙 as people type them: numbered lines, names
//! kept exactly, counts in every script (`2`, `２`, `两`, `贰`), units after
//! the number, `x 2` / `×2` / `*2`, separators of every width.

/// Invisible characters that change how a name looks or sorts but not what
/// it says: bidi controls, zero-width marks, the BOM, soft hyphens and C0/C1
/// controls. Names are kept exactly as written apart from these.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}')
        || (c.is_control() && c != '\n' && c != '\t')
}

pub fn clean(text: &str) -> String {
    text.chars().filter(|c| !is_invisible(*c)).collect()
}

/// Full-width digits, letters and signs to their ASCII twins, for reading
/// quantities and product words (never applied to a customer's name).
pub fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            _ => crate::table::half_width(c),
        })
        .collect()
}

fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - 0xFEE0),
        _ => None,
    }
}

/// `3. 王阿姨 …`, `3、…`, `３）…`, `3 …`: the list number as written and the
/// rest. Any number of digits counts (a number too large for any integer is
/// still a line of the list); `2026.11.22` and `11月` are not numbered.
pub fn numbered(line: &str) -> Option<(String, &str)> {
    let trimmed = line.trim_start();
    let digits: String = trimmed.chars().map_while(ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let after = trimmed
        .char_indices()
        .nth(digits.chars().count())
        .map_or("", |(i, _)| &trimmed[i..]);
    let mut chars = after.chars();
    let sep = chars.next()?;
    let rest = chars.as_str();
    let separator = matches!(
        sep,
        '.' | '、' | ')' | '）' | ' ' | '\t' | ':' | '：' | ',' | '，' | '．' | '-' | '\u{3000}'
    );
    // `2026.11` and `1.5斤` are numbers, not a numbered line.
    let decimal = matches!(sep, '.' | '．')
        && rest
            .chars()
            .next()
            .is_some_and(|c| ascii_digit(c).is_some());
    (separator && !decimal).then(|| (digits, rest.trim()))
}

/// An 11-digit mainland mobile number written in the line, and the line
/// without it: run together, grouped 3-4-4 with spaces or dashes
/// (`138 1234 5678`), or after `+86`.
pub fn phone(text: &str) -> Option<(String, String)> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).find_map(|i| {
        if i > 0 && ascii_digit(chars[i - 1]).is_some() {
            return None;
        }
        let (number, end) = mobile_at(&chars, i)?;
        let rest = chars[..i].iter().chain(&chars[end..]).collect();
        Some((number, rest))
    })
}

/// A mobile number starting at `chars[i]` (after `+86` or `86` if written),
/// and where it ends; never a part of a longer run of digits.
fn mobile_at(chars: &[char], i: usize) -> Option<(String, usize)> {
    let plus = chars.get(i) == Some(&'+');
    // Where the number itself may start: after +86 (a space or dash may
    // follow it) or 86 run together with it, or right here.
    let mut starts = Vec::with_capacity(2);
    let code_at = i + usize::from(plus);
    let code: Option<String> = chars
        .get(code_at..code_at + 2)
        .map(|cs| cs.iter().filter_map(|c| ascii_digit(*c)).collect());
    if code.as_deref() == Some("86") {
        let at = code_at + 2;
        starts.push(at + usize::from(plus && is_gap(chars.get(at))));
    }
    if !plus {
        starts.push(i);
    }
    starts.into_iter().find_map(|at| {
        [&[11][..], &[3, 4, 4]]
            .iter()
            .find_map(|groups| digit_groups(chars, at, groups))
            .filter(|(n, _)| crate::customers::phone::is_mobile(n))
    })
}

fn is_gap(c: Option<&char>) -> bool {
    matches!(c, Some(' ' | '-'))
}

/// Digits in groups of these sizes from `at`, one space or dash between
/// groups, and no digit right after: the digits and where they end.
fn digit_groups(chars: &[char], mut at: usize, groups: &[usize]) -> Option<(String, usize)> {
    let mut digits = String::new();
    for (k, &len) in groups.iter().enumerate() {
        if k > 0 {
            at += usize::from(is_gap(chars.get(at)));
        }
        for _ in 0..len {
            digits.push(ascii_digit(*chars.get(at)?)?);
            at += 1;
        }
    }
    match chars.get(at).and_then(|c| ascii_digit(*c)) {
        Some(_) => None,
        None => Some((digits, at)),
    }
}

/// What a unit measures. A pack spec (`5斤装`, `500g`, `30枚`) and a text's
/// weight compare in the same base: milligrams, millilitres, or pieces of a
/// named counting unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dim {
    Weight,
    Volume,
    Count(&'static str),
}

/// Units by length, longest first, with the base units one of them is.
const MEASURES: &[(&str, Dim, u64)] = &[
    ("公斤", Dim::Weight, 1_000_000),
    ("千克", Dim::Weight, 1_000_000),
    ("kg", Dim::Weight, 1_000_000),
    ("KG", Dim::Weight, 1_000_000),
    ("Kg", Dim::Weight, 1_000_000),
    ("毫升", Dim::Volume, 1),
    ("ml", Dim::Volume, 1),
    ("ML", Dim::Volume, 1),
    ("斤", Dim::Weight, 500_000),
    ("克", Dim::Weight, 1_000),
    ("g", Dim::Weight, 1_000),
    ("G", Dim::Weight, 1_000),
    ("升", Dim::Volume, 1_000),
    ("L", Dim::Volume, 1_000),
];

/// Units that count things: a number with one of these is how many.
const COUNTERS: &[&str] = &[
    "个", "份", "盒", "箱", "袋", "把", "串", "件", "包", "只", "瓶", "颗", "杯", "块", "条", "支",
    "提", "桶", "罐", "组", "套", "束", "单", "篮", "筐", "扎", "板", "听", "棵", "根", "粒", "枚",
    "张", "对", "双", "片", "卷", "斗", "头", "兜", "捆", "排", "盆", "碗", "屉", "笼", "lb",
];

#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub text: &'static str,
    pub dim: Dim,
    /// Base units in one of this unit.
    pub base: u64,
}

fn unit_at(s: &str) -> Option<Unit> {
    if let Some((text, dim, base)) = MEASURES.iter().find(|(u, _, _)| s.starts_with(u)) {
        // `5g` but not `5gala`: an ASCII unit ends where the letters end.
        let next = s[text.len()..].chars().next();
        if text.is_ascii() && next.is_some_and(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        return Some(Unit {
            text,
            dim: dim.clone(),
            base: *base,
        });
    }
    COUNTERS.iter().find(|u| s.starts_with(*u)).map(|u| Unit {
        text: u,
        dim: Dim::Count(u),
        base: 1,
    })
}

fn chinese_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '两' | '俩' | '贰' | '貳' => 2,
        '三' | '叁' | '仨' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn is_ten(c: char) -> bool {
    matches!(c, '十' | '拾')
}

/// 一…九十九 as people write counts (两, 十二, 贰拾): the value and how
/// many chars it took.
fn chinese_number(chars: &[char]) -> Option<(u64, usize)> {
    let d = |i: usize| chars.get(i).copied().and_then(chinese_digit);
    let ten = |i: usize| chars.get(i).copied().is_some_and(is_ten);
    match (d(0), ten(0)) {
        (Some(a), _) if ten(1) => match d(2) {
            Some(b) if b > 0 => Some((a * 10 + b, 3)),
            _ => Some((a * 10, 2)),
        },
        (Some(a), _) => Some((a, 1)),
        (None, true) => match d(1) {
            Some(b) if b > 0 => Some((10 + b, 2)),
            _ => Some((10, 1)),
        },
        _ => None,
    }
}

/// A quantity as written: a number in thousandths, its unit, whether an
/// `x` marked it as a count, and whether `装` made it a pack's name.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub milli: u64,
    pub unit: Option<Unit>,
    pub marked: bool,
    pub pack: bool,
    /// `半`, `一斤半` or a fraction where a whole count is needed.
    pub half: bool,
    /// `十几`, `几`: not a number at all.
    pub vague: bool,
    pub raw: String,
}

/// How many the quantities ask for, whatever the product: the first whole
/// count that is no size (`5斤装*1` and `3斤 2份` ask for 1 and 2); else one.
pub fn count_written(qtys: &[Quantity]) -> u64 {
    qtys.iter()
        .filter(|q| {
            !q.pack
                && q.unit
                    .as_ref()
                    .is_none_or(|u| matches!(u.dim, Dim::Count(_)))
        })
        .find_map(Quantity::whole)
        .unwrap_or(1)
}

impl Quantity {
    /// The amount in the unit's base (milligrams, millilitres, pieces ×1000).
    pub fn base_milli(&self) -> Option<u64> {
        self.milli
            .checked_mul(self.unit.as_ref().map_or(1, |u| u.base))
    }

    /// A whole count of 1 or more, if this is one.
    pub fn whole(&self) -> Option<u64> {
        (self.milli.is_multiple_of(1000) && self.milli > 0 && !self.half && !self.vague)
            .then_some(self.milli / 1000)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// A run of words: a product as written.
    Word(String),
    Qty(Quantity),
    /// `各`: the count that follows is for each item before it.
    Each,
    /// A separator: a new chunk begins (` `, `，`, `、`, `/`, `+`, …).
    Sep,
    /// After `Sep`: the chunk opens a bracket (`车厘子1箱（5斤）`), an aside on
    /// what came before.
    Aside,
}

/// Where one chunk of an entry ends. Emoji and other pictographs separate
/// too (`葡萄1 🙏`): they are decoration, never a product.
pub fn is_sep(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | '，' | '、' | ';' | '；' | ':' | '：' | '/' | '+' | '|' | '。' | '！' | '!' | '~' | '～'
                | '(' | ')' | '（' | '）' | '[' | ']' | '【' | '】' | '"' | '“' | '”' | '?' | '？'
                | '\u{2600}'..='\u{2714}' | '\u{2717}'..='\u{2794}' | '\u{2796}'..='\u{27BF}'
                | '\u{1F000}'..='\u{1FAFF}' | '\u{FE0F}' | '\u{200D}'
        )
}

/// `3斤的2个`, `一个五斤的`, `榴莲的2个`: a 的 beside a quantity only joins
/// the words, it names nothing.
fn is_particle_between(chars: &[char], i: usize, word: &str, out: &[Token]) -> bool {
    chars[i] == '的'
        && ((word.is_empty() && matches!(out.last(), Some(Token::Qty(_))))
            || quantity_at(chars, i + 1).is_some())
}

/// Where a buyer's name written first ends (an emoji is part of a name).
pub fn ends_name(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；' | ':' | '：' | '/' | '|')
}

fn is_times(c: char) -> bool {
    matches!(c, 'x' | 'X' | '×' | '*' | '✖' | '✕' | '╳')
}

/// Reads ASCII digits with an optional decimal part at `chars[i..]`:
/// thousandths and the length. Digits beyond any sane count saturate so the
/// line is flagged as too many rather than read as something else.
fn ascii_number(chars: &[char], i: usize) -> Option<(u64, usize, bool)> {
    let int: String = chars[i..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if int.is_empty() {
        return None;
    }
    let mut len = int.len();
    let mut milli = int
        .parse::<u64>()
        .unwrap_or(u64::MAX / 1000)
        .min(u64::MAX / 1000)
        * 1000;
    let mut fraction = false;
    if chars.get(i + len) == Some(&'.') {
        let frac: String = chars[i + len + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if !frac.is_empty() {
            let digits: String = frac.chars().chain("000".chars()).take(3).collect();
            milli = milli.saturating_add(digits.parse::<u64>().unwrap_or(0));
            fraction = frac.chars().any(|c| c != '0');
            len += 1 + frac.len();
        }
    }
    Some((milli, len, fraction))
}

/// A number at `chars[i..]` in any script: thousandths, length, and
/// whether it is a half or vague. `半` alone is a half.
fn any_number(chars: &[char], i: usize) -> Option<(u64, usize, bool, bool)> {
    if let Some((milli, len, fraction)) = ascii_number(chars, i) {
        return Some((milli, len, fraction, false));
    }
    if chars[i] == '半' {
        return Some((500, 1, true, false));
    }
    if chars[i] == '几' {
        return Some((0, 1, false, true));
    }
    let (n, len) = chinese_number(&chars[i..])?;
    // 十几: a rough number, not a count.
    if chars.get(i + len) == Some(&'几') {
        return Some((0, len + 1, false, true));
    }
    Some((n * 1000, len, false, false))
}

/// Whether a name holds something that reads as a quantity (`烟薯25号`,
/// `三只松鼠`): such names are kept whole when they are written whole.
pub fn has_numeral(name: &str) -> bool {
    name.chars()
        .any(|c| c.is_ascii_digit() || chinese_digit(c).is_some() || is_ten(c) || c == '半')
}

/// Splits the items part of an entry into words, quantities and
/// separators. A Chinese numeral is a quantity only with a unit or an `x`
/// (九九草莓 is a name); ASCII digits are one on their own too. `names`
/// (folded) are read whole wherever they are written.
pub fn tokens(text: &str, names: &[Vec<char>]) -> Vec<Token> {
    let chars: Vec<char> = fold(text).chars().collect();
    let mut out: Vec<Token> = Vec::new();
    let mut word = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(name) = names
            .iter()
            .filter(|n| chars[i..].starts_with(n))
            .max_by_key(|n| n.len())
        {
            word.extend(name.iter());
            i += name.len();
            continue;
        }
        if is_sep(c) || is_particle_between(&chars, i, &word, &out) {
            flush(&mut word, &mut out);
            out.push(Token::Sep);
            if matches!(c, '(' | '（' | '[' | '【') {
                out.push(Token::Aside);
            }
            i += 1;
            continue;
        }
        if c == '各' && quantity_at(&chars, i + 1).is_some() {
            flush(&mut word, &mut out);
            out.push(Token::Each);
            i += 1;
            continue;
        }
        match quantity_at(&chars, i) {
            Some((q, len)) if q.marked || word_can_end(&word, &chars, i) => {
                flush(&mut word, &mut out);
                out.push(Token::Qty(q));
                i += len;
            }
            _ => {
                word.push(c);
                i += 1;
            }
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Digits glued to letters (`A5`, `25号`) belong to the word; a number
/// after a Chinese name starts a quantity.
fn word_can_end(word: &str, chars: &[char], i: usize) -> bool {
    let prev = word.chars().last();
    let next_digit = chars[i].is_ascii_digit();
    !(next_digit && prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '-'))
}

fn flush(word: &mut String, out: &mut Vec<Token>) {
    let w = word.trim();
    if !w.is_empty() {
        out.push(Token::Word(w.to_string()));
    }
    word.clear();
}

/// A quantity starting at `chars[i]`: `x2`, `x 2`, `2`, `2箱`, `5斤装`,
/// `两箱`, `一斤半`, `半斤`. None when what is there is part of a name.
fn quantity_at(chars: &[char], i: usize) -> Option<(Quantity, usize)> {
    let mut j = i;
    let marked = chars.get(j).copied().is_some_and(is_times);
    if marked {
        j += 1;
        while chars.get(j).is_some_and(|c| *c == ' ') {
            j += 1;
        }
    }
    if j >= chars.len() {
        return None;
    }
    let (mut milli, len, mut half, vague) = any_number(chars, j)?;
    let ascii = chars[j].is_ascii_digit();
    j += len;
    let mut k = j;
    while chars.get(k) == Some(&' ') {
        k += 1;
    }
    let rest: String = chars[k..].iter().take(4).collect();
    let unit = unit_at(&rest);
    if let Some(u) = &unit {
        k += u.text.chars().count();
        j = k;
        // 一斤半: one and a half.
        if chars.get(j) == Some(&'半') {
            milli = milli.saturating_add(500);
            half = true;
            j += 1;
        }
    }
    // A Chinese numeral without a unit or an `x` is part of a name; a long
    // run of digits is a barcode.
    if unit.is_none() && ((!marked && !ascii) || (ascii && milli >= 1_000_000 * 1000)) {
        return None;
    }
    // `25号`, `5G网`: digits that belong to a name.
    if unit.is_none()
        && chars
            .get(j)
            .is_some_and(|c| *c == '号' || c.is_ascii_alphabetic())
    {
        return None;
    }
    let pack = chars.get(j) == Some(&'装');
    if pack {
        j += 1;
    }
    let raw: String = chars[i..j].iter().collect();
    Some((
        Quantity {
            milli,
            unit,
            marked,
            pack,
            half,
            vague,
            raw: raw.trim().to_string(),
        },
        j - i,
    ))
}

/// The pack a variant's 规格 names (`5斤装`, `500g`, `家庭装2.5kg`, `30枚`,
/// `3件装`, `单件`), as a quantity: none for a 规格 like `豪华款`.
pub fn pack_spec(options: &str) -> Option<Quantity> {
    if let Some(rest) = options.strip_prefix('单') {
        return one_of(unit_at(rest)?, options);
    }
    let chars: Vec<char> = fold(options).chars().collect();
    (0..chars.len())
        .find_map(|i| {
            let (q, _) = quantity_at(&chars, i)?;
            q.unit.is_some().then_some(q)
        })
        .or_else(|| per_unit_spec(options))
}

/// `每斤`, `按斤`, `/斤`, `斤`: sold one unit at a time.
fn per_unit_spec(options: &str) -> Option<Quantity> {
    let bare = [
        "每", "按", "/", "称重", "散称", "装", "(", ")", "（", "）", " ",
    ]
    .iter()
    .fold(options.to_string(), |t, w| t.replace(w, ""));
    let unit =
        unit_at(&bare).filter(|u| u.text.len() == bare.len() && !matches!(u.dim, Dim::Count(_)))?;
    one_of(unit, options)
}

/// A pack of exactly one `unit` (单件, 每斤).
fn one_of(unit: Unit, options: &str) -> Option<Quantity> {
    Some(Quantity {
        milli: 1000,
        unit: Some(unit),
        marked: false,
        pack: true,
        half: false,
        vague: false,
        raw: options.to_string(),
    })
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;

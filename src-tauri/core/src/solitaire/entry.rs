//! One numbered line of a 接龙 read into an entry: who it is from, what
//! they want, and, for anything not sure, why.

use rusqlite::Connection;

use super::catalog::{Catalog, Named};
use super::customers::{self, CustomerMatch};
use super::text::{self, Dim, Quantity, Token};
use super::{places, prices, remarks, weights};
use super::{Change, Entry, Flag, Item, ProductCandidate};
use crate::catalog::sold_by::{SoldBy, MAX_GRAMS};
use crate::error::Result;
use crate::shop_time::ShopClock;

/// A count beyond this is a typo, not an order.
const MAX_COUNT: u64 = 9999;
/// Product candidates shown for an ambiguous word.
const SHOWN: usize = 8;

pub struct Reader<'a> {
    pub conn: &'a Connection,
    pub clock: &'a ShopClock,
    pub catalog: &'a Catalog,
}

/// Words that make a line about an earlier one, with what they mean.
const MARKERS: &[(&str, Change)] = &[
    ("改成", Change::Change),
    ("改为", Change::Change),
    ("换成", Change::Change),
    ("更改", Change::Change),
    ("修改", Change::Change),
    ("取消", Change::Cancel),
    ("不要了", Change::Cancel),
    ("不要", Change::Cancel),
    ("退掉", Change::Cancel),
    ("撤回", Change::Cancel),
    ("同上", Change::Same),
];

const PLUS_ONE: &[&str] = &[
    "+1", "＋1", "+１", "＋１", "➕1", "加1", "加一", "跟1", "跟一",
];

impl Reader<'_> {
    pub fn read(&self, line: u32, no: String, written: &str) -> Result<Entry> {
        let (phone, body) = match text::phone(written) {
            Some((p, rest)) => (Some(p), rest),
            None => (None, written.to_string()),
        };
        let (change, body) = change_marker(&body);
        let (places, body) = self.beside_name(&body)?;
        let (name, items_text) = self.split_customer(&body)?;
        let mut change = change;
        if change.is_none() && PLUS_ONE.contains(&items_text.trim()) {
            change = Some(Change::PlusOne);
        }
        let who = customers::who(self.conn, self.clock, &name, phone.as_deref())?;
        let customer = match (&who.matched, name.is_empty(), who.id.as_ref()) {
            (CustomerMatch::Existing, true, Some(id)) => display_name(self.conn, id)?,
            _ => name,
        };
        let mut e = Entry {
            line,
            no,
            text: written.to_string(),
            customer,
            customer_id: who.id,
            customer_match: who.matched,
            customer_phone: who.phone,
            candidates: who.candidates,
            items: Vec::new(),
            unresolved: Vec::new(),
            change,
            refers_to: None,
            remark: places.join(" "),
            flags: Vec::new(),
            flagged: false,
        };
        if change != Some(Change::PlusOne) {
            self.read_items(&items_text, &mut e);
        }
        Ok(e)
    }

    /// What the buyer wrote beside their name for the order's remark: their
    /// building and room (`老陈（8栋）`, `8栋502 老陈 …`) and a bracketed
    /// note glued to the name (`苏姐(要熟一点的)`), with the line without
    /// them. A name the shop already has keeps its brackets (`李四【2号楼】`,
    /// the buyer as an earlier list wrote them); a bracket that orders
    /// something is left for the items.
    fn beside_name(&self, body: &str) -> Result<(Vec<String>, String)> {
        let (first, rest) = first_chunk(body);
        if !first.is_empty() && !customers::named(self.conn, first)?.is_empty() {
            let (found, rest) = places::places(rest);
            return Ok((found, format!("{first}{rest}")));
        }
        let (mut found, body) = places::places(body);
        let (first, rest) = first_chunk(&body);
        if let Some((name, note)) = places::bracket_tail(first) {
            if customers::named(self.conn, first)?.is_empty() && !self.orders_something(note) {
                found.push(note.to_string());
                return Ok((found, format!("{name}{rest}")));
            }
        }
        Ok((found, body))
    }

    /// The buyer's name and the rest. The first chunk is the buyer unless
    /// it is itself an order; a name glued to the order (`王阿姨桃x2`) is cut
    /// where a known customer's name ends, or where a product begins.
    fn split_customer(&self, body: &str) -> Result<(String, String)> {
        let (first, rest) = first_chunk(body);
        if first.is_empty() {
            return Ok((String::new(), rest.to_string()));
        }
        if !customers::named(self.conn, first)?.is_empty() {
            return Ok((first.to_string(), rest.to_string()));
        }
        if !self.orders_something(first) {
            return Ok(self.latin_name(first, rest));
        }
        let starts: Vec<usize> = first.char_indices().map(|(i, _)| i).skip(1).collect();
        for &i in starts.iter().rev() {
            if !customers::named(self.conn, &first[..i])?.is_empty() {
                return Ok((first[..i].to_string(), format!("{}{rest}", &first[i..])));
            }
        }
        let first_word = text::tokens(first, &self.catalog.protected)
            .into_iter()
            .next();
        if matches!(&first_word, Some(Token::Word(w)) if !self.catalog.name(w).products.is_empty())
        {
            return self.name_at_end(body.trim());
        }
        for &i in &starts {
            let (name, tail) = first.split_at(i);
            // `苏姐(苹果2)`: the bracket opens the order, not the name.
            let name = name.trim_end_matches(text::is_sep);
            // A name is two characters at least: `阿红提2` is not 阿 + 红提.
            if name.chars().count() >= 2
                && self.starts_with_product(tail)
                && !text::has_numeral(name)
            {
                return Ok((name.to_string(), format!("{tail}{rest}")));
            }
        }
        self.name_at_end(body.trim())
    }

    /// `Lily Wang 凤梨2`: a name in Latin letters goes on over the words
    /// after it that order nothing (`Wang` was an unknown product).
    fn latin_name(&self, first: &str, rest: &str) -> (String, String) {
        let latin = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic());
        let (mut name, mut rest) = (first.to_string(), rest);
        for _ in 0..2 {
            let Some(after_space) = rest.strip_prefix(' ') else {
                break;
            };
            let (next, after) = first_chunk(after_space);
            if !latin(&name.replace(' ', "")) || !latin(next) || self.orders_something(next) {
                break;
            }
            name = format!("{name} {next}");
            rest = after;
        }
        (name, rest.to_string())
    }

    /// `桃x2 王阿姨`: the order first and a known customer's name last.
    fn name_at_end(&self, body: &str) -> Result<(String, String)> {
        let start = body
            .char_indices()
            .rev()
            .find(|(_, c)| text::ends_name(*c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let last = &body[start..];
        if start > 0
            && !customers::named(self.conn, last)?.is_empty()
            && !self.orders_something(last)
        {
            return Ok((last.to_string(), body[..start].to_string()));
        }
        Ok((String::new(), body.to_string()))
    }

    /// Whether a chunk asks for something: it has a quantity, or a word
    /// that names a product (not only as fruit is said, `桃子 草莓1` is
    /// from 桃子, nor as one character starting a name, `陈 西瓜1` from 陈).
    fn orders_something(&self, chunk: &str) -> bool {
        text::tokens(chunk, &self.catalog.protected)
            .iter()
            .any(|t| match t {
                Token::Qty(_) => true,
                Token::Word(w) => {
                    let named = self.catalog.name(w);
                    !named.products.is_empty() && !named.loose && !self.catalog.spoken_only(w)
                }
                _ => false,
            })
    }

    /// `桃x2` in `小明妈妈桃x2`: the text begins with a word that a product's
    /// name holds (not a looser pinyin match, so a name is never eaten).
    fn starts_with_product(&self, tail: &str) -> bool {
        match text::tokens(tail, &self.catalog.protected).first() {
            Some(Token::Word(w)) => self.catalog.strictly_named(w),
            _ => false,
        }
    }

    fn read_items(&self, items_text: &str, e: &mut Entry) {
        let (money, items_text) = prices::written(items_text);
        let (said, items_text) = remarks::remarks(&remarks::without_courtesy(&items_text));
        let (notes, items_text) =
            remarks::in_brackets(&items_text, |inner| !self.orders_something(inner));
        let places = std::mem::take(&mut e.remark);
        e.remark = std::iter::once(places)
            .chain(money)
            .chain(said)
            .chain(notes)
            .filter(|r| !r.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        for piece in pieces(&text::tokens(&items_text, &self.catalog.protected)) {
            match piece.word {
                Some(_) if piece.unsure => {
                    e.unresolved.push(piece.raw.clone());
                    e.flags.push(Flag::TwoCounts { text: piece.raw });
                }
                Some(word) => self.read_piece(&word, &piece.qtys, &piece.raw, e),
                None => {
                    e.unresolved.push(piece.raw.clone());
                    e.flags.push(Flag::NotUnderstood { text: piece.raw });
                }
            }
        }
    }

    fn read_piece(&self, word: &str, qtys: &[Quantity], raw: &str, e: &mut Entry) {
        let named = self.catalog.name(word);
        let unsure = |e: &mut Entry, flag: Flag| {
            e.unresolved.push(raw.to_string());
            e.flags.push(flag);
        };
        match named.products.as_slice() {
            [] => unsure(e, Flag::UnknownProduct { text: raw.into() }),
            [p] if named.loose => {
                let flag = Flag::PartOfName { text: raw.into() };
                self.ambiguous(&self.catalog.products[*p].variants, qtys, raw, e, flag);
            }
            [p] => match self.variant_and_count(*p, &named, qtys, raw) {
                Ok(Some((v, qty))) => e.items.push(self.item(v, qty, raw)),
                Ok(None) => {
                    let flag = Flag::AmbiguousProduct { text: raw.into() };
                    self.ambiguous(&self.catalog.products[*p].variants, qtys, raw, e, flag);
                }
                Err(flag) => unsure(e, flag),
            },
            products => {
                let variants: Vec<usize> = products
                    .iter()
                    .flat_map(|p| self.catalog.products[*p].variants.iter().copied())
                    .collect();
                let flag = Flag::AmbiguousProduct { text: raw.into() };
                self.ambiguous(&variants, qtys, raw, e, flag);
            }
        }
    }

    fn item(&self, v: usize, qty: u32, raw: &str) -> Item {
        let sold_by = self.catalog.variants[v].sold_by;
        Item {
            sku: self.catalog.variants[v].sku.clone(),
            qty,
            sold_by,
            qty_text: sold_by.show(i64::from(qty)),
            name: self.catalog.variant_name(v),
            text: raw.to_string(),
            ambiguous: false,
            candidates: Vec::new(),
        }
    }

    /// Variant `v`, picked by a person for `raw`: its quantity read as the
    /// list would have, had the words named it (`荔枝5斤装*1` is one 5斤装,
    /// `苹果500g` 500 g of apples sold by weight); when the words ask for
    /// another size, the count written, else one.
    pub fn picked(&self, v: usize, qtys: &[Quantity], raw: &str) -> Item {
        let p = self.catalog.variants[v].product;
        let named = Named {
            products: vec![p],
            variant: Some(v),
            missing_style: false,
            loose: false,
        };
        let qty = match self.variant_and_count(p, &named, qtys, raw) {
            Ok(Some((read, qty))) if read == v => qty,
            _ => {
                let count = text::count_written(qtys).min(MAX_COUNT);
                let per = self.catalog.variants[v].sold_by.per();
                (count * per.unsigned_abs()).min(MAX_GRAMS.unsigned_abs()) as u32
            }
        };
        self.item(v, qty, raw)
    }

    /// An item for a person to settle from `variants`, with why (`flag`).
    fn ambiguous(
        &self,
        variants: &[usize],
        qtys: &[Quantity],
        raw: &str,
        e: &mut Entry,
        flag: Flag,
    ) {
        let qty = text::count_written(qtys);
        e.items.push(Item {
            sku: String::new(),
            qty: qty.min(MAX_COUNT) as u32,
            sold_by: SoldBy::Piece,
            qty_text: qty.min(MAX_COUNT).to_string(),
            name: String::new(),
            text: raw.to_string(),
            ambiguous: true,
            candidates: variants
                .iter()
                .take(SHOWN)
                .map(|&v| ProductCandidate {
                    sku: self.catalog.variants[v].sku.clone(),
                    name: self.catalog.variant_name(v),
                })
                .collect(),
        });
        e.flags.push(flag);
    }

    /// The variant of product `p` and how many, as a merchant reads the
    /// quantities: a number in the unit of a pack names the pack (`5斤` for
    /// the 5斤装); a bare number, `x N` or a counting unit is how many. None
    /// when the variant is not sure; a flag when the text can't be an order.
    fn variant_and_count(
        &self,
        p: usize,
        named: &Named,
        qtys: &[Quantity],
        raw: &str,
    ) -> Result<Option<(usize, u32)>, Flag> {
        let catalog = self.catalog;
        let mismatch = || Flag::PackMismatch {
            text: raw.into(),
            packs: catalog.products[p]
                .variants
                .iter()
                .map(|&v| catalog.variants[v].options.clone())
                .filter(|o| !o.is_empty())
                .collect(),
        };
        if named.missing_style {
            return Err(mismatch());
        }
        if let Some(v) = catalog.weighed(p, named.variant) {
            if qtys.iter().all(|q| catalog.pack_named(p, q).is_none()) {
                let portion = catalog.header_portion(p);
                return weights::weight_of(catalog.variants[v].sold_by, portion, qtys, raw)
                    .map(|g| Some((v, g)));
            }
        }
        let mut packs: Vec<usize> = named.variant.into_iter().collect();
        let mut counts: Vec<u64> = Vec::new();
        for q in qtys {
            if q.vague
                || (q.half
                    && q.unit
                        .as_ref()
                        .is_none_or(|u| matches!(u.dim, Dim::Count(_))))
            {
                return Err(Flag::NotACount { text: raw.into() });
            }
            if let Some(v) = catalog.pack_named(p, q) {
                packs.push(v);
                continue;
            }
            match &q.unit {
                _ if q.pack => return Err(mismatch()),
                Some(u) if !matches!(u.dim, Dim::Count(_)) || catalog.measured_in(p, &u.dim) => {
                    // Sold one 斤 (or one 件) at a time: `3斤` is three.
                    let v = catalog.per_unit(p, &u.dim, u.base).ok_or_else(mismatch)?;
                    packs.push(v);
                    counts.push(q.whole().ok_or_else(mismatch)?);
                }
                _ => counts.push(q.whole().ok_or(Flag::NotACount { text: raw.into() })?),
            }
        }
        packs.dedup();
        if packs.len() > 1 || counts.len() > 1 {
            return Err(Flag::TwoCounts { text: raw.into() });
        }
        let count = counts.first().copied().unwrap_or(1);
        if count > MAX_COUNT {
            return Err(Flag::TooMany { text: raw.into() });
        }
        let variants = &catalog.products[p].variants;
        let variant = packs
            .first()
            .copied()
            .or_else(|| (variants.len() == 1).then(|| variants[0]))
            .or_else(|| catalog.header_variant(p));
        Ok(variant.map(|v| (v, count as u32)))
    }
}

/// The text up to where a buyer's name written first ends, and the rest
/// (both from the trimmed text).
fn first_chunk(body: &str) -> (&str, &str) {
    let body = body.trim();
    let end = body
        .char_indices()
        .find(|(_, c)| text::ends_name(*c))
        .map_or(body.len(), |(i, _)| i);
    body.split_at(end)
}

fn display_name(conn: &Connection, id: &str) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT CASE WHEN name <> '' THEN name ELSE wechat_nick END FROM customers WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

/// `王阿姨 改成桃x3`, `李姐 不要了`, `同上`: what the line does to an earlier
/// one, and the text without the marker.
fn change_marker(body: &str) -> (Option<Change>, String) {
    for (marker, change) in MARKERS {
        if let Some(at) = body.find(marker) {
            let rest = format!("{} {}", &body[..at], &body[at + marker.len()..]);
            let rest = rest.trim_end_matches([':', '：']).to_string();
            return (Some(*change), rest);
        }
    }
    (None, body.to_string())
}

/// A product word with its quantities, or quantities with no word.
struct Piece {
    word: Option<String>,
    qtys: Vec<Quantity>,
    raw: String,
    /// An aside that could say either of two things (`车厘子2箱（10斤）`:
    /// two 10斤 boxes, or 10斤 in all?): a person decides.
    unsure: bool,
}

/// `水蜜桃1 10斤装1`: a size of its own after an item that already has its
/// quantity is another item of the same product.
fn another_size(out: &mut Vec<Piece>, size: &Quantity) {
    let names_size = size.pack
        || size
            .unit
            .as_ref()
            .is_some_and(|u| !matches!(u.dim, Dim::Count(_)));
    let Some(last) = out.last().filter(|l| names_size && !l.qtys.is_empty()) else {
        return;
    };
    let word = last.word.clone();
    out.push(Piece {
        raw: word.clone().unwrap_or_default(),
        word,
        qtys: Vec::new(),
        unsure: false,
    });
}

/// `车厘子1箱（5斤）`: the size in brackets is the item's own, not another
/// item. With a count above one it could be each box's size or the whole
/// order's, unless it names a pack (`（5斤装）`).
fn qualify(item: &mut Piece, size: &Quantity) {
    let counted = item.qtys.iter().any(|q| {
        q.unit
            .as_ref()
            .is_none_or(|u| matches!(u.dim, Dim::Count(_)))
            && q.whole().is_some_and(|n| n > 1)
    });
    item.unsure |= counted && !size.pack;
    item.push(size.clone());
}

impl Piece {
    fn push(&mut self, q: Quantity) {
        self.raw = format!("{}{}", self.raw, q.raw);
        self.qtys.push(q);
    }
}

/// Groups the tokens into pieces. A quantity belongs to the word before it
/// in its chunk (`桃x2苹果1`), unless that word has one and another word
/// follows (`两箱桃一箱苹果`); quantities leading a chunk belong to the word
/// that follows (`2箱桃`), or, in a chunk with no word, to the piece before
/// (`榴莲5斤 1个`); after `各` the count is for each piece before it that
/// has none (`番茄、黄瓜各2`).
fn pieces(tokens: &[Token]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for chunk in tokens.split(|t| *t == Token::Sep) {
        let has_word = chunk.iter().any(|t| matches!(t, Token::Word(_)));
        let (aside, chunk) = match chunk {
            [Token::Aside, rest @ ..] => (true, rest),
            _ => (false, chunk),
        };
        if let (true, false, [Token::Qty(size)], Some(last)) =
            (aside, has_word, chunk, out.last_mut())
        {
            if last.word.is_some() && !last.qtys.is_empty() {
                qualify(last, size);
                continue;
            }
        }
        if let (false, Some(Token::Qty(first))) = (has_word, chunk.first()) {
            another_size(&mut out, first);
        }
        let mut pending: Vec<Quantity> = Vec::new();
        let mut word_seen = false;
        let mut each = false;
        for (k, t) in chunk.iter().enumerate() {
            let before_word = matches!(chunk.get(k + 1), Some(Token::Word(_)));
            match t {
                Token::Word(w) => {
                    let mut piece = Piece {
                        word: Some(w.clone()),
                        qtys: Vec::new(),
                        raw: w.clone(),
                        unsure: false,
                    };
                    for q in pending.drain(..) {
                        piece.raw = format!("{}{}", q.raw, piece.raw);
                        piece.qtys.push(q);
                    }
                    out.push(piece);
                    word_seen = true;
                }
                Token::Qty(q) if each => {
                    for piece in out.iter_mut().rev() {
                        if !piece.qtys.is_empty() {
                            break;
                        }
                        piece.push(q.clone());
                    }
                    each = false;
                }
                // `两箱桃一箱苹果`: a piece that has its count already
                // leaves the next one to the word after it.
                Token::Qty(q)
                    if word_seen
                        && before_word
                        && out.last().is_some_and(|p| !p.qtys.is_empty()) =>
                {
                    pending.push(q.clone());
                }
                Token::Qty(q) if word_seen || (!has_word && !out.is_empty()) => {
                    if let Some(last) = out.last_mut() {
                        last.push(q.clone());
                    }
                }
                Token::Qty(q) if has_word => pending.push(q.clone()),
                Token::Qty(q) => out.push(Piece {
                    word: None,
                    qtys: vec![q.clone()],
                    raw: q.raw.clone(),
                    unsure: false,
                }),
                Token::Each => each = true,
                Token::Sep | Token::Aside => {}
            }
        }
    }
    out
}

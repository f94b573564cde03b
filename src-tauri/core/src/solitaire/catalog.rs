//! Which product a buyer's words name: SKU or barcode, the merchant's own
//! aliases, the name, everyday synonyms, then pinyin (so a homophone typo
//! like 水蜜涛 still finds 水蜜桃). The products the list's header offers
//! come first; a word that still fits several products is ambiguous.

use std::collections::HashMap;

use pinyin::ToPinyin;
use rusqlite::Connection;

use super::text::{self, Dim, Quantity, Token};
use super::words;
use crate::catalog::sold_by::SoldBy;
use crate::error::Result;

pub struct Variant {
    pub sku: String,
    barcode: String,
    pub product: usize,
    pub options: String,
    /// The pack its 规格 names (`5斤装`), if it names one.
    pub spec: Option<Quantity>,
    /// A 规格 word beside or instead of a pack (`豪华款`, `家庭装`).
    style: String,
    /// By the piece, or by weight (`2斤` is then a weight, not a pack).
    pub sold_by: SoldBy,
}

pub struct Product {
    pub name: String,
    folded: String,
    syllables: Vec<String>,
    key: String,
    pub variants: Vec<usize>,
}

pub struct Catalog {
    pub products: Vec<Product>,
    pub variants: Vec<Variant>,
    aliases: HashMap<String, Alias>,
    /// Products the list's header offers: a short `桃` means one of these.
    featured: Vec<usize>,
    /// The one 规格 the header names for a product (`阳山水蜜桃 39.9/5斤`).
    header_variant: HashMap<usize, usize>,
    /// For goods sold by weight, the portion the header offers in grams
    /// (`西红柿 3斤 12.8`): a count in the list is that many portions.
    header_portion: HashMap<usize, u32>,
    /// Names read whole by the tokenizer (they hold numerals).
    pub protected: Vec<Vec<char>>,
}

#[derive(Clone, Copy)]
enum Alias {
    Product(usize),
    Variant(usize),
}

/// What a word names.
pub struct Named {
    /// Products it fits (one when sure).
    pub products: Vec<usize>,
    /// The variant, when the word itself says which (a SKU, an alias, a
    /// 规格 word).
    pub variant: Option<usize>,
    /// A 规格 word was written (`豪华款`) that the product does not have.
    pub missing_style: bool,
    /// One character that is not how the name ends (`山` for 山竹): a
    /// list cut short or a slip more often than a shortening, so it is
    /// offered, never taken.
    pub loose: bool,
}

fn syllables(name: &str) -> Vec<String> {
    name.to_pinyin()
        .flatten()
        .map(|p| p.plain().to_string())
        .collect()
}

/// Folds the spellings the same fruit is written with, so 蜜桔 and 蜜橘
/// compare equal in names.
fn fold_name(s: &str) -> String {
    text::fold(s).replace('桔', "橘").to_lowercase()
}

impl Catalog {
    pub fn load(conn: &Connection, header: &str) -> Result<Catalog> {
        let mut products: Vec<Product> = Vec::new();
        let mut variants = Vec::new();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut variant_by_id: HashMap<String, usize> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT p.id, p.name, p.pinyin, v.id, v.sku, COALESCE(v.barcode, ''), v.options, v.sold_by
             FROM variants v JOIN products p ON p.id = v.product_id
             WHERE v.archived = 0 AND p.archived = 0 ORDER BY p.name, v.created_at, v.rowid",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let pid: String = r.get(0)?;
            let product = *by_id.entry(pid).or_insert_with(|| products.len());
            if product == products.len() {
                let name: String = r.get(1)?;
                products.push(Product {
                    syllables: syllables(&name),
                    folded: fold_name(&name),
                    key: r.get(2)?,
                    name,
                    variants: Vec::new(),
                });
            }
            let options: String = r.get(6)?;
            let spec = text::pack_spec(&options);
            let style = spec
                .as_ref()
                .map_or(options.clone(), |s| options.replace(&s.raw, ""))
                .trim()
                .to_string();
            variant_by_id.insert(r.get(3)?, variants.len());
            products[product].variants.push(variants.len());
            variants.push(Variant {
                sku: r.get(4)?,
                barcode: r.get(5)?,
                product,
                options,
                spec,
                style,
                sold_by: SoldBy::from_code(&r.get::<_, String>(7)?),
            });
        }
        let aliases = load_aliases(conn, &by_id, &variant_by_id)?;
        let protected = products
            .iter()
            .map(|p| p.name.as_str())
            .chain(aliases.keys().map(String::as_str))
            .filter(|n| text::has_numeral(n))
            .map(|n| text::fold(n).chars().collect())
            .collect();
        let mut catalog = Catalog {
            products,
            variants,
            aliases,
            featured: Vec::new(),
            header_variant: HashMap::new(),
            header_portion: HashMap::new(),
            protected,
        };
        catalog.read_header(header);
        Ok(catalog)
    }

    /// The products the header lines offer and, for each, the one 规格 the
    /// same line names, if exactly one.
    fn read_header(&mut self, header: &str) {
        for line in header.lines().map(fold_name) {
            let offered = self.offered_in(&line);
            for (n, (at, len, products)) in offered.iter().enumerate() {
                let next = offered.get(n + 1).map_or(line.len(), |o| o.0);
                let offer = offer_text(&line[at + len..next.max(at + len)]);
                let packs: Vec<(usize, Vec<usize>)> = products
                    .iter()
                    .map(|&p| (p, self.packs_offered(p, offer)))
                    .collect();
                // `草莓 3斤装`: of the products the word fits, the one with
                // that pack.
                let with_pack: Vec<&(usize, Vec<usize>)> =
                    packs.iter().filter(|(_, v)| !v.is_empty()).collect();
                let (p, named) = match (packs.as_slice(), with_pack.as_slice()) {
                    ([one], _) | (_, &[one]) => one,
                    _ => continue,
                };
                // A shortened name offers only with a pack beside it: `水果
                // 团购` says nothing of 水果黄瓜.
                let full = self.products[*p].folded.len() == *len;
                let portion = self.portion_offered(*p, offer);
                if !full && named.is_empty() && portion.is_none() {
                    continue;
                }
                if let Some(g) = portion {
                    self.header_portion.insert(*p, g);
                }
                if !self.featured.contains(p) {
                    self.featured.push(*p);
                }
                if let [v] = named.as_slice() {
                    self.header_variant.insert(*p, *v);
                } else if named.len() > 1 {
                    self.header_variant.remove(p);
                }
            }
        }
    }

    /// The weight a header offers goods sold by weight in (`3斤 12.8`), if
    /// it names one; not a minimum (`3斤起`) or a price per unit (`6.8/斤`).
    fn portion_offered(&self, p: usize, offer: &str) -> Option<u32> {
        let per_or_least =
            ['起', '每', '/'].iter().any(|c| offer.contains(*c)) || offer.contains("以上");
        if self.weighed(p, None).is_none() || per_or_least {
            return None;
        }
        let grams: Vec<u64> = text::tokens(offer, &self.protected)
            .iter()
            .filter_map(|t| match t {
                Token::Qty(q) if q.unit.as_ref().is_some_and(|u| u.dim == Dim::Weight) => q
                    .base_milli()
                    .filter(|m| m % 1_000_000 == 0)
                    .map(|m| m / 1_000_000),
                _ => None,
            })
            .collect();
        match grams.as_slice() {
            [g] if *g > 0 => u32::try_from(*g).ok(),
            _ => None,
        }
    }

    /// The packs of `p` an offer's text names (`5斤装 42.9` names the 5斤装).
    fn packs_offered(&self, p: usize, offer: &str) -> Vec<usize> {
        text::tokens(offer, &self.protected)
            .iter()
            .filter_map(|t| match t {
                Token::Qty(q) => self.pack_named(p, q),
                _ => None,
            })
            .collect()
    }

    /// Where a header line names products, as (at, length, the products it
    /// fits) in the line's order: a full name, or a word of two characters
    /// or more that is part of product names (`沃柑 5斤装` for 广西沃柑, as
    /// merchants shorten them).
    fn offered_in(&self, line: &str) -> Vec<(usize, usize, Vec<usize>)> {
        let mut found: Vec<(usize, usize, Vec<usize>)> = (0..self.products.len())
            .filter_map(|p| {
                let name = &self.products[p].folded;
                line.find(name.as_str()).map(|at| (at, name.len(), vec![p]))
            })
            .collect();
        for t in text::tokens(line, &self.protected) {
            let Token::Word(word) = t else { continue };
            let (Some(at), true) = (line.find(word.as_str()), word.chars().count() >= 2) else {
                continue;
            };
            let fits = self.by_text(&word);
            let known = |f: &(usize, usize, Vec<usize>)| {
                (at >= f.0 && at < f.0 + f.1) || (fits.len() == 1 && f.2 == fits)
            };
            if !fits.is_empty() && !found.iter().any(known) {
                found.push((at, word.len(), fits));
            }
        }
        found.sort_unstable();
        found
    }

    /// The variant of product `p` whose pack a quantity names (`5斤` for
    /// the 5斤装, `1000g` for the 1kg bag).
    pub fn pack_named(&self, p: usize, q: &Quantity) -> Option<usize> {
        let unit = q.unit.as_ref()?;
        self.products[p].variants.iter().copied().find(|&v| {
            self.variants[v].spec.as_ref().is_some_and(|s| {
                let su = s.unit.as_ref().map(|u| &u.dim);
                su == Some(&unit.dim) && s.base_milli() == q.base_milli()
            })
        })
    }

    /// The variant of `p` sold one `unit` at a time (a 1斤 bag when the text
    /// says `3斤`, a 单件 when it says `2件`), if there is one.
    pub fn per_unit(&self, p: usize, dim: &Dim, base: u64) -> Option<usize> {
        self.products[p].variants.iter().copied().find(|&v| {
            self.variants[v].spec.as_ref().is_some_and(|s| {
                s.unit.as_ref().map(|u| &u.dim) == Some(dim) && s.base_milli() == Some(base * 1000)
            })
        })
    }

    /// The variant of `p` sold by weight: the one named, else the product's
    /// first (a product sold loose has one).
    pub fn weighed(&self, p: usize, named: Option<usize>) -> Option<usize> {
        match named {
            Some(v) => self.variants[v].sold_by.weighed().then_some(v),
            None => self.products[p]
                .variants
                .iter()
                .copied()
                .find(|&v| self.variants[v].sold_by.weighed()),
        }
    }

    /// Whether any variant of `p` is measured in `dim`.
    pub fn measured_in(&self, p: usize, dim: &Dim) -> bool {
        self.products[p].variants.iter().any(|&v| {
            self.variants[v]
                .spec
                .as_ref()
                .and_then(|s| s.unit.as_ref())
                .is_some_and(|u| &u.dim == dim)
        })
    }

    pub fn header_portion(&self, p: usize) -> Option<u32> {
        self.header_portion.get(&p).copied()
    }

    pub fn header_variant(&self, p: usize) -> Option<usize> {
        self.header_variant.get(&p).copied()
    }

    pub fn variant_name(&self, v: usize) -> String {
        let var = &self.variants[v];
        let product = &self.products[var.product].name;
        if var.options.is_empty() {
            product.clone()
        } else {
            format!("{product} {}", var.options)
        }
    }

    /// What a word names: exact SKU or barcode, an alias, then the product
    /// by name, synonym or pinyin, with a 规格 word (`豪华款`) in it noted.
    pub fn name(&self, word: &str) -> Named {
        let folded = fold_name(word);
        if let Some(v) = self.variants.iter().position(|v| {
            v.sku.eq_ignore_ascii_case(&folded) || (!v.barcode.is_empty() && v.barcode == folded)
        }) {
            return self.one_variant(v);
        }
        if let Some(alias) = self.aliases.get(&folded) {
            return match *alias {
                Alias::Variant(v) => self.one_variant(v),
                Alias::Product(p) => self.with_style(vec![p], &folded),
            };
        }
        let products = self.products_named(&folded);
        if !products.is_empty() {
            let mut named = self.with_style(products, &folded);
            named.loose = self.only_a_start(&named.products, &folded);
            return named;
        }
        // `月饼礼盒豪华款`: the product without its 规格 word, which must then
        // be one of its own.
        let Some(style) = self.styles().find(|s| folded.contains(s.as_str())) else {
            return self.with_style(products, &folded);
        };
        let mut named = self.with_style(
            self.products_named(&folded.replace(style.as_str(), "")),
            &folded,
        );
        named.missing_style = named.products.len() == 1 && named.variant.is_none();
        named
    }

    /// The variant a SKU names exactly.
    pub fn variant_of(&self, sku: &str) -> Option<usize> {
        self.variants.iter().position(|v| v.sku == sku)
    }

    /// Whether a word is an alias or part of a product's name, without the
    /// looser pinyin and synonym readings.
    pub fn strictly_named(&self, word: &str) -> bool {
        let folded = fold_name(word);
        self.aliases.contains_key(&folded)
            || self.products.iter().any(|p| p.folded.contains(&folded))
    }

    fn one_variant(&self, v: usize) -> Named {
        Named {
            products: vec![self.variants[v].product],
            variant: Some(v),
            missing_style: false,
            loose: false,
        }
    }

    /// A one-character word inside names that end otherwise: 桃 is how
    /// people shorten 水蜜桃, but 山 is not 山竹 and 鸡 is not 鸡蛋.
    fn only_a_start(&self, products: &[usize], word: &str) -> bool {
        word.chars().count() == 1
            && products.iter().all(|&p| {
                let name = &self.products[p].folded;
                name != word && !name.ends_with(word)
            })
    }

    fn styles(&self) -> impl Iterator<Item = String> + '_ {
        self.variants
            .iter()
            .filter(|v| !v.style.is_empty())
            .map(|v| fold_name(&v.style))
    }

    /// With one product, a 规格 word in the text picks its variant.
    fn with_style(&self, products: Vec<usize>, word: &str) -> Named {
        let variant = match products.as_slice() {
            [p] => self.products[*p]
                .variants
                .iter()
                .copied()
                .filter(|&v| {
                    let style = fold_name(&self.variants[v].style);
                    !style.is_empty()
                        && (word.contains(&style) || word.contains(style.trim_end_matches('装')))
                })
                .max_by_key(|&v| self.variants[v].style.len()),
            _ => None,
        };
        Named {
            products,
            variant,
            missing_style: false,
            loose: false,
        }
    }

    fn products_named(&self, word: &str) -> Vec<usize> {
        if word.is_empty() {
            return Vec::new();
        }
        let found = self.by_text(word);
        if !found.is_empty() {
            return self.prefer_featured(found);
        }
        let either_way = words::SYNONYMS
            .iter()
            .copied()
            .chain(words::SYNONYMS.iter().map(|&(a, b)| (b, a)));
        for (from, to) in either_way {
            if word.contains(from) {
                let found = self.by_text(&word.replace(from, to));
                if !found.is_empty() {
                    return self.prefer_featured(found);
                }
            }
        }
        let spoken = self.by_spoken(word);
        if !spoken.is_empty() {
            return self.prefer_featured(spoken);
        }
        self.prefer_featured(self.by_pinyin(word))
    }

    /// Whether a word names products only as fruit is said (`桃子`): as
    /// likely a buyer's nickname, so it never stands for an order alone.
    pub fn spoken_only(&self, word: &str) -> bool {
        let folded = fold_name(word);
        words::SPOKEN.iter().any(|(said, _)| folded.ends_with(said))
            && !self.aliases.contains_key(&folded)
            && self.by_text(&folded).is_empty()
    }

    /// `桃子`, `黄桃子`: the products whose name ends with what it names.
    fn by_spoken(&self, word: &str) -> Vec<usize> {
        let Some(head) = words::SPOKEN
            .iter()
            .find_map(|(said, head)| word.strip_suffix(said).map(|pre| format!("{pre}{head}")))
        else {
            return Vec::new();
        };
        (0..self.products.len())
            .filter(|&i| self.products[i].folded.ends_with(&head))
            .collect()
    }

    /// Exact name, then names containing the word, then the longest names
    /// the word contains (`新鲜阳山水蜜桃`).
    fn by_text(&self, word: &str) -> Vec<usize> {
        let names: Vec<&str> = self.products.iter().map(|p| p.folded.as_str()).collect();
        let exact: Vec<usize> = (0..names.len()).filter(|&i| names[i] == word).collect();
        if !exact.is_empty() {
            return exact;
        }
        let containing: Vec<usize> = (0..names.len())
            .filter(|&i| names[i].contains(word))
            .collect();
        if !containing.is_empty() {
            return containing;
        }
        let inside: Vec<usize> = (0..names.len())
            .filter(|&i| names[i].chars().count() >= 2 && word.contains(names[i]))
            .collect();
        let longest = inside.iter().map(|&i| names[i].len()).max().unwrap_or(0);
        inside
            .into_iter()
            .filter(|&i| names[i].len() == longest)
            .collect()
    }

    /// Two or more Chinese characters whose pinyin runs inside a product's
    /// (`草梅` in 丹东九九草莓); or typed pinyin, as initials or in full.
    fn by_pinyin(&self, word: &str) -> Vec<usize> {
        if word.is_ascii() {
            if word.len() < 2 || !word.chars().all(|c| c.is_ascii_alphabetic()) {
                return Vec::new();
            }
            return (0..self.products.len())
                .filter(|&i| self.products[i].key.split(' ').any(|k| k.contains(word)))
                .collect();
        }
        let wanted = syllables(word);
        if wanted.len() < 2 || wanted.len() != word.chars().count() {
            return Vec::new();
        }
        (0..self.products.len())
            .filter(|&i| {
                self.products[i]
                    .syllables
                    .windows(wanted.len())
                    .any(|w| w == wanted.as_slice())
            })
            .collect()
    }

    fn prefer_featured(&self, found: Vec<usize>) -> Vec<usize> {
        if found.len() < 2 {
            return found;
        }
        let featured: Vec<usize> = found
            .iter()
            .copied()
            .filter(|p| self.featured.contains(p))
            .collect();
        if featured.is_empty() {
            found
        } else {
            featured
        }
    }
}

/// What the header says of one product: the text after its name, up to
/// the next product (cut by the caller) or list separator (`阳山水蜜桃
/// 39.9/5斤、葡萄…`).
fn offer_text(after: &str) -> &str {
    let hard = after
        .find(['、', '，', ',', '；', ';', '|', '。'])
        .unwrap_or(after.len());
    &after[..hard]
}

fn load_aliases(
    conn: &Connection,
    products: &HashMap<String, usize>,
    variants: &HashMap<String, usize>,
) -> Result<HashMap<String, Alias>> {
    let mut out = HashMap::new();
    let mut stmt = conn.prepare("SELECT alias, product_id, variant_id FROM product_aliases")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let alias: String = r.get(0)?;
        let product: String = r.get(1)?;
        let variant: Option<String> = r.get(2)?;
        let target = match variant.and_then(|v| variants.get(&v)) {
            Some(v) => Alias::Variant(*v),
            None => match products.get(&product) {
                Some(p) => Alias::Product(*p),
                None => continue,
            },
        };
        out.insert(fold_name(&alias), target);
    }
    Ok(out)
}

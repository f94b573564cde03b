//! A pasted WeChat 接龙 (solitaire) list: exactly one entry per numbered
//! line, each with its customer and the products and quantities it asks
//! for. Whatever is not sure is flagged with its reason (an unknown word,
//! several products or customers it could be, a weight no pack has, a line
//! that changes an earlier one) and never turned into an order until a
//! person settles it. Nothing is dropped.

mod arrival;
mod catalog;
pub(crate) mod customers;
mod entry;
mod places;
mod prices;
mod remarks;
mod text;
mod weights;
mod words;

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use customers::{Candidate, CustomerMatch};

use crate::catalog::sold_by::SoldBy;
use crate::checkout;
use crate::error::{CoreError, Refusal, Result};
use crate::orders::{NewLine, NewOrder};
use crate::shop_time::{self, ShopClock};
use crate::store::Writer;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Entry {
    /// Line of the pasted text (1-based).
    pub line: u32,
    /// The number the buyer wrote (`3.`), as written.
    pub no: String,
    /// What the line says after its number.
    pub text: String,
    /// The name as written (invisible control marks removed), or the
    /// matched customer's when only a phone number was written.
    pub customer: String,
    /// The customer the order goes to, when sure.
    pub customer_id: Option<String>,
    pub customer_match: CustomerMatch,
    /// The matched customer's phone, or the one written for a new one.
    pub customer_phone: Option<String>,
    /// When ambiguous: who it could be.
    pub candidates: Vec<Candidate>,
    pub items: Vec<Item>,
    /// Text that did not resolve to a product and quantity.
    pub unresolved: Vec<String>,
    /// The line changes, cancels or repeats an earlier one.
    pub change: Option<Change>,
    /// The line it refers to, where that can be told.
    pub refers_to: Option<u32>,
    /// How the buyer wants it (`自提`, `放门口`): the order's remark.
    pub remark: String,
    /// Why the entry is not sure; empty when it is.
    pub flags: Vec<Flag>,
    pub flagged: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Item {
    /// Empty while the product is ambiguous.
    pub sku: String,
    /// How many; grams for goods sold by weight (`sold_by`).
    pub qty: u32,
    #[serde(default)]
    pub sold_by: SoldBy,
    /// The quantity as the merchant reads it: `2`, `1.5斤`.
    #[serde(default)]
    pub qty_text: String,
    pub name: String,
    /// What the buyer wrote for it.
    pub text: String,
    pub ambiguous: bool,
    /// The products it could be, when ambiguous.
    pub candidates: Vec<ProductCandidate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ProductCandidate {
    pub sku: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "LineChange")]
pub enum Change {
    /// `改成…`: replaces what an earlier line asked for.
    Change,
    /// `取消`, `不要了`.
    Cancel,
    /// `同上`: the same as the line above.
    Same,
    /// `+1`: one more of the line above, for this buyer.
    PlusOne,
}

/// Why an entry is not sure. The screen words each code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Flag {
    /// No product goes by these words.
    UnknownProduct {
        text: String,
    },
    /// Several products or 规格 fit; `candidates` on the item.
    AmbiguousProduct {
        text: String,
    },
    /// One character that only starts a product's name (`山` for 山竹):
    /// offered as a candidate, never taken.
    PartOfName {
        text: String,
    },
    /// A weight or size that no pack of the product has.
    PackMismatch {
        text: String,
        packs: Vec<String>,
    },
    /// `半`, `十几`, `1.5个`: not a whole count.
    NotACount {
        text: String,
    },
    /// More than 9999 of something.
    TooMany {
        text: String,
    },
    /// Two counts or two packs for one product (`x2 3箱`).
    TwoCounts {
        text: String,
    },
    /// A quantity with no product.
    NotUnderstood {
        text: String,
    },
    AmbiguousCustomer,
    NoCustomer,
    NoItems,
    /// The line changes, cancels or repeats another (see `change`).
    Refers,
    /// Text on a line with no number, after this entry.
    Unnumbered {
        line: u32,
        text: String,
    },
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Parsed {
    pub entries: Vec<Entry>,
    /// The day the header says the goods arrive (`明天下午到货`), which
    /// the orders made from the list carry; none when it does not say.
    pub arrives_on: Option<String>,
}

/// Reads a pasted list against the shop's catalog, aliases and customers.
pub fn parse(conn: &Connection, clock: &ShopClock, pasted: &str) -> Result<Parsed> {
    let pasted = text::clean(pasted);
    let header: String = pasted
        .lines()
        .take_while(|l| text::numbered(l).is_none())
        .collect::<Vec<_>>()
        .join("\n");
    let catalog = catalog::Catalog::load(conn, &header)?;
    let reader = entry::Reader {
        conn,
        clock,
        catalog: &catalog,
    };
    let mut entries: Vec<Entry> = Vec::new();
    for (i, line) in pasted.lines().enumerate() {
        let at = i as u32 + 1;
        if let Some((no, rest)) = text::numbered(line) {
            let mut e = reader.read(at, no, rest)?;
            link(&mut e, &entries);
            entries.push(e);
        } else if let Some(last) = entries.last_mut() {
            // Text after the list began but on no numbered line: kept with
            // the entry above, never silently left out.
            if line.chars().any(char::is_alphanumeric) {
                last.unresolved.push(line.trim().to_string());
                last.flags.push(Flag::Unnumbered {
                    line: at,
                    text: line.trim().to_string(),
                });
            }
        }
    }
    if entries.is_empty() {
        return Err(no_list_lines(&pasted));
    }
    for e in &mut entries {
        recheck(e);
    }
    let arrives_on = arrival::arrival_day(&header, clock.today()).map(|d| d.to_string());
    Ok(Parsed {
        entries,
        arrives_on,
    })
}

/// The item for `text` once a person picked `sku` for it on the screen (a
/// candidate, or a product searched for): its quantity read again for that
/// variant, under the list's `header`, so a size written is never taken
/// for a count.
pub fn pick(
    conn: &Connection,
    clock: &ShopClock,
    header: &str,
    text: &str,
    sku: &str,
) -> Result<Item> {
    let catalog = catalog::Catalog::load(conn, &text::clean(header))?;
    let v = catalog.variant_of(sku).ok_or_else(|| CoreError::NotFound {
        entity: "product",
        key: sku.to_string(),
    })?;
    let qtys: Vec<text::Quantity> = text::tokens(&text::clean(text), &catalog.protected)
        .into_iter()
        .filter_map(|t| match t {
            text::Token::Qty(q) => Some(q),
            _ => None,
        })
        .collect();
    let reader = entry::Reader {
        conn,
        clock,
        catalog: &catalog,
    };
    Ok(reader.picked(v, &qtys, text))
}

/// A paste with no numbered line: said, never taken for a list with
/// nothing in it (its text would be lost without a word).
fn no_list_lines(pasted: &str) -> CoreError {
    let lines = pasted.lines().filter(|l| !l.trim().is_empty()).count();
    let what = match lines {
        0 => "nothing pasted".to_string(),
        n => format!("no numbered line among the {n} line(s) pasted"),
    };
    CoreError::refused(
        Refusal::NoListLines,
        &[],
        format!("{what}: each 接龙 line begins with its number, e.g. 1. 王阿姨 桃x2"),
    )
}

/// Brings an entry's flags up to date after a person fixed part of it on
/// the screen: a flag about text stays while that text is still unsure;
/// the others are worked out again from the entry as it stands.
pub fn recheck(e: &mut Entry) {
    let unsure = |text: &str| {
        e.unresolved.iter().any(|u| u == text)
            || e.items.iter().any(|i| i.ambiguous && i.text == text)
    };
    let mut flags: Vec<Flag> = e
        .flags
        .iter()
        .filter(|f| match f {
            Flag::UnknownProduct { text }
            | Flag::AmbiguousProduct { text }
            | Flag::PartOfName { text }
            | Flag::PackMismatch { text, .. }
            | Flag::NotACount { text }
            | Flag::TooMany { text }
            | Flag::TwoCounts { text }
            | Flag::NotUnderstood { text }
            | Flag::Unnumbered { text, .. } => unsure(text),
            _ => false,
        })
        .cloned()
        .collect();
    flags.extend(problems(e));
    flags.dedup();
    e.flags = flags;
    e.flagged = !e.flags.is_empty() || !is_sure(e);
}

/// The line a change refers to: the buyer's latest earlier line for a
/// change or cancel, the line above for `同上` and `+1` (whose items it
/// repeats, for the merchant to accept).
fn link(e: &mut Entry, before: &[Entry]) {
    let Some(change) = e.change else { return };
    let target = match change {
        Change::Change | Change::Cancel => before
            .iter()
            .rev()
            .find(|b| !e.customer.is_empty() && b.customer == e.customer),
        Change::Same | Change::PlusOne => before.last(),
    };
    e.refers_to = target.map(|t| t.line);
    if matches!(change, Change::Same | Change::PlusOne) && e.items.is_empty() {
        if let Some(t) = target {
            e.items = t.items.clone();
        }
    }
}

/// What keeps an entry from becoming an order as it stands. The same
/// test is made again on commit, over whatever the screen sends back.
fn problems(e: &Entry) -> Vec<Flag> {
    let mut out = Vec::new();
    if e.customer_match == CustomerMatch::Ambiguous && e.customer_id.is_none() {
        out.push(Flag::AmbiguousCustomer);
    }
    if e.customer.trim().is_empty() && e.customer_phone.is_none() && e.customer_id.is_none() {
        out.push(Flag::NoCustomer);
    }
    if e.items.is_empty() && e.unresolved.is_empty() && e.change.is_none() {
        out.push(Flag::NoItems);
    }
    if e.change.is_some() {
        out.push(Flag::Refers);
    }
    out
}

/// Whether an entry can become an order exactly as it stands.
pub fn is_sure(e: &Entry) -> bool {
    problems(e).is_empty()
        && e.unresolved.is_empty()
        && !e.items.is_empty()
        && e.items
            .iter()
            .all(|i| !i.ambiguous && !i.sku.is_empty() && i.qty >= 1)
}

/// A line left out of a commit and why.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Skipped {
    pub line: u32,
    pub flags: Vec<Flag>,
}

/// What `--commit` / "create orders" made.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Committed {
    pub orders: Vec<String>,
    /// The lines left for a person, with their reasons.
    pub skipped: Vec<Skipped>,
}

/// How a parsed list becomes orders.
#[derive(Debug, Clone, Copy, Default)]
pub struct CommitOptions<'a> {
    pub allow_oversell: bool,
    /// Create the sure entries' orders and leave the others.
    pub skip_flagged: bool,
    /// The day the goods arrive (the header's), carried by every order.
    pub arrives_on: Option<&'a str>,
}

/// Turns the sure entries into orders (channel 接龙), one per customer (a
/// buyer who joined twice gets one order with both lines), in one
/// transaction. With any entry not sure and `skip_flagged` false, refuses
/// and writes nothing.
pub fn commit(w: &Writer, entries: &[Entry], opts: CommitOptions) -> Result<Committed> {
    let CommitOptions {
        allow_oversell,
        skip_flagged,
        arrives_on,
    } = opts;
    let (sure, left): (Vec<&Entry>, Vec<&Entry>) = entries.iter().partition(|e| is_sure(e));
    let skipped: Vec<Skipped> = left
        .iter()
        .map(|e| Skipped {
            line: e.line,
            flags: if e.flags.is_empty() {
                problems(e)
            } else {
                e.flags.clone()
            },
        })
        .collect();
    if !skipped.is_empty() && !skip_flagged {
        let lines: Vec<String> = skipped.iter().map(|s| s.line.to_string()).collect();
        return Err(CoreError::refused(
            Refusal::SolitaireNotSure,
            &[
                ("count", skipped.len().to_string()),
                ("lines", lines.join(", ")),
            ],
            format!(
                "{} line(s) are not sure (line {}); fix them, or create only the sure ones",
                skipped.len(),
                lines.join(", ")
            ),
        ));
    }
    let mut orders = Vec::new();
    for buyer in buyers(&sure) {
        let customer_id = match buyer.id {
            Some(id) => id,
            None => new_customer(w, buyer.first)?,
        };
        let order = NewOrder {
            customer_id: Some(customer_id),
            channel: "solitaire".into(),
            lines: buyer.lines,
            remark: std::iter::once("接龙")
                .chain(buyer.remarks)
                .collect::<Vec<_>>()
                .join(" "),
            allow_oversell,
            arrives_on: arrives_on.map(str::to_string),
            ..Default::default()
        };
        orders.push(checkout::create(w, &order)?);
    }
    Ok(Committed { orders, skipped })
}

/// One order's worth of sure entries: a buyer who joined the list twice.
struct Buyer<'a> {
    id: Option<String>,
    first: &'a Entry,
    lines: Vec<NewLine>,
    remarks: Vec<&'a str>,
}

/// The sure entries grouped by customer (a new one by name and phone), in
/// the order they first appear.
fn buyers<'a>(sure: &[&'a Entry]) -> Vec<Buyer<'a>> {
    let mut out: Vec<Buyer> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for e in sure {
        let key = e.customer_id.clone().unwrap_or_else(|| {
            format!(
                "new:{}:{}",
                e.customer,
                e.customer_phone.as_deref().unwrap_or("")
            )
        });
        let i = *index.entry(key).or_insert_with(|| {
            out.push(Buyer {
                id: e.customer_id.clone(),
                first: e,
                lines: Vec::new(),
                remarks: Vec::new(),
            });
            out.len() - 1
        });
        // A buyer who joined twice writing `8栋 自提` both times: said once.
        if !e.remark.is_empty() && !out[i].remarks.contains(&e.remark.as_str()) {
            out[i].remarks.push(&e.remark);
        }
        out[i].lines.extend(e.items.iter().map(|it| NewLine {
            sku: it.sku.clone(),
            qty: it.qty as i32,
            // A weight read from the text is in grams, whatever the unit.
            weight: it.sold_by.weighed().then(|| format!("{}克", it.qty)),
            ..Default::default()
        }));
    }
    out
}

/// A buyer the shop did not know, kept with the name exactly as written
/// and the phone in its own field (the phone stands in as the name only
/// when no name was written).
fn new_customer(w: &Writer, e: &Entry) -> Result<String> {
    let phone = e.customer_phone.clone().unwrap_or_default();
    let name = if e.customer.trim().is_empty() {
        phone.clone()
    } else {
        e.customer.clone()
    };
    crate::customers::save(
        w,
        &crate::customers::CustomerInput {
            name,
            phone,
            ..Default::default()
        },
    )
}

/// One of the merchant's words for a product.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AliasRow {
    pub alias: String,
    pub sku: Option<String>,
    pub product: String,
}

/// Remembers `alias` as the merchant's word for the product of `sku`
/// (or, with `exact`, for that one variant). Replaces an older meaning.
pub fn remember(w: &Writer, alias: &str, sku: &str, exact: bool) -> Result<()> {
    let alias = text::clean(alias).trim().to_string();
    if alias.is_empty() || alias.chars().count() > 40 {
        return Err(CoreError::refused(
            Refusal::AliasLength,
            &[],
            "an alias is 1 to 40 characters".into(),
        ));
    }
    let (variant, product): (String, String) =
        w.tx.query_row(
            "SELECT id, product_id FROM variants WHERE sku = ?1",
            [sku],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            entity: "variant",
            key: sku.to_string(),
        })?;
    w.tx.execute(
        "INSERT INTO product_aliases(alias, product_id, variant_id, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(alias) DO UPDATE SET product_id = excluded.product_id, variant_id = excluded.variant_id",
        params![alias, product, exact.then_some(variant), shop_time::now()],
    )?;
    w.log("alias", &alias, "save", &format!("{alias} = {sku}"))
}

pub fn forget(w: &Writer, alias: &str) -> Result<()> {
    let n =
        w.tx.execute("DELETE FROM product_aliases WHERE alias = ?1", [alias])?;
    if n == 0 {
        return Err(CoreError::NotFound {
            entity: "alias",
            key: alias.to_string(),
        });
    }
    w.log("alias", alias, "delete", alias)
}

pub fn aliases(conn: &Connection) -> Result<Vec<AliasRow>> {
    let rows = conn
        .prepare(
            "SELECT a.alias, v.sku, p.name FROM product_aliases a JOIN products p ON p.id = a.product_id
             LEFT JOIN variants v ON v.id = a.variant_id ORDER BY a.alias",
        )?
        .query_map([], |r| {
            Ok(AliasRow {
                alias: r.get(0)?,
                sku: r.get(1)?,
                product: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests;

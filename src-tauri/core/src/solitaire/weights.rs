//! A weight read from a 接龙 line for goods sold by weight.

use super::text::{Dim, Quantity};
use super::Flag;
use crate::catalog::sold_by::{SoldBy, MAX_GRAMS};

/// Grams of goods sold by weight: `2斤`, `500g`, `一斤半` are weights; a
/// bare number or a count is that many of the header's portion (`西红柿2`
/// under `西红柿 3斤 12.8` is 6斤), else of the goods' unit (`苹果3` is 3斤).
pub fn weight_of(
    sold_by: SoldBy,
    portion: Option<u32>,
    qtys: &[Quantity],
    raw: &str,
) -> Result<u32, Flag> {
    let not_a_weight = || Flag::NotACount { text: raw.into() };
    let per = portion.map_or(sold_by.per() as u64, u64::from);
    let mut grams = Vec::new();
    for q in qtys {
        let g = match &q.unit {
            _ if q.vague => None,
            // Thousandths of milligrams.
            Some(u) if u.dim == Dim::Weight => q
                .base_milli()
                .filter(|m| m % 1_000_000 == 0)
                .map(|m| m / 1_000_000),
            Some(u) if matches!(u.dim, Dim::Count(_)) => q.whole().map(|n| n * per),
            Some(_) => None,
            None if q.half => None,
            // `西红柿1.5` under a portion: half a bag, or 1.5斤? A person says.
            None if portion.is_some() && q.whole().is_none() => None,
            None => Some(q.milli * per)
                .filter(|m| m % 1000 == 0)
                .map(|m| m / 1000),
        };
        grams.push(g.filter(|g| *g > 0).ok_or_else(not_a_weight)?);
    }
    if grams.len() > 1 {
        return Err(Flag::TwoCounts { text: raw.into() });
    }
    let g = grams.first().copied().unwrap_or(per);
    if g > MAX_GRAMS as u64 {
        return Err(Flag::TooMany { text: raw.into() });
    }
    Ok(g as u32)
}

//! Rows read sorted by a key, gathered into one entry per key (a bundle and
//! its items, a supplier and its lines, a month and its counts).

use crate::error::Result;

/// The entry the current row belongs to: the last one when `same` says so,
/// else a new one made by `make` and pushed.
pub fn entry<T>(
    list: &mut Vec<T>,
    same: impl FnOnce(&T) -> bool,
    make: impl FnOnce() -> Result<T>,
) -> Result<&mut T> {
    if !list.last().is_some_and(same) {
        list.push(make()?);
    }
    let at = list.len() - 1;
    Ok(&mut list[at])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_one_key_gather_in_one_entry() {
        let mut groups: Vec<(char, u32)> = Vec::new();
        for key in ['a', 'a', 'b', 'a'] {
            entry(&mut groups, |g| g.0 == key, || Ok((key, 0)))
                .unwrap()
                .1 += 1;
        }
        assert_eq!(groups, [('a', 2), ('b', 1), ('a', 1)]);
    }
}

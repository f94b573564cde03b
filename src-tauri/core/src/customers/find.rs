//! Who an order, a group-buy join or a member enrolment is for: the
//! customer a name (or phone) means, created when new, refused with the
//! candidates named when it could be several.

use rusqlite::params;

use crate::error::{CoreError, Refusal, Result};
use crate::ids;
use crate::search_key::pinyin_key;
use crate::store::Writer;

/// The customer called `name` (name or WeChat nickname; the phone decides
/// between namesakes), created when new.
pub fn find_or_create(w: &Writer, name: &str, phone: &str, now: i64) -> Result<Option<String>> {
    find_or_create_from(w, name, phone, now, None)
}

/// As [`find_or_create`]; a customer created is marked as coming
/// from `import_id`, so an import that is taken back takes them too.
pub fn find_or_create_from(
    w: &Writer,
    name: &str,
    phone: &str,
    now: i64,
    import_id: Option<&str>,
) -> Result<Option<String>> {
    // Where there is one box for who (joining a group buy), a phone typed
    // in it is the phone: the way to say which of two namesakes.
    let (name, phone) = match phone.is_empty() && looks_like_phone(name) {
        true => ("", name),
        false => (name, phone),
    };
    let phone = &super::phone::normalize(phone);
    if name.is_empty() && phone.is_empty() {
        return Ok(None);
    }
    let found = super::lookup::meant(w.tx, name, phone)?;
    match found.as_slice() {
        [] => {}
        [one] => return Ok(Some(one.id.clone())),
        several => return Err(ambiguous(name, several)),
    }
    let id = ids::new_id();
    let display = if name.is_empty() { phone } else { name };
    w.tx.prepare_cached(
        "INSERT INTO customers(id, name, phone, pinyin, created_at, updated_at, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
    )?
    .execute(params![id, display, phone, pinyin_key(display), now, import_id])?;
    w.log("customer", &id, "create", display)?;
    Ok(Some(id))
}

fn looks_like_phone(text: &str) -> bool {
    let number = super::phone::normalize(text);
    (7..=15).contains(&number.len()) && number.chars().all(|c| c.is_ascii_digit())
}

/// The customers a name could mean, as a refusal lists them.
pub fn candidates(several: &[super::lookup::Meant]) -> String {
    several
        .iter()
        .map(|c| c.label())
        .collect::<Vec<_>>()
        .join("、")
}

/// Refuses a name that fits several customers, naming them, so the merchant
/// says which (a phone, or picking from the list) instead of us guessing.
pub fn ambiguous(name: &str, several: &[super::lookup::Meant]) -> CoreError {
    let who = candidates(several);
    CoreError::refused(
        Refusal::CustomerAmbiguous,
        &[("name", name.into()), ("candidates", who.clone())],
        format!("{name} could be any of: {who}; give the phone number or pick the customer"),
    )
}

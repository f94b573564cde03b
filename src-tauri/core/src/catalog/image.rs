//! A product's picture, chosen from a local file: kept in an `images`
//! folder beside the shop file (so a backup of the folder keeps them), the
//! product pointing at it by a relative path.

use std::path::{Path, PathBuf};

use crate::error::{CoreError, Refusal, Result};
use crate::store::Writer;

/// Larger pictures are refused: a phone photo fits, a video does not.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

/// The picture's kind by its first bytes (never by the file's name).
fn extension(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x89, b'P', b'N', b'G', ..] => Some("png"),
        [0xFF, 0xD8, 0xFF, ..] => Some("jpg"),
        [b'G', b'I', b'F', b'8', ..] => Some("gif"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some("webp"),
        _ => None,
    }
}

/// Stores `bytes` as the picture of `product_id`; returns its relative path.
pub fn save(
    w: &Writer,
    shop_file: &Path,
    product_id: &str,
    bytes: &[u8],
    file_name: &str,
) -> Result<String> {
    let relative = picture_path(product_id, bytes, file_name)?;
    super::edit::set_field(w.tx, product_id, "image_path", &relative)?;
    write_picture(shop_file, &relative, bytes)?;
    w.log("product", product_id, "image", file_name)?;
    Ok(relative)
}

/// `images/<stem>.<ext>` for a picture, refused when it is not one or is
/// too large.
pub(crate) fn picture_path(stem: &str, bytes: &[u8], file_name: &str) -> Result<String> {
    let ext = extension(bytes).ok_or_else(|| CoreError::BadFile {
        path: file_name.into(),
        line: None,
        column: None,
        message: "not a PNG, JPEG, GIF or WebP picture".into(),
        why: None,
        others: Vec::new(),
    })?;
    if bytes.len() > MAX_BYTES {
        return Err(CoreError::refused(
            Refusal::ImageTooBig,
            &[
                ("file", file_name.to_string()),
                ("max_mb", (MAX_BYTES / 1024 / 1024).to_string()),
            ],
            format!("{file_name}: larger than {} MB", MAX_BYTES / 1024 / 1024),
        ));
    }
    Ok(format!("images/{stem}.{ext}"))
}

/// Writes the picture beside the shop. Called before the transaction that
/// points at it commits: a failed write leaves the shop as it was.
pub(crate) fn write_picture(shop_file: &Path, relative: &str, bytes: &[u8]) -> Result<()> {
    let path = folder(shop_file).join(relative);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| CoreError::io(dir, e))?;
    }
    std::fs::write(&path, bytes).map_err(|e| CoreError::io(&path, e))
}

/// The picture's bytes, if the product has one on this machine.
pub fn load(shop_file: &Path, image_path: &str) -> Option<Vec<u8>> {
    // Only our own folder: an imported product may point at a URL.
    if !image_path.starts_with("images/") || image_path.contains("..") {
        return None;
    }
    std::fs::read(folder(shop_file).join(image_path)).ok()
}

/// The picture of `product_id`, if it has one on this machine.
pub fn of_product(
    conn: &rusqlite::Connection,
    shop_file: &Path,
    product_id: &str,
) -> Result<Option<Vec<u8>>> {
    let path: Option<String> = conn
        .query_row(
            "SELECT image_path FROM products WHERE id = ?1",
            [product_id],
            |r| r.get(0),
        )
        .map_err(CoreError::from)?;
    Ok(path.and_then(|p| load(shop_file, &p)))
}

fn folder(shop_file: &Path) -> PathBuf {
    shop_file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Session, Store};

    #[test]
    fn a_picture_is_kept_beside_the_shop_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s.db");
        let mut store = Store::open(&file, Session::new("test")).unwrap();
        crate::testing::one_product(store.conn(), "TAO-5", 100);
        let png = [&[0x89, b'P', b'N', b'G', 13, 10, 26, 10][..], &[0u8; 32]].concat();
        let path = store
            .write(|w| save(w, &file, "p", &png, "桃.png"))
            .unwrap();
        assert_eq!(path, "images/p.png");
        assert_eq!(load(&file, &path).unwrap(), png);
        assert!(load(&file, "../s.db").is_none());
        let err = store
            .write(|w| save(w, &file, "p", b"%PDF-1.4", "x.pdf"))
            .unwrap_err();
        assert_eq!(err.code(), "bad_file");
    }
}

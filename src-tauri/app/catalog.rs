//! Commands of the Products & Stock screen: edit products, import and
//! export product files, stock changes and the stocktake.

use storefront_core::catalog::detail::{self, ProductDetail};
use storefront_core::catalog::edit::{self, ProductInput, ProductOption};
use storefront_core::catalog::image;
use storefront_core::catalog::{self, Category, ProductFilter, ProductRow};
use storefront_core::error::IpcError;
use storefront_core::io::products::{self as product_io, ProductImport};
use storefront_core::io::Layout;
use storefront_core::stock::batches::{self, Expiring};
use storefront_core::stock::count::{self, Change, Counted, Found, Stocktake};
use storefront_core::Page;
use tauri::ipc::{Request, Response};
use tauri::{AppHandle, State};

use crate::commands::Events;
use crate::files::{export_path, sent_file};
use crate::AppState;

type Reply<T> = Result<T, IpcError>;

#[tauri::command]
pub fn products_page(
    state: State<AppState>,
    filter: ProductFilter,
    offset: u32,
    limit: u32,
) -> Reply<Page<ProductRow>> {
    state.read(|s| catalog::page_of(s.conn(), &filter, offset, limit))
}

#[tauri::command]
pub fn product_categories(state: State<AppState>) -> Reply<Vec<Category>> {
    state.read(|s| catalog::categories(s.conn()))
}

/// The start of a new product's SKUs, from its name.
#[tauri::command]
pub fn sku_base(state: State<AppState>, name: String) -> Reply<String> {
    state.read(|s| edit::sku_base(s.conn(), &name))
}

#[tauri::command]
pub fn product_detail(state: State<AppState>, id: String) -> Reply<ProductDetail> {
    state.read(|s| detail::load(s.conn(), s.clock(), &id))
}

#[tauri::command]
pub fn save_product(state: State<AppState>, product: ProductInput) -> Reply<String> {
    state.with(|s| s.write(|w| edit::save(w, &product)))
}

#[tauri::command]
pub fn archive_product(state: State<AppState>, id: String, archived: bool) -> Reply<()> {
    state.with(|s| s.write(|w| edit::set_archived(w, &id, archived)))
}

/// The variants a set of 规格 axes makes, for the form to fill in.
#[tauri::command]
pub fn variant_combinations(options: Vec<ProductOption>) -> Vec<String> {
    edit::combinations(&options)
}

#[tauri::command]
pub fn products_import_preview(
    state: State<AppState>,
    request: Request<'_>,
) -> Reply<ProductImport> {
    let (bytes, _) = sent_file(&request)?;
    state.read(|s| product_io::preview(s.conn(), bytes))
}

#[tauri::command]
pub async fn products_import(
    app: AppHandle,
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Reply<ProductImport> {
    let (bytes, name) = sent_file(&request)?;
    let (bytes, events) = (bytes.to_vec(), Events::new(app.clone(), &state));
    AppState::blocking(&app, move |state| {
        state.with(|s| product_io::import(s, &bytes, &name, &events))
    })
    .await
}

/// Writes the catalog to the Downloads folder; returns the file's path.
#[tauri::command]
pub fn products_export(
    app: AppHandle,
    state: State<AppState>,
    xlsx: bool,
    chinese: bool,
) -> Reply<String> {
    let path = export_path(&app, "products", if xlsx { "xlsx" } else { "csv" });
    // In the merchant's language; either reads back through the importer.
    let layout = if chinese {
        Layout::Chinese
    } else {
        Layout::Codes
    };
    state.read(|s| product_io::export(s.conn(), &path, layout))?;
    Ok(path.display().to_string())
}

#[tauri::command]
pub fn find_variant(state: State<AppState>, code: String) -> Reply<Option<Found>> {
    state.read(|s| count::find(s.conn(), &code, None))
}

#[tauri::command]
pub fn stock_change(state: State<AppState>, change: Change) -> Reply<i64> {
    state.with(|s| s.write(|w| count::change(w, &change)))
}

/// Goods written off from the 临期 list: a batch, expired or damaged.
#[tauri::command]
pub fn stock_writeoff(
    state: State<AppState>,
    sku: String,
    qty: i64,
    expired: bool,
    batch_id: Option<String>,
) -> Reply<i64> {
    let c = count::writeoff(&sku, qty, expired, batch_id);
    state.with(|s| s.write(|w| count::change(w, &c)))
}

/// The 临期 list: batches expiring within `days` days, or expired.
#[tauri::command]
pub fn stock_expiring(state: State<AppState>, days: i64) -> Reply<Vec<Expiring>> {
    state.read(|s| batches::expiring(s.conn(), s.clock().today(), days))
}

#[tauri::command]
pub fn post_stocktake(
    state: State<AppState>,
    counts: Vec<Counted>,
    reason: String,
) -> Reply<Stocktake> {
    state.with(|s| s.write(|w| count::stocktake(w, &counts, &reason, None)))
}

/// A picture chosen for a product (raw bytes; the product in `x-product-id`).
#[tauri::command]
pub fn save_product_image(state: State<AppState>, request: Request<'_>) -> Reply<String> {
    let (bytes, name) = sent_file(&request)?;
    let id = request
        .headers()
        .get("x-product-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    state.with(|s| {
        let file = s.path().to_path_buf();
        s.write(|w| image::save(w, &file, &id, bytes, &name))
    })
}

/// The product's picture as raw bytes (empty when it has none).
#[tauri::command]
pub fn product_image(state: State<AppState>, id: String) -> Reply<Response> {
    let bytes = state.read(|s| image::of_product(s.conn(), s.path(), &id))?;
    Ok(Response::new(bytes.unwrap_or_default()))
}

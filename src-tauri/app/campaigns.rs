//! Commands of the Campaigns screen: campaign records, group buys, leaders
//! and pickup codes, distributors and commissions, coupons; and the clock
//! that closes group buys at their deadline while the app is open.

use storefront_core::campaigns::bundles::{self, BundleRow};
use storefront_core::campaigns::distribution::{self, CommissionRow, NewDistributor, Rates};
use storefront_core::campaigns::flash::{self, FlashRow};
use storefront_core::campaigns::groupbuy::{self, NewGroupBuy, SuccessMonth};
use storefront_core::campaigns::leaders::{self, PickupOrder, Settlement};
use storefront_core::campaigns::members::{self, LevelRow, MemberRow};
use storefront_core::campaigns::promotions::{self, NewCoupon};
use storefront_core::campaigns::records::{self, NewCampaign, TrafficImport};
use storefront_core::checkout::groupbuy::{self as joining, Closed, Joined};
use storefront_core::checkout::pickup;
use storefront_core::error::IpcError;
use storefront_core::orders::NewLine;
use storefront_core::{shop_time, Money};
use tauri::ipc::Request;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::files::{export_path, sent_file};
use crate::AppState;

type Reply<T> = Result<T, IpcError>;

#[tauri::command]
pub fn campaign_add(state: State<AppState>, campaign: NewCampaign) -> Reply<String> {
    state.with(|s| s.write(|w| records::add(w, &campaign)))
}

#[tauri::command]
pub fn campaign_spend(
    state: State<AppState>,
    id: String,
    kind: String,
    amount: Money,
    note: String,
) -> Reply<()> {
    state.with(|s| s.write(|w| records::add_spend(w, &id, &kind, amount, &note)))
}

/// The traffic file is the raw body; the campaign's id is the
/// `x-campaign` header.
#[tauri::command]
pub fn campaign_traffic(state: State<AppState>, request: Request<'_>) -> Reply<TrafficImport> {
    let (bytes, name) = sent_file(&request)?;
    let id = request
        .headers()
        .get("x-campaign")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    state.with(|s| s.write(|w| records::import_traffic(w, &id, bytes, &name)))
}

#[tauri::command]
pub fn groupbuy_create(state: State<AppState>, deal: NewGroupBuy) -> Reply<String> {
    state.with(|s| s.write(|w| groupbuy::create(w, &deal)))
}

#[tauri::command]
pub fn groupbuy_join(
    state: State<AppState>,
    id: String,
    customer: String,
    qty: i32,
    pickup_point_id: Option<String>,
) -> Reply<Joined> {
    state.with(|s| s.write(|w| joining::join(w, &id, &customer, qty, pickup_point_id.as_deref())))
}

#[tauri::command]
pub fn groupbuy_close(state: State<AppState>, id: String) -> Reply<Closed> {
    state.with(|s| s.write(|w| joining::close(w, &id, shop_time::now())))
}

#[tauri::command]
pub fn groupbuy_share(state: State<AppState>, id: String, zh: bool) -> Reply<String> {
    state.read(|s| groupbuy::share_text(s.conn(), s.clock(), &id, zh))
}

#[tauri::command]
pub fn groupbuy_success(state: State<AppState>) -> Reply<Vec<SuccessMonth>> {
    state.read(|s| groupbuy::success_by_month(s.conn(), s.clock()))
}

#[tauri::command]
pub fn leader_add(
    state: State<AppState>,
    name: String,
    phone: String,
    pickup: String,
    rate: Option<String>,
) -> Reply<String> {
    state.with(|s| s.write(|w| leaders::add(w, &name, &phone, &[pickup], rate.as_deref())))
}

#[tauri::command]
pub fn leader_settle(
    state: State<AppState>,
    name: String,
    from: String,
    to: String,
) -> Reply<Settlement> {
    state.read(|s| leaders::settle(s.conn(), &name, &from, &to))
}

/// Writes the statement to Downloads as XLSX; returns where.
#[tauri::command]
pub fn leader_settlement_export(
    app: AppHandle,
    state: State<AppState>,
    name: String,
    from: String,
    to: String,
) -> Reply<String> {
    let path = export_path(&app, &format!("团长结算-{name}"), "xlsx");
    state.with(|s| {
        leaders::write_settlement(&leaders::settle(s.conn(), &name, &from, &to)?, &path)
    })?;
    Ok(path.display().to_string())
}

#[tauri::command]
pub fn pickup_find(state: State<AppState>, query: String) -> Reply<Vec<PickupOrder>> {
    state.read(|s| leaders::find(s.conn(), &query))
}

#[tauri::command]
pub fn pickup_redeem(state: State<AppState>, order_no: String) -> Reply<String> {
    state.with(|s| s.write(|w| pickup::redeem(w, &order_no)))
}

#[tauri::command]
pub fn distributor_add(
    state: State<AppState>,
    name: String,
    recruiter: Option<String>,
    rate1: Option<String>,
    rate2: Option<String>,
) -> Reply<String> {
    let d = NewDistributor {
        name: &name,
        recruiter: recruiter.as_deref(),
        rate1: rate1.as_deref(),
        rate2: rate2.as_deref(),
    };
    state.with(|s| s.write(|w| distribution::add(w, &d)))
}

#[tauri::command]
pub fn commissions(
    state: State<AppState>,
    distributor: Option<String>,
) -> Reply<Vec<CommissionRow>> {
    state.read(|s| distribution::commissions(s.conn(), distributor.as_deref()))
}

#[tauri::command]
pub fn distributor_payout(
    state: State<AppState>,
    name: String,
    amount: Money,
    note: String,
) -> Reply<String> {
    state.with(|s| s.write(|w| distribution::pay_out(w, &name, amount, &note)))
}

#[tauri::command]
pub fn commission_rates(state: State<AppState>) -> Reply<Rates> {
    state.read(|s| distribution::rates(s.conn()))
}

/// The shop's default rates, or `sku`'s own when given.
#[tauri::command]
pub fn set_commission_rates(
    state: State<AppState>,
    sku: Option<String>,
    rate1: Option<String>,
    rate2: Option<String>,
) -> Reply<Rates> {
    state.with(|s| {
        s.write(|w| distribution::set_rates(w, sku.as_deref(), rate1.as_deref(), rate2.as_deref()))
    })
}

#[tauri::command]
pub fn flash_sales(state: State<AppState>) -> Reply<Vec<FlashRow>> {
    state.read(|s| flash::list(s.conn(), s.clock()))
}

/// `starts`/`ends` are shop-local times (`2026-12-12 20:00`).
#[tauri::command]
pub fn flash_add(
    state: State<AppState>,
    sku: String,
    price: Money,
    starts: String,
    ends: String,
) -> Reply<String> {
    state.with(|s| s.write(|w| flash::add(w, &sku, price, &starts, &ends, None)))
}

#[tauri::command]
pub fn coupon_add(state: State<AppState>, coupon: NewCoupon) -> Reply<String> {
    state.with(|s| s.write(|w| promotions::add_coupon(w, &coupon)))
}

#[tauri::command]
pub fn members_list(state: State<AppState>) -> Reply<Vec<MemberRow>> {
    state.read(|s| members::list(s.conn(), s.clock()))
}

#[tauri::command]
pub fn member_levels(state: State<AppState>) -> Reply<Vec<LevelRow>> {
    state.read(|s| members::levels(s.conn()))
}

#[tauri::command]
pub fn member_enrol(
    state: State<AppState>,
    customer: String,
    phone: String,
    level: String,
) -> Reply<String> {
    state.with(|s| s.write(|w| members::enrol(w, &customer, &phone, &level)))
}

#[tauri::command]
pub fn bundles_list(state: State<AppState>) -> Reply<Vec<BundleRow>> {
    state.read(|s| bundles::list(s.conn(), None))
}

/// `items` are `(SKU, units)`.
#[tauri::command]
pub fn bundle_add(
    state: State<AppState>,
    code: String,
    name: String,
    price: Money,
    items: Vec<(String, i64)>,
) -> Reply<String> {
    state.with(|s| s.write(|w| bundles::add(w, &code, &name, price, &items)))
}

/// The lines of `sets` bundles, for order entry; none for an unknown code.
#[tauri::command]
pub fn bundle_lines(state: State<AppState>, code: String, sets: i32) -> Reply<Vec<NewLine>> {
    state.read(|s| bundles::lines(s.conn(), &code, sets))
}

/// How often the open app looks for group buys past their deadline.
pub const DEADLINES_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

/// Closes group buys at their deadline while the app is open (the CLI's
/// `groupbuy close-due` does it from the OS scheduler when it is not) and
/// tells the window, which refreshes what it shows. A job (`jobs`).
pub fn close_due_group_buys(app: &AppHandle) -> crate::jobs::Outcome {
    let state = app.state::<AppState>();
    let closed = state
        .with(|s| s.write(|w| joining::close_due(w, shop_time::now())))
        .map_err(|e| e.message)?;
    if closed.is_empty() {
        return Ok(String::new());
    }
    let _ = app.emit("groupbuys-closed", &closed);
    Ok(format!("{} group buys closed", closed.len()))
}

//! Commands of the dashboard and the campaign page: each one query of
//! `storefront_core::analytics`, so the screen loads its charts one by one
//! and stays usable while they come.

use storefront_core::after_sales::{self, Service};
use storefront_core::analytics::buyers::{self, Buyers};
use storefront_core::analytics::campaign::{self, CampaignReport, Funnel};
use storefront_core::analytics::people::{self, Rank};
use storefront_core::analytics::products::{self, ProductMix, StockTurn};
use storefront_core::analytics::sales::{self, By, ChannelShare, Trend};
use storefront_core::analytics::waste::{self, Waste};
use storefront_core::analytics::{self, export, PeriodArg, Tile};
use storefront_core::error::IpcError;
use tauri::ipc::Request;
use tauri::{AppHandle, State};

use crate::files::{export_path, sent_file};
use crate::AppState;

type Reply<T> = Result<T, IpcError>;

/// How many rows a ranking shows.
const TOP: usize = 10;

#[tauri::command]
pub fn period_tile(state: State<AppState>, period: PeriodArg) -> Reply<Tile> {
    state.read(|s| analytics::tile(s.conn(), "range", period.period()?))
}

#[tauri::command]
pub fn sales_trend(state: State<AppState>, period: PeriodArg, by: String) -> Reply<Trend> {
    state.read(|s| sales::trend(s.conn(), s.clock(), period.period()?, By::parse(&by)?))
}

#[tauri::command]
pub fn sales_channels(state: State<AppState>, period: PeriodArg) -> Reply<Vec<ChannelShare>> {
    state.read(|s| sales::channels(s.conn(), period.period()?))
}

#[tauri::command]
pub fn product_mix(state: State<AppState>, period: PeriodArg) -> Reply<ProductMix> {
    state.read(|s| products::mix(s.conn(), period.period()?, TOP))
}

#[tauri::command]
pub fn stock_turnover(state: State<AppState>, period: PeriodArg) -> Reply<Vec<StockTurn>> {
    state.read(|s| products::turnover(s.conn(), s.clock(), period.period()?, TOP))
}

#[tauri::command]
pub fn waste(state: State<AppState>, period: PeriodArg) -> Reply<Vec<Waste>> {
    state.read(|s| waste::waste(s.conn(), s.clock(), period.period()?))
}

#[tauri::command]
pub fn buyer_months(state: State<AppState>, period: PeriodArg) -> Reply<Buyers> {
    state.read(|s| buyers::buyers(s.conn(), period.period()?))
}

#[tauri::command]
pub fn leader_ranking(state: State<AppState>, period: PeriodArg) -> Reply<Vec<Rank>> {
    state.read(|s| people::leaders(s.conn(), period.period()?, TOP))
}

#[tauri::command]
pub fn distributor_ranking(state: State<AppState>, period: PeriodArg) -> Reply<Vec<Rank>> {
    state.read(|s| people::distributors(s.conn(), period.period()?, TOP))
}

#[tauri::command]
pub fn groupbuy_funnel(state: State<AppState>, period: PeriodArg) -> Reply<Funnel> {
    state.read(|s| campaign::funnel(s.conn(), s.clock(), period.period()?))
}

#[tauri::command]
pub fn service_figures(state: State<AppState>, period: PeriodArg) -> Reply<Service> {
    state.with(|s| {
        let (start, end) = period.period()?.instants(s.clock());
        after_sales::service_between(s.conn(), start, end)
    })
}

#[tauri::command]
pub fn campaign_report(state: State<AppState>, id: String) -> Reply<CampaignReport> {
    state.read(|s| campaign::report(s.conn(), s.clock(), &id))
}

/// A chart's picture (the PNG bytes as the body); returns where it went.
#[tauri::command]
pub fn export_chart_png(app: AppHandle, request: Request<'_>) -> Reply<String> {
    let (bytes, name) = sent_file(&request)?;
    let path = export_path(&app, &name, "png");
    export::picture(&path, bytes).map_err(|e| e.to_ipc())?;
    Ok(path.display().to_string())
}

/// A chart's data as CSV or XLSX; returns where it went.
#[tauri::command]
pub fn export_chart_data(
    app: AppHandle,
    name: String,
    xlsx: bool,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
) -> Reply<String> {
    let path = export_path(&app, &name, if xlsx { "xlsx" } else { "csv" });
    export::data(&path, &name, &header, &rows).map_err(|e| e.to_ipc())?;
    Ok(path.display().to_string())
}

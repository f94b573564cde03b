//! Commands for reviews and 晒单 (order panel, product panel) and the
//! 该回购了 list of the Customers screen.

use storefront_core::customers::due::{self, DueList};
use storefront_core::error::IpcError;
use storefront_core::reviews::batch::{self, PastedReview, Recorded};
use storefront_core::reviews::{self, Added, NewReview, Photo, Rating, Review, ReviewFilter, Wall};
use storefront_core::shop_time;
use tauri::ipc::{Request, Response};
use tauri::State;

use crate::files::sent_file;
use crate::AppState;

type Reply<T> = Result<T, IpcError>;

/// Records a review; its photos follow, one `review_photo` each.
#[tauri::command]
pub fn review_add(state: State<AppState>, review: NewReview) -> Reply<Added> {
    state.with(|s| {
        let file = s.path().to_path_buf();
        s.write(|w| reviews::add(w, &file, &review, &[]))
    })
}

/// A photo for a review (raw bytes; the review in `x-review-id`).
#[tauri::command]
pub fn review_photo(state: State<AppState>, request: Request<'_>) -> Reply<String> {
    let (bytes, file_name) = sent_file(&request)?;
    let id = request
        .headers()
        .get("x-review-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    state.with(|s| {
        let file = s.path().to_path_buf();
        let photo = Photo {
            bytes,
            file_name: &file_name,
        };
        s.write(|w| reviews::add_photo(w, &file, &id, &photo))
    })
}

/// A review photo's bytes (empty when it is not on this machine).
#[tauri::command]
pub fn review_photo_bytes(state: State<AppState>, path: String) -> Reply<Response> {
    let bytes = state.with(|s| Ok(reviews::photo(s.path(), &path)))?;
    Ok(Response::new(bytes.unwrap_or_default()))
}

#[tauri::command]
pub fn reviews_list(
    state: State<AppState>,
    filter: ReviewFilter,
    limit: u32,
) -> Reply<Vec<Review>> {
    state.read(|s| reviews::list(s.conn(), s.clock(), &filter, limit))
}

#[tauri::command]
pub fn product_rating(state: State<AppState>, product_id: String) -> Reply<Rating> {
    state.read(|s| reviews::rating(s.conn(), s.clock(), &product_id))
}

#[tauri::command]
pub fn product_wall(state: State<AppState>, product_id: String) -> Reply<Wall> {
    state.read(|s| reviews::wall(s.conn(), s.clock(), &product_id))
}

/// A group's feedback pasted: one review per line, matched and flagged.
#[tauri::command]
pub fn reviews_paste(state: State<AppState>, text: String) -> Reply<Vec<PastedReview>> {
    state.read(|s| batch::parse(s.conn(), s.clock(), &text, s.clock().today()))
}

/// One pasted line again, after the merchant picked its customer or stars.
#[tauri::command]
pub fn review_settle(state: State<AppState>, line: PastedReview) -> Reply<PastedReview> {
    state.with(|s| {
        let mut line = line;
        batch::settle(s.conn(), s.clock(), &mut line, s.clock().today())?;
        Ok(line)
    })
}

/// Records the pasted reviews (all sure, or the sure ones with `skip_unsure`).
#[tauri::command]
pub fn reviews_record(
    state: State<AppState>,
    lines: Vec<PastedReview>,
    source: String,
    skip_unsure: bool,
) -> Reply<Recorded> {
    state.with(|s| {
        let file = s.path().to_path_buf();
        s.write(|w| batch::commit(w, &file, &lines, &source, skip_unsure))
    })
}

/// 该回购了 within `days` days (at most `due::MAX_DAYS`).
#[tauri::command]
pub fn due_list(state: State<AppState>, days: i64) -> Reply<DueList> {
    // Its own connection: the day's first list reads every order once.
    state.with_own_connection(|s| {
        let (today, now) = (s.clock().today(), shop_time::now());
        due::list(s, today, now, days, 500)
    })
}

/// The reminder was sent: off the list for a week.
#[tauri::command]
pub fn reminder_sent(
    state: State<AppState>,
    customer_id: String,
    product_id: Option<String>,
) -> Reply<()> {
    state.with(|s| {
        let now = shop_time::now();
        s.write(|w| due::sent(w, &customer_id, product_id.as_deref(), now))
    })
}

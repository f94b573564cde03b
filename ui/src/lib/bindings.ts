// Generated from the Rust types by storefront-core's bindings test.
// Do not edit: run `UPDATE_BINDINGS=1 cargo test -p storefront-core --test bindings`.
// Money is a yuan string ("36.50"), never a JavaScript number.

export type IpcError = { kind: ErrorCode, message: string, field: string | null, line: number | null, args: { [key in string]: string }, 
/**
 * A bad file's problems after the first, each with its line and column.
 */
others: Array<BadLine>, };

export type ShopStatus = { path: string, empty: boolean, error: IpcError | null, };

export type Page<T> = { total: number, rows: Array<T>, 
/**
 * `total` was counted no further: there are more (a search of a
 * million orders for `王` says "1000+" and asks for more letters).
 */
more: boolean, };

export type ProductRow = { product_id: string, archived: boolean, variant_id: string, name: string, options: string, sku: string, barcode: string | null, category: string, 
/**
 * `traffic` (引流款), `profit` (利润款) or `normal`.
 */
role: ProductRole, 
/**
 * By the piece, or by weight (price per 斤, 公斤 or 克; stock in grams).
 */
sold_by: SoldBy, price: string, cost: string, on_hand: number, committed: number, available: number, low_stock: number, };

export type SoldBy = "piece" | "jin" | "kg" | "g";

export type ProductFilter = { query: string, 
/**
 * Empty for every category.
 */
category: string, shelf: Shelf, };

export type Shelf = "on" | "off" | "all";

export type Category = { name: string, products: number, };

export type OrderFilter = { 
/**
 * Order number, customer name, WeChat nickname or phone (part of any).
 */
query: string | null, status: OrderStatus | null, channel: Channel | null, 
/**
 * Business days, `YYYY-MM-DD`, inclusive.
 */
from: string | null, to: string | null, pickup_point_id: string | null, 
/**
 * Only orders collected, brought or sent by courier.
 */
delivery: Delivery | null, 
/**
 * One customer's orders (their history).
 */
customer_id: string | null, 
/**
 * Only orders still owed money: awaiting payment, or handed over
 * before being paid in full.
 */
unpaid: boolean, 
/**
 * What a chart's bar stands for (drill-down): orders with this SKU,
 * of this campaign, leader or referrer.
 */
sku: string | null, campaign_id: string | null, leader_id: string | null, referrer_id: string | null, 
/**
 * Only orders that count in sales figures (neither draft nor cancelled).
 */
counted: boolean, };

export type OrderRow = { order_no: string, 
/**
 * Shop-local `YYYY-MM-DD HH:MM:SS`.
 */
placed_at: string, business_day: string, channel: Channel, status: OrderStatus, customer: string, wechat_nick: string, pickup_point: string | null, total: string, paid: string, refunded: string, items: number, };

export type NewOrder = { 
/**
 * The customer picked from the list; else `customer` is a name or
 * WeChat nickname, found or created.
 */
customer_id: string | null, customer: string, phone: string, channel: Channel, lines: Array<NewLine>, 
/**
 * Off the whole order, in yuan.
 */
discount: string, remark: string, pickup_point_id: string | null, 
/**
 * How it reaches the buyer: `pickup` (自提, the default), `delivery`
 * (送货) or `courier` (快递).
 */
delivery: Delivery, 
/**
 * The day the goods arrive (预售, `YYYY-MM-DD`); none for today's.
 */
arrives_on: string | null, referrer_id: string | null, 
/**
 * Coupon codes; several only when every one is stackable.
 */
coupons: Array<string>, 
/**
 * Member points to redeem (one point is one fen off).
 */
redeem_points: number, 
/**
 * The campaign the order belongs to (a live session's code, say);
 * else the coupon's campaign, if it has one.
 */
campaign_id: string | null, 
/**
 * Kept as a draft: no number in the day's sequence is skipped, no
 * stock is held.
 */
draft: boolean, 
/**
 * Sell beyond what is available (the merchant confirmed it).
 */
allow_oversell: boolean, };

export type NewLine = { sku: string, 
/**
 * Pieces; for goods sold by weight, whole units (斤, 公斤, 克).
 */
qty: number, 
/**
 * For goods sold by weight, the weight as written, in the variant's
 * unit unless it names another (`2.35`, `2.35斤`, `500克`); it takes
 * the place of `qty`.
 */
weight: string | null, unit_price: string | null, 
/**
 * Why the price differs from the list price (required when it does).
 */
override_reason: string | null, 
/**
 * Sold as part of this bundle (its code): the bundle's lines come in
 * whole bundles, at the bundle's price.
 */
bundle: string | null, };

export type Quote = { 
/**
 * Each line's unit price (a flash sale's while it runs).
 */
unit_prices: Array<string>, 
/**
 * Goods at those prices.
 */
goods: string, bundle_discount: string, coupon_discount: string, member_discount: string, points_discount: string, 
/**
 * The member's level and points, when the customer is a member.
 */
member_level: string | null, member_points: number, 
/**
 * Goods less all of the above; the order's own discount comes off this.
 */
subtotal: string, };

export type Shortfall = { sku: string, 
/**
 * Pieces, or grams for goods sold by weight.
 */
available: number, wanted: number, sold_by: SoldBy, };

export type OrderDetail = { order_no: string, placed_at: string, channel: Channel, status: OrderStatus, customer: string, phone: string, pickup_point: string | null, delivery: Delivery, 
/**
 * The customer's address, where a courier or delivery order goes.
 */
address: string, 
/**
 * Its parcel, once sent by courier.
 */
parcel: Parcel | null, 
/**
 * The day its goods arrive (预售), when not the day it was placed.
 */
arrives_on: string | null, 
/**
 * The six digits the buyer shows at the pickup point.
 */
pickup_code: string | null, leader: string | null, referrer: string | null, remark: string, subtotal: string, discount: string, total: string, paid: string, refunded: string, 
/**
 * Still to pay, as the unpaid list counts it (none for a marketplace
 * order, paid through the platform, or one paid by hand).
 */
owed: string, lines: Array<LineRow>, 
/**
 * The statuses a person can move it to now.
 */
next: Array<string>, };

export type OrderEdit = { 
/**
 * The whole order as it is to be. A line without a price keeps the
 * price its SKU was sold at on this order (a new SKU: the list price
 * when the order was placed); another price takes the line's reason,
 * else the edit's.
 */
lines: Array<NewLine>, 
/**
 * Why (told to the customer, kept with the edit).
 */
reason: string, 
/**
 * Hold more than is available (the merchant confirmed it).
 */
allow_oversell: boolean, };

export type EditOutcome = { order_no: string, total_before: string, total_after: string, 
/**
 * Still to collect from the customer (the order awaits payment).
 */
to_collect: string, 
/**
 * To give back to the customer: recorded as a refund owed, unless
 * the order was paid by hand (then it is given back by hand too).
 */
to_refund: string, 
/**
 * Whether `to_refund` was recorded as a refund owed.
 */
refund_recorded: boolean, status: OrderStatus, };

export type EditRow = { 
/**
 * Shop-local `YYYY-MM-DD HH:MM:SS`.
 */
at: string, reason: string, total_before: string, total_after: string, lines_before: string, };

export type DuplicateGroup = { 
/**
 * `phone` (the same number), `nickname` (the same WeChat nickname and
 * pickup point) or `name` (the same name, said the same in pinyin, at
 * the same pickup point).
 */
reason: string, key: string, 
/**
 * The one with the most orders first: the one to keep, as a rule.
 */
customers: Array<CustomerRow>, };

export type Merged = { merge_id: string, kept_id: string, merged_name: string, orders: number, };

export type Due = { customer_id: string, customer: string, phone: string, pickup: string, product_id: string, product: string, 
/**
 * Days between their purchases: their own, or the product's typical
 * one when `own` is false (fewer than three purchases).
 */
usual_interval_days: number, own: boolean, purchases: number, usual_qty: number, last_bought: string, due: string, 
/**
 * A ready personal WeChat message: their usual item, today's price or
 * a running group buy, their pickup point.
 */
message: string, };

export type DueList = { rows: Array<Due>, effect: Effect, };

export type Effect = { reminded: number, reminded_bought: number, not_reminded: number, not_reminded_bought: number, };

export type NewReview = { order_no: string, 
/**
 * The product it is about, when the order has several; else none.
 */
sku: string | null, stars: number, text: string, 
/**
 * One of `SOURCES`.
 */
source: ReviewSource, };

export type Added = { id: string, 
/**
 * The after-sales ticket a bad review opened.
 */
ticket_id: string | null, };

export type Review = { id: string, order_no: string, customer: string, 
/**
 * The product it is about; empty when it is about the whole order.
 */
product: string, stars: number, text: string, source: ReviewSource, bad: boolean, ticket_id: string | null, 
/**
 * `images/reviews/…` paths, read with `photo`.
 */
photos: Array<string>, at: string, };

export type ReviewFilter = { 
/**
 * A product's reviews: those about it and those about whole orders
 * that had it.
 */
product_id: string | null, order_no: string | null, };

export type Rating = { product_id: string, title: string, count: number, 
/**
 * The mean stars to one decimal ("4.6"); empty with no reviews.
 */
average: string, bad: number, 
/**
 * The latest photos, newest first.
 */
photos: Array<string>, 
/**
 * Bad reviews first, then the newest.
 */
reviews: Array<Review>, };

export type Wall = { text: string, photos: Array<string>, };

export type LastSession = { abnormal: boolean, 
/**
 * Problems `check` found (0: all well); none when not abnormal.
 */
problems: number | null, };

export type About = { version: string, build_date: string, shop_path: string, shop_bytes: number, data_folder: string, log_folder: string, };

export type UpdateStatus = { 
/**
 * Whether the app looks for an update when it starts (a preference).
 */
check_at_start: boolean, phase: UpdatePhase, 
/**
 * What this start did with a package that was waiting, if any.
 */
at_start: AtStart | null, 
/**
 * The folder a waiting package is kept in.
 */
folder: string, };

export type JobStatus = { name: string, 
/**
 * How often it runs, in milliseconds; none when it runs once.
 */
every_ms: number | null, runs: number, 
/**
 * When it last ran, in the shop's time.
 */
last_at: string | null, 
/**
 * What it last did, or why it failed ("" when there was nothing to do).
 */
last: string | null, failed: boolean, };

export type UpdatePhase = { "phase": "not_checked" } | { "phase": "checking" } | { "phase": "up_to_date" } | { "phase": "downloading", version: string, got: number, total: number | null, } | { "phase": "ready", version: string, notes: string, } | { "phase": "failed", reason: UpdateFailure, detail: string, };

export type UpdateFailure = "offline" | "bad_signature" | "no_package_for_this_system" | "install_failed" | "other";

export type AtStart = { "outcome": "installed", from: string, to: string, } | { "outcome": "discarded", version: string, reason: UpdateFailure, detail: string, };

export type PastedReview = { 
/**
 * Line of the pasted text (1-based).
 */
line: number, 
/**
 * The line as written.
 */
text: string, 
/**
 * Who wrote it, as written.
 */
customer: string, customer_id: string | null, 
/**
 * When several customers fit: who it could be.
 */
candidates: Array<Candidate>, 
/**
 * The day written, if any (`YYYY-MM-DD`).
 */
day: string | null, order_no: string | null, 
/**
 * 1–5; 0 when the line gives none (`no_stars`).
 */
stars: number, body: string, 
/**
 * Why it is not sure: `ambiguous_customer`, `unknown_customer`,
 * `no_order`, `no_stars`, `already_recorded`. Empty when sure.
 */
flags: Array<string>, };

export type Recorded = { reviews: Array<string>, 
/**
 * Tickets the bad ones opened.
 */
tickets: Array<string>, 
/**
 * Lines skipped, still unsure.
 */
skipped: Array<number>, };

export type LineRow = { sku: string, name: string, 
/**
 * Pieces, or grams for goods sold by weight.
 */
qty: number, sold_by: SoldBy, 
/**
 * The quantity as the merchant reads it: `3`, `2.35斤`.
 */
qty_text: string, 
/**
 * Per piece, or per 斤 / 公斤 / 克.
 */
unit_price: string, discount: string, total: string, override_reason: string | null, };

export type EntryChoices = { pickup_points: Array<Choice>, referrers: Array<Choice>, 
/**
 * Campaigns running now or within a day (a live session's order is
 * counted under it).
 */
campaigns: Array<Choice>, };

export type Choice = { id: string, label: string, };

export type PickItem = { sku: string, name: string, 
/**
 * Pieces, or grams for goods sold by weight.
 */
qty: number, sold_by: SoldBy, 
/**
 * The quantity as it is picked: `3`, `2.35斤`.
 */
qty_text: string, };

export type PickDay = "placed" | "arrival";

export type Expiring = { batch_id: string, sku: string, name: string, 
/**
 * The batch's label as received; empty when none was given.
 */
batch: string, expires_on: string, 
/**
 * Days until it expires: 0 today, below 0 expired.
 */
days_left: number, qty: number, sold_by: SoldBy, 
/**
 * The quantity as the merchant reads it: `12`, `3.5斤`.
 */
qty_text: string, 
/**
 * What it cost: the quantity at the variant's cost.
 */
value: string, price: string, };

export type Waste = { 
/**
 * `YYYY-MM`.
 */
month: string, sku: string, name: string, qty: number, sold_by: SoldBy, 
/**
 * The quantity as the merchant reads it: `12`, `3.5斤`.
 */
qty_text: string, 
/**
 * At the variant's cost today (the ledger keeps quantities only).
 */
value: string, 
/**
 * Of which written off as expired (过期); the rest damaged (损耗).
 */
expired: number, };

export type Parcel = { carrier: string, tracking_no: string, 
/**
 * Shop-local `YYYY-MM-DD HH:MM:SS`.
 */
shipped_at: string, };

export type Shipped = { order_no: string, carrier: string, tracking_no: string, 
/**
 * Its status before: a paid order becomes fulfilled; one already
 * handed over only gets its tracking number.
 */
from: OrderStatus, 
/**
 * The tracking number it had, when this one corrects it.
 */
replaced: string | null, };

export type ToShip = { order_no: string, 
/**
 * Shop-local `YYYY-MM-DD HH:MM:SS`.
 */
placed_at: string, customer: string, phone: string, 
/**
 * Where it goes: the customer's address; empty when none is known.
 */
address: string, 
/**
 * `苹果 红富士 ×2；香蕉 ×1`.
 */
items: string, 
/**
 * Pieces in the parcel.
 */
pieces: number, total: string, remark: string, };

export type ToShipExport = { file: string, orders: number, 
/**
 * Orders written without an address: the platform will ask for one.
 */
without_address: Array<string>, };

export type WaybillImport = { 
/**
 * Data rows read.
 */
rows: number, 
/**
 * Orders it sends (or gives their tracking number).
 */
orders: number, 
/**
 * Orders already sent with the same number: left as they are, so a
 * file imported twice does nothing the second time.
 */
already: number, problems: Problems, };

export type PickOrder = { order_no: string, customer: string, 
/**
 * Last four digits, as a leader reads them out at handover.
 */
phone_tail: string, pickup_code: string | null, items: Array<PickItem>, total: string, 
/**
 * Still to collect at pickup (total − paid − refunded), if any.
 */
due: string, };

export type PickGroup = { 
/**
 * The pickup point, or the leader; empty for orders with neither.
 */
name: string, leader: string, address: string, items: Array<PickItem>, orders: Array<PickOrder>, };

export type PickList = { day: string, by_leader: boolean, by: PickDay, groups: Array<PickGroup>, 
/**
 * Everything to take off the shelf for the day.
 */
totals: Array<PickItem>, };

export type Ticket = { id: string, order_no: string, customer: string, kind: TicketKind, status: string, description: string, resolution: string | null, opened_at: string, 
/**
 * Minutes waited for the first reply (so far, while unanswered).
 */
waited_minutes: number, replied: boolean, order_total: string, order_paid: string, order_refunded: string, };

export type Resolution = { 
/**
 * Money back, as a refund line of its own.
 */
refund: string | null, 
/**
 * Goods that came back to the shelf.
 */
returned: Array<NewLine>, 
/**
 * Goods sent again, as a replacement order at no charge.
 */
resend: Array<NewLine>, note: string, };

export type Resolved = { refund_id: string | null, resend_order_no: string | null, };

export type Service = { tickets: number, replied: number, 
/**
 * Replied within the 5-minute target.
 */
on_time: number, 
/**
 * Replied ÷ tickets, whole percent (target 80).
 */
reply_rate_pct: number, 
/**
 * On time ÷ tickets, whole percent.
 */
on_time_pct: number, 
/**
 * Median minutes to the first reply, of those replied.
 */
median_first_reply_minutes: number | null, open: number, target_minutes: number, target_rate_pct: number, };

export type ProductDetail = { product: ProductInput, archived: boolean, prices: Array<PricePoint>, };

export type PricePoint = { sku: string, price: string, cost: string | null, at: string, reason: string, };

export type StatusChange = { order_no: string, from: string, to: string, };

export type ProductInput = { id: string | null, name: string, category: string, tags: string, 
/**
 * `normal`, `traffic` (引流款) or `profit` (利润款).
 */
role: ProductRole, description: string, 
/**
 * A local image file the product shows (kept as its path).
 */
image_path: string | null, 
/**
 * The 规格 axes, e.g. `["重量"]` or `["颜色", "尺码"]`.
 */
options: Array<ProductOption>, variants: Array<VariantInput>, };

export type ProductOption = { name: string, values: Array<string>, };

export type VariantInput = { id: string | null, sku: string, barcode: string | null, 
/**
 * The option values joined by ` / `, in the order of the axes.
 */
options: string, 
/**
 * By the piece (the default) or by weight: `price` is then per 斤,
 * 公斤 or 克, and stock and `low_stock` are in grams.
 */
sold_by: SoldBy, price: string, cost: string, low_stock: number, archived: boolean, };

export type Found = { variant_id: string, sku: string, barcode: string | null, name: string, options: string, price: string, 
/**
 * By the piece, or by weight (stock in grams, the price per unit).
 */
sold_by: SoldBy, on_hand: number, committed: number, };

export type Change = { sku: string, 
/**
 * Positive adds to the shelf, negative takes away.
 */
qty: number, 
/**
 * `receipt`, `adjustment` or `damage`.
 */
reason: string, note: string, location_id: string | null, 
/**
 * Goods received with a best-before date (`YYYY-MM-DD`) are a batch.
 */
expires_on: string | null, 
/**
 * The received batch's label (批次号), if it has one.
 */
batch: string | null, 
/**
 * Damage written off from this batch (the 临期 list's), rather than
 * from the earliest to expire.
 */
batch_id: string | null, };

export type Counted = { sku: string, counted: number, };

export type Variance = { sku: string, name: string, on_hand: number, counted: number, variance: number, };

export type Stocktake = { id: string, lines: Array<Variance>, 
/**
 * Sum of the adjustments (negative: goods missing).
 */
net: number, };

export type Problems = { errors: Array<BadLine>, 
/**
 * How many more there were beyond `errors`.
 */
more: number, };

export type ProductImport = { rows: number, products_created: number, variants_created: number, variants_updated: number, 
/**
 * Rows for variants that already read exactly so: nothing to do.
 */
variants_unchanged: number, stock_moved: number, problems: Problems, };

export type OrderImport = { format: string, rows: number, orders: number, lines: number, 
/**
 * Variants the imported open orders want beyond what is available:
 * reported, since the sales already happened elsewhere.
 */
oversold: Array<Shortfall>, problems: Problems, };

export type Entry = { 
/**
 * Line of the pasted text (1-based).
 */
line: number, 
/**
 * The number the buyer wrote (`3.`), as written.
 */
no: string, 
/**
 * What the line says after its number.
 */
text: string, 
/**
 * The name as written (invisible control marks removed), or the
 * matched customer's when only a phone number was written.
 */
customer: string, 
/**
 * The customer the order goes to, when sure.
 */
customer_id: string | null, customer_match: CustomerMatch, 
/**
 * The matched customer's phone, or the one written for a new one.
 */
customer_phone: string | null, 
/**
 * When ambiguous: who it could be.
 */
candidates: Array<Candidate>, items: Array<Item>, 
/**
 * Text that did not resolve to a product and quantity.
 */
unresolved: Array<string>, 
/**
 * The line changes, cancels or repeats an earlier one.
 */
change: LineChange | null, 
/**
 * The line it refers to, where that can be told.
 */
refers_to: number | null, 
/**
 * How the buyer wants it (`自提`, `放门口`): the order's remark.
 */
remark: string, 
/**
 * Why the entry is not sure; empty when it is.
 */
flags: Array<Flag>, flagged: boolean, };

export type Item = { 
/**
 * Empty while the product is ambiguous.
 */
sku: string, 
/**
 * How many; grams for goods sold by weight (`sold_by`).
 */
qty: number, sold_by: SoldBy, 
/**
 * The quantity as the merchant reads it: `2`, `1.5斤`.
 */
qty_text: string, name: string, 
/**
 * What the buyer wrote for it.
 */
text: string, ambiguous: boolean, 
/**
 * The products it could be, when ambiguous.
 */
candidates: Array<ProductCandidate>, };

export type Parsed = { entries: Array<Entry>, 
/**
 * The day the header says the goods arrive (`明天下午到货`), which
 * the orders made from the list carry; none when it does not say.
 */
arrives_on: string | null, };

export type Committed = { orders: Array<string>, 
/**
 * The lines left for a person, with their reasons.
 */
skipped: Array<Skipped>, };

export type Skipped = { line: number, flags: Array<Flag>, };

export type Flag = { "code": "unknown_product", text: string, } | { "code": "ambiguous_product", text: string, } | { "code": "part_of_name", text: string, } | { "code": "pack_mismatch", text: string, packs: Array<string>, } | { "code": "not_a_count", text: string, } | { "code": "too_many", text: string, } | { "code": "two_counts", text: string, } | { "code": "not_understood", text: string, } | { "code": "ambiguous_customer" } | { "code": "no_customer" } | { "code": "no_items" } | { "code": "refers" } | { "code": "unnumbered", line: number, text: string, };

export type LineChange = "change" | "cancel" | "same" | "plus_one";

export type ProductCandidate = { sku: string, name: string, };

export type Candidate = { id: string, name: string, wechat_nick: string, phone: string, 
/**
 * Their latest order's number and day, if any.
 */
last_order: string | null, last_order_day: string | null, };

export type CustomerMatch = "existing" | "new" | "ambiguous";

export type AliasRow = { alias: string, sku: string | null, product: string, };

export type CustomerRow = { id: string, name: string, wechat_nick: string, phone: string, pickup_point: string | null, tags: string, orders: number, 
/**
 * Totals of their orders that were not cancelled, net of refunds.
 */
spent: string, last_order: string | null, };

export type CustomerInput = { id: string | null, name: string, wechat_nick: string, phone: string, default_pickup_id: string | null, address: string, tags: string, notes: string, };

export type CustomerDetail = { customer: CustomerInput, orders: number, 
/**
 * Totals of their orders that were not cancelled, net of refunds.
 */
spent: string, average: string, first_order: string | null, last_order: string | null, 
/**
 * Their membership: the level's name and the points they have.
 */
member_level: string | null, points: number, 
/**
 * Still to pay on their orders (as the unpaid list counts it), and on
 * how many orders.
 */
owed: string, unpaid_orders: number, 
/**
 * Refunds recorded for them and not yet paid back.
 */
refunds_owed: string, };

export type CampaignRow = { id: string, name: string, kind: CampaignKind, starts: string, ends: string, 
/**
 * Ads, KOL fees and other costs recorded.
 */
spend: string, 
/**
 * What the campaign's coupons took off the orders that used them.
 */
coupon_cost: string, orders: number, 
/**
 * Totals of its orders, cancelled ones left out.
 */
gmv: string, paid: string, refunds: string, aov: string, views: number, clicks: number, 
/**
 * 投产比: attributed GMV ÷ spend, two decimals; none without spend. What
 * the coupons took is a cost of its own (`coupon_cost`, and the P&L).
 */
roi: string | null, 
/**
 * Clicks ÷ views and orders ÷ clicks, as percentages; none without traffic.
 */
ctr: string | null, conversion: string | null, };

export type NewCampaign = { name: string, kind: CampaignKind, 
/**
 * Business days, `YYYY-MM-DD`, inclusive.
 */
starts: string, ends: string, notes: string, 
/**
 * The code a live session gives out, typed in order entry.
 */
code: string | null, 
/**
 * The distributor whose link the campaign runs on, by name: their
 * orders in its dates belong to it.
 */
referrer: string | null, 
/**
 * The day its goods arrive (预售, `YYYY-MM-DD`, today or later): the
 * orders taken in it carry it.
 */
arrives_on: string | null, };

export type TrafficImport = { days: number, views: number, clicks: number, };

export type GroupBuyRow = { id: string, name: string, sku: string, product: string, price: string, group_size: number, joined: number, deadline: string, status: string, 
/**
 * Units one customer may take; 0 for no limit.
 */
per_customer_limit: number, 
/**
 * Refunds still owed to members of a failed group, and their sum.
 */
refunds_owed: number, refunds_owed_amount: string, };

export type LeaderRow = { id: string, name: string, phone: string, rate: string, pickup_points: string, orders: number, sales: string, };

export type Standing = { name: string, level: number, recruiter: string | null, 
/**
 * Their own rates, none where the shop's default applies.
 */
rate1: string | null, rate2: string | null, 
/**
 * 信任值, 0–100: from how the orders they brought turned out.
 */
trust: number, orders: number, kept: number, troubled: number, 
/**
 * The score's review parts (see `Trust`).
 */
so_so: number, badly_reviewed: number, well_reviewed: number, recruits: number, commission: string, paid_out: string, 
/**
 * Commission earned and not yet paid out.
 */
owed: string, };

export type CommissionRow = { distributor: string, level: number, order_no: string, 
/**
 * Accruals less clawbacks.
 */
amount: string, 
/**
 * What was accrued and what was clawed back, as the lines say.
 */
accrued: string, clawed_back: string, };

export type Rates = { rate1: string, rate2: string, products: Array<ProductRates>, };

export type ProductRates = { product: string, 
/**
 * The product's SKUs, `、`-joined.
 */
skus: string, rate1: string | null, rate2: string | null, };

export type NewGroupBuy = { name: string, sku: string, price: string, size: number, 
/**
 * Shop-local time, `2026-12-03 20:00`.
 */
deadline: string, 
/**
 * Units one customer may take; 0 for no limit.
 */
per_customer_limit: number, 
/**
 * The day the goods arrive (`YYYY-MM-DD`), which its orders carry.
 */
arrives_on: string | null, };

export type Joined = { order_no: string, joined: number, size: number, 
/**
 * `open`, or `filled` when this member took the last spot.
 */
status: string, };

export type Closed = { id: string, name: string, 
/**
 * `filled` or `failed`.
 */
status: string, 
/**
 * Member orders.
 */
orders: number, 
/**
 * Refunds owed to paying members of a failed group.
 */
refunds: number, };

export type SuccessMonth = { month: string, closed: number, filled: number, 
/**
 * Filled share of closed deals, in whole percent.
 */
rate: number, };

export type PickupOrder = { order_no: string, code: string, customer: string, phone_tail: string, pickup_point: string, leader: string, status: string, items: string, total: string, 
/**
 * Still to collect from the buyer.
 */
due: string, 
/**
 * Why it cannot be handed out yet (a group still open), if so.
 */
held: string | null, };

export type Settlement = { leader: string, from: string, to: string, rate: string, orders: number, sales: string, refunds: string, commission: string, lines: Array<SettlementLine>, };

export type SettlementLine = { order_no: string, day: string, customer: string, pickup_point: string, paid: string, refunded: string, commission: string, };

export type NewCoupon = { code: string, 
/**
 * `fixed`, `percent`, `threshold` or `n_for`.
 */
kind: string, 
/**
 * Off (fixed, threshold) or the price of N items (n_for).
 */
value: string, 
/**
 * Percentage off, `10%` (percent).
 */
percent: string, 
/**
 * Spend at least this (threshold).
 */
threshold: string, 
/**
 * N of N件N元.
 */
n_items: number, 
/**
 * Business days, `YYYY-MM-DD`, inclusive.
 */
valid_from: string, valid_to: string, 
/**
 * How many orders may use it; 0 for no limit.
 */
usage_limit: number, stackable: boolean, campaign_id: string | null, };

export type BundleRow = { code: string, name: string, price: string, 
/**
 * What the items cost apart.
 */
list: string, items: Array<BundleItem>, };

export type FlashRow = { sku: string, product: string, price: string, list_price: string, 
/**
 * Shop-local times.
 */
starts: string, ends: string, 
/**
 * `upcoming`, `running` or `over`.
 */
state: string, };

export type BundleItem = { sku: string, name: string, qty: number, unit_price: string, };

export type MemberRow = { customer: string, phone: string, level: string, level_name: string, points: number, 
/**
 * What the points are worth when redeemed.
 */
points_value: string, joined: string, };

export type LevelRow = { level: string, name: string, 
/**
 * Off the goods after coupons, `5%`.
 */
discount: string, points_per_yuan: number, };

export type CouponRow = { code: string, kind: string, value: string, percent: string, threshold: string, valid_to: string, used: number, usage_limit: number, n_items: number, 
/**
 * Whether it combines with other stackable coupons.
 */
stackable: boolean, 
/**
 * `not_started`, `active`, `expired` or `used_up`, at the time listed.
 */
status: string, };

export type CampaignsOverview = { campaigns: Array<CampaignRow>, group_buys: Array<GroupBuyRow>, leaders: Array<LeaderRow>, distributors: Array<Standing>, coupons: Array<CouponRow>, };

export type BatchRow = { batch_no: string, format: string, file_name: string, rows: number, imported_at: string, };

export type ReconcileSummary = { batches: Array<BatchRow>, payments: number, matched: number, suggested: number, unmatched: number, unpaid_orders: number, money_in: string, money_out: string, fees: string, };

export type PaymentRow = { txn_id: string, source: string, occurred_at: string, direction: string, kind: string, amount: string, fee: string, counterparty: string, remark: string, 
/**
 * The order it is matched to, with the match's status, if any.
 */
order_no: string | null, match_status: string | null, };

export type Suggestion = { rule: string, amount: string, txn_id: string, source: string, paid_at: string, payer: string, note: string, payment_amount: string, order_no: string, customer: string, placed_at: string, order_total: string, items: string, 
/**
 * Other orders suggested for the same payment: why a person decides.
 */
rivals: number, };

export type Reminder = { customer: string, phone: string, due: string, orders: Array<UnpaidOrder>, };

export type UnpaidOrder = { order_no: string, placed_at: string, due: string, items: string, };

export type OverpaidOrder = { order_no: string, customer: string, total: string, paid: string, over: string, 
/**
 * Refunds already recorded (owed or paid) against the excess.
 */
refunded: string, txn_ids: Array<string>, };

export type DayMoney = { day: string, payments: number, money_in: string, money_out: string, fees: string, unmatched: number, };

export type RunReport = { payments_considered: number, auto: number, suggested: number, refunds_linked: number, };

export type Imported = { import: ImportReport, run: RunReport, };

export type ReconcileState = { matches: Array<MatchEntry>, refunds: Array<RefundEntry>, unpaid_orders: Array<string>, partially_paid_orders: Array<PartlyPaid>, overpaid_orders: Array<Overpaid>, unmatched_payments: Array<string>, ignored: Array<Ignored>, fees: string, };

export type MatchEntry = { order_no: string, txn_ids: Array<string>, amount: string, 
/**
 * `auto` counts the order as paid (a certain rule, or a person
 * confirmed it); `suggested` waits for a person.
 */
status: string, rule: string, 
/**
 * True when a person confirmed it rather than a rule.
 */
confirmed: boolean, };

export type RefundEntry = { order_no: string, txn_id: string, amount: string, };

export type PartlyPaid = { order_no: string, paid: string, due: string, };

export type Overpaid = { order_no: string, over: string, };

export type Ignored = { txn_id: string, reason: string, };

export type ImportReport = { format: string, rows: number, imported: number, duplicates: number, 
/**
 * Empty when every line was already there.
 */
batch_no: string | null, 
/**
 * Of the lines already there, those the shop has with another amount
 * (the first few; `differ` counts them all). The shop keeps its own:
 * a wallet never changes a transaction's amount, so the file or the
 * earlier one was edited, and a person should look.
 */
differing: Array<Differing>, differ: number, };

export type Differing = { line: number, txn_id: string, in_shop: string, in_file: string, };

export type Mapping = { name: string, 
/**
 * `wechat`, `alipay`, `bank` or `other`.
 */
source: string, time: string, amount: string, txn_id: string, direction: string | null, counterparty: string | null, remark: string | null, order_no: string | null, };

export type Preview = { 
/**
 * The layout's name when the file is one we already read.
 */
known: string | null, header_line: number, columns: Array<string>, sample: Array<Array<string>>, };

export type BadLine = { line: number | null, column: number | null, message: string, 
/**
 * The reason, where it is one the window words in the merchant's
 * language; `message` says it in English either way.
 */
why: Why | null, };

export type Why = { "code": "empty" } | { "code": "not_text" } | { "code": "quote_never_closed" } | { "code": "cut_short" } | { "code": "no_rows" } | { "code": "unknown_layout" } | { "code": "missing", cells: number, } | { "code": "not_an_amount", cell: string, } | { "code": "not_a_count", cell: string, } | { "code": "too_large", cell: string, max: string, } | { "code": "not_a_time", cell: string, } | { "code": "not_a_day", cell: string, } | { "code": "no_such_order", order: string, } | { "code": "order_exists", order: string, } | { "code": "unknown_product", product: string, } | { "code": "not_a_tracking_number", cell: string, } | { "code": "not_a_carrier", cell: string, } | { "code": "masked_phone", cell: string, } | { "code": "no_order_for_phone", cell: string, } | { "code": "many_orders_for_phone", cell: string, orders: string, } | { "code": "no_order_or_phone" } | { "code": "no_tracking_number" } | { "code": "no_tracking_column" } | { "code": "no_order_column" } | { "code": "no_carrier_column" } | { "code": "not_a_product_file" } | { "code": "row_needs_name" } | { "code": "not_a_role", cell: string, } | { "code": "not_a_unit", cell: string, } | { "code": "excel_barcode", cell: string, } | { "code": "excel_id", cell: string, } | { "code": "needs_price", sku: string, } | { "code": "needs_title", product: string, } | { "code": "summary_count", stated: string, rows: number, } | { "code": "summary_amount", stated: string, rows: string, } | { "code": "summary_totals", count: number, sum: string, } | { "code": "minus_income", amount: string, } | { "code": "no_column", column: string, } | { "code": "too_many_cells", cells: number, header: number, } | { "code": "not_a_direction", cell: string, } | { "code": "no_saved_layout", name: string, } | { "code": "not_an_order_file", needs: string, } | { "code": "differs_from_line", line: number, order: string, } | { "code": "ambiguous_customer", name: string, candidates: string, } | { "code": "more_than_order", order: string, } | { "code": "parcel_not_shipped", order: string, } | { "code": "no_such_referrer", name: string, } | { "code": "no_such_leader", name: string, } | { "code": "no_such_pickup_point", name: string, } | { "code": "no_such_campaign", name: string, } | { "code": "not_a_delivery", cell: string, } | { "code": "tracking_needs_carrier" } | { "code": "carrier_needs_tracking" } | { "code": "not_a_quantity", cell: string, } | { "code": "qty_out_of_range", max: string, } | { "code": "no_order_number" } | { "code": "no_sku" } | { "code": "not_a_channel", cell: string, } | { "code": "not_a_status", cell: string, } | { "code": "not_a_traffic_file" } | { "code": "clicks_over_views", clicks: string, views: string, } | { "code": "damaged_spreadsheet" } | { "code": "sheet_too_large", sheet: string, } | { "code": "second_bill", first: number, };

export type SupplierRow = { id: string, name: string, contact: string, phone: string, email: string, lead_days: number, min_order: string, feed_kind: string | null, feed_url: string | null, 
/**
 * `every 6h`, `daily 06:00`, or none (synced by hand only).
 */
schedule: string | null, auth_kind: AuthKind, auth_name: string, mapping: FeedMapping | null, po_url: string | null, items: number, linked: number, last_sync: string | null, last_status: string | null, last_error: string | null, 
/**
 * When the scheduler runs it next (shop time), if it has a schedule.
 */
next_sync: string | null, };

export type SupplierItemRow = { id: string, supplier: string, supplier_sku: string, title: string, cost: string, pack_size: number, available: boolean, stock: number | null, barcode: string | null, 
/**
 * The shop's own SKU this item supplies, when linked.
 */
sku: string | null, 
/**
 * How the link was made: `sku`, `barcode` or `hand`.
 */
linked_by: string | null, };

export type SupplierInput = { name: string, contact: string, phone: string, email: string, lead_days: number, min_order: string, feed_kind: string | null, feed_url: string | null, 
/**
 * `6h`, `30m`, `1d`, `daily 06:00`, or empty for by hand only.
 */
schedule: string, 
/**
 * `none`, `token` (a header carrying the secret) or `basic`.
 */
auth_kind: AuthKind, 
/**
 * The token's header name (`Authorization`, `X-Api-Key`), or the user.
 */
auth_name: string, mapping: FeedMapping | null, po_url: string | null, };

export type FeedMapping = { items: string, sku: string, title: string, cost: string, 
/**
 * `yuan` (12.50) or `fen` (1250).
 */
cost_unit: string, available: string, stock: string, barcode: string, pack_size: string, };

export type FeedPreview = { fields: Array<string>, mapping: FeedMapping, items: Array<PreviewItem>, 
/**
 * Why the first items could not be read through the mapping.
 */
problem: string | null, };

export type PreviewItem = { supplier_sku: string, title: string, cost: string, available: boolean, stock: number | null, };

export type ChangeCounts = { new: number, cost_up: number, cost_down: number, out_of_stock: number, back_in_stock: number, gone: number, 
/**
 * Cost rises above the shop's threshold.
 */
flagged: number, 
/**
 * Selling prices suggested to keep the margin (never applied here).
 */
price_suggestions: number, };

export type SyncReport = { supplier: string, supplier_id: string, run_id: string | null, 
/**
 * `ok`, `not_modified`, `error` or `cancelled`.
 */
status: string, seen: number, created: number, updated: number, unchanged: number, error: string | null, changes: ChangeCounts, started_at: string, ended_at: string, };

export type RunRow = { id: string, supplier: string, started_at: string, ended_at: string | null, status: string, seen: number, created: number, updated: number, unchanged: number, changes: number, error: string | null, };

export type ChangeRow = { id: string, at: string, supplier: string, supplier_item_id: string, supplier_sku: string, title: string, 
/**
 * `new`, `cost_up`, `cost_down`, `out_of_stock`, `back_in_stock`, `gone`.
 */
kind: string, old_cost: string | null, new_cost: string | null, 
/**
 * The rise in basis points (1% = 100), for cost changes.
 */
change_bp: number | null, flagged: boolean, sku: string | null, reviewed: boolean, };

export type CostPoint = { at: string, cost: string, };

export type PriceSuggestion = { id: string, sku: string, title: string, supplier: string, old_cost: string, new_cost: string, price: string, suggested: string, at: string, };

export type PlanLine = { sku: string, title: string, supplier_item_id: string, supplier_sku: string, 
/**
 * On hand less what unfulfilled orders hold.
 */
available: number, on_order: number, 
/**
 * Units sold per day over the last 28 days, two decimals.
 */
per_day: string, 
/**
 * Units short of lasting lead time + cover days (+ the low-stock line).
 */
need: number, pack_size: number, 
/**
 * `need` rounded up to whole packs; for goods with a shelf life, no
 * more than sells before they expire (whole packs, possibly none).
 */
qty: number, 
/**
 * Days the latest batch kept, received to best-before; none when the
 * goods were never received with a date.
 */
shelf_life_days: number | null, 
/**
 * The shelf life cut `qty` below `need`.
 */
capped_by_shelf_life: boolean, 
/**
 * By the piece, or by weight: quantities in grams, the cost per unit.
 */
sold_by: SoldBy, 
/**
 * `qty` as ordered: `24`, `15斤`.
 */
qty_text: string, unit_cost: string, amount: string, };

export type SupplierPlan = { supplier_id: string, supplier: string, lead_days: number, cover_days: number, min_order: string, total: string, 
/**
 * The supplier will not take an order this small.
 */
below_minimum: boolean, lines: Array<PlanLine>, };

export type NewPoLine = { 
/**
 * The shop's SKU.
 */
sku: string, qty: number, 
/**
 * The agreed unit cost; the supplier's current cost when none.
 */
unit_cost: string | null, };

export type PoRow = { po_no: string, supplier: string, status: string, lines: number, ordered: number, received: number, total: string, invoice: string | null, created_at: string, sent_at: string | null, };

export type PoLineRow = { line_id: string, sku: string, barcode: string | null, title: string, supplier_sku: string | null, ordered: number, received: number, 
/**
 * Received less ordered: negative is short, positive is over.
 */
variance: number, 
/**
 * By the piece, or by weight: quantities in grams, the cost per 斤,
 * 公斤 or 克.
 */
sold_by: SoldBy, unit_cost: string, amount: string, received_value: string, };

export type InvoiceCheck = { invoice: string | null, ordered_value: string, received_value: string, 
/**
 * Invoice less the value received: what to query with the supplier.
 */
difference: string | null, matches: boolean, };

export type PoDetail = { po_no: string, supplier: string, supplier_id: string, po_url: string | null, status: string, note: string, created_at: string, sent_at: string | null, sent_via: string | null, total: string, lines: Array<PoLineRow>, invoice: InvoiceCheck, };

export type Arrived = { 
/**
 * The shop's SKU or barcode, or the supplier's SKU.
 */
code: string, qty: number, 
/**
 * Best before (`YYYY-MM-DD`): the goods are a batch, labelled with
 * the PO's number.
 */
expires_on: string | null, };

export type Tile = { 
/**
 * `today`, `yesterday`, `7d`, `30d`, or `range` (the picked period).
 */
key: string, from: string, to: string, now: Figures, prev: Figures, 
/**
 * Today's tile compares with yesterday up to this time of day
 * (`HH:MM`), not with all of yesterday; none for whole periods.
 */
prev_until: string | null, };

export type Figures = { orders: number, 
/**
 * Totals of orders placed in the period, cancelled excluded.
 */
gmv: string, 
/**
 * GMV ÷ orders, half-up to the fen.
 */
aov: string, 
/**
 * Money matched to those orders.
 */
paid: string, 
/**
 * GMV not yet paid.
 */
unpaid: string, unpaid_orders: number, 
/**
 * Refunds recorded in the period, whenever their orders were placed.
 */
refunds: string, };

export type Dashboard = { today: string, tiles: Array<Tile>, low_stock: Array<ProductRow>, open_after_sales: number, todo: ToDo, };

export type ToDo = { 
/**
 * Orders still awaiting payment (催款).
 */
awaiting_payment: number, 
/**
 * Paid orders not yet shipped or collected (待发货 / 待自提).
 */
to_fulfil: number, 
/**
 * After-sales tickets not resolved.
 */
after_sales: number, 
/**
 * Products on sale at or below their warning level.
 */
low_stock: number, };

export type Profile = { name: string, phone: string, 
/**
 * Printed above a receipt's lines (an address, a slogan).
 */
receipt_header: string, 
/**
 * Printed below them (thanks, how to reach the shop, returns).
 */
receipt_footer: string, 
/**
 * Whether a payment QR picture is kept.
 */
has_payment_qr: boolean, };

export type PeriodArg = { from: string, to: string, };

export type SalesPoint = { period: string, from: string, to: string, orders: number, 
/**
 * Totals of orders placed in the bucket, cancelled excluded.
 */
gmv: string, 
/**
 * Money matched to those orders.
 */
paid: string, 
/**
 * Refunds recorded in the bucket.
 */
refunds: string, aov: string, };

export type Marker = { id: string, name: string, kind: string, from: string, to: string, };

export type Trend = { by: string, points: Array<SalesPoint>, 
/**
 * How many buckets there were before downsampling, when it happened.
 */
downsampled_from: number | null, markers: Array<Marker>, };

export type ChannelShare = { channel: Channel, orders: number, gmv: string, };

export type ProductSales = { sku: string, name: string, options: string, 
/**
 * `traffic` (引流款), `profit` (利润款) or `normal`.
 */
role: string, qty: number, 
/**
 * Line totals after line discounts.
 */
revenue: string, 
/**
 * Quantity × the variant's cost today.
 */
cost: string, margin: string, 
/**
 * Margin ÷ revenue, one decimal; none without revenue.
 */
margin_pct: string | null, };

export type RoleMix = { role: string, variants: number, qty: number, revenue: string, margin: string, margin_pct: string | null, };

export type ProductMix = { 
/**
 * Best sellers by revenue.
 */
top: Array<ProductSales>, roles: Array<RoleMix>, };

export type StockTurn = { sku: string, name: string, options: string, sold: number, on_hand: number, 
/**
 * The average end-of-day stock over the period.
 */
avg_on_hand: number, 
/**
 * Days the average stock lasts at the period's pace (周转天数), one
 * decimal; none when nothing sold.
 */
days_of_stock: string | null, 
/**
 * Days that ended with nothing on the shelf.
 */
stockout_days: number, };

export type BuyerMonth = { month: string, buyers: number, 
/**
 * First order ever this month.
 */
new_buyers: number, returning: number, 
/**
 * Ordered twice or more this month.
 */
repeat_buyers: number, 
/**
 * 复购率: repeat buyers ÷ buyers, one decimal.
 */
repurchase_pct: string | null, };

export type Cohort = { cohort: string, size: number, 
/**
 * Buyers of this cohort in its month 0, 1, 2, … up to the last month.
 */
active: Array<number>, 
/**
 * `active ÷ size` per month, whole percent.
 */
retention_pct: Array<number>, };

export type Buyers = { 
/**
 * Every month of the period, and at least the twelve up to its end:
 * returning buyers and repurchase read over a year, not a week.
 */
months: Array<BuyerMonth>, 
/**
 * The twelve cohorts up to the period's last month.
 */
cohorts: Array<Cohort>, };

export type Rank = { id: string, name: string, orders: number, gmv: string, paid: string, refunds: string, 
/**
 * Distributors only: their level (1 or 2).
 */
level: number | null, 
/**
 * 信任值 (0–100) from how the orders they brought turned out.
 */
trust: number | null, };

export type Step = { 
/**
 * `gross`, `coupons`, `discounts`, `gmv`, `unpaid`, `paid`, `cost`,
 * `gross_profit`, `commissions`, `fees`, `refunds`, `spend`, `net`.
 */
key: string, total: boolean, amount: string, };

export type CampaignReport = { id: string, name: string, kind: string, from: string, to: string, orders: number, 
/**
 * Goods at their line prices, before any discount.
 */
gross: string, 
/**
 * What the orders' coupons took off.
 */
coupons: string, 
/**
 * Member discounts, points and bundle prices.
 */
discounts: string, 
/**
 * Order totals (cancelled excluded): the attributed GMV.
 */
gmv: string, 
/**
 * Money received against those orders (reconciled payments).
 */
paid: string, 
/**
 * What the goods of the paid and shipped orders cost, at each line's
 * cost when sold.
 */
cost: string, 
/**
 * 毛利: paid − cost of goods.
 */
gross_profit: string, 
/**
 * 毛利率: gross profit ÷ paid, as a percentage.
 */
gross_margin: string | null, 
/**
 * Lines of those orders with no cost price (counted at 0: the 毛利 is
 * too high by what they cost).
 */
lines_without_cost: number, 
/**
 * GMV not received; below zero when customers paid more (多付).
 */
unpaid: string, 
/**
 * Commission lines net of clawbacks.
 */
commissions: string, 
/**
 * The payment processors' fees on the payments for these orders.
 */
fees: string, refunds: string, 
/**
 * Ads, KOL fees and other spend lines.
 */
spend: string, 
/**
 * 净利: gross profit − commissions − fees − refunds − spend.
 */
net: string, 
/**
 * 投产比: GMV ÷ spend.
 */
roi: string | null, views: number, clicks: number, ctr: string | null, conversion: string | null, steps: Array<Step>, };

export type Funnel = { deals: number, filled_deals: number, failed_deals: number, open_deals: number, 
/**
 * Filled ÷ decided deals, one decimal.
 */
success_pct: string | null, 
/**
 * Member orders: joined, in a filled group, paid, handed over.
 */
joined: number, in_filled: number, paid: number, fulfilled: number, };

export type ActivityEntry = { seq: number, 
/**
 * Shop-local time, `YYYY-MM-DD HH:MM:SS`.
 */
at: string, terminal: string, actor: string, entity: string, entity_id: string, action: string, summary: string, };

export type BackupFile = { name: string, path: string, bytes: number, 
/**
 * Shop-local time of the file's last change.
 */
modified: string, };

export type CheckReport = { ok: boolean, checked: Array<string>, problems: Array<Problem>, };

export type ServerProbe = { 
/**
 * The address as kept (without a password).
 */
server: string, 
/**
 * A shop is published there (else the database is empty or not ours).
 */
holds_shop: boolean, 
/**
 * The database has tables of its own: not a place to publish.
 */
has_tables: boolean, 
/**
 * The shop's terminals, by name.
 */
terminals: Array<string>, };

export type Published = { server: string, terminal: string, tables: number, rows: number, };

export type JoinedShop = { server: string, terminal: string, path: string, rows: number, };

export type SyncPass = { pushed: number, pulled: number, conflicts: number, pending: number, };

export type SyncStatus = { 
/**
 * None: the shop is on this computer only.
 */
server: string | null, terminal: string | null, terminal_id: string, 
/**
 * The store this terminal's stock moves at, when it has a home.
 */
location: string | null, 
/**
 * Changes made here and not yet on the server.
 */
pending: number, 
/**
 * The last sync that reached the server, in the shop's time.
 */
last_synced_at: string | null, 
/**
 * Why the last sync failed, in English; None once one succeeds.
 */
last_error: string | null, 
/**
 * The same, for the window to word in the merchant's language.
 */
problem: SyncProblem | null, 
/**
 * A pass is running now (the app's background sync).
 */
syncing: boolean, 
/**
 * Goods sold beyond the shelf, as the terminals' sales now add up.
 */
oversold: Array<Oversold>, 
/**
 * Rows from other terminals this shop could not take yet (the same
 * new SKU made on two terminals, say), with why.
 */
parked: Array<Parked>, 
/**
 * Seconds this computer's clock is behind the server (negative: ahead),
 * 0 within a minute; orders are dated by the server's time.
 */
clock_offset: number, };

export type SyncProblem = { 
/**
 * The server was reached and said no (another version, this terminal
 * retired): waiting will not mend it, unlike a server out of reach.
 */
refused: boolean, error: IpcError, };

export type Oversold = { sku: string, name: string, 
/**
 * On hand less what open orders hold: below zero.
 */
available: number, orders: Array<string>, };

export type Parked = { table: string, 
/**
 * The row's primary key, as a JSON array.
 */
key: string, 
/**
 * The terminal that sent it.
 */
terminal: string, row: Record<string, unknown> | null, reason: string, 
/**
 * When it was first parked, in the shop's time.
 */
at: string, };

export type Conflict = { seq: number, 
/**
 * When the later change reached the server, in the shop's time.
 */
at: string, table: string, 
/**
 * `overwritten` (the later change won) or `refused` (the later change
 * could no longer be made, so the earlier stands).
 */
kind: string, 
/**
 * The row's primary key, as a JSON array.
 */
key: string, kept_terminal: string, kept_row: Record<string, unknown> | null, lost_terminal: string, lost_row: Record<string, unknown> | null, };

export type Keep = "kept" | "overwritten";

export type Problem = { invariant: string, detail: string, };

export type DemoSummary = { products: number, variants: number, customers: number, leaders: number, pickup_points: number, distributors: number, campaigns: number, group_buys: number, coupons: number, members: number, suppliers: number, orders: number, payments: number, refunds: number, };

export const ERROR_CODES = ["not_a_storefront_db", "newer_schema", "corrupt_database", "io", "bad_file", "invalid", "not_found", "shop_not_empty", "cancelled", "oversell", "third_level", "feed", "keychain", "server", "database", "sku_required", "excel_too_big", "edit_not_allowed", "edit_group_buy", "edit_reason_required", "edit_owes_after_refund", "empty_order", "discount_too_big", "points_over_balance", "qty_out_of_range", "price_out_of_range", "price_needs_reason", "status_step", "held_for_group_buy", "coupon_twice", "coupon_not_valid_now", "coupon_used_up", "coupon_alone", "zero_change", "adjustment_needs_reason", "stocktake_needs_reason", "not_enough_on_hand", "ticket_resolved", "refund_over_received", "return_over_shipped", "name_required", "ends_before_starts", "code_taken", "spend_not_positive", "sku_twice", "negative_price", "sku_taken", "group_price_not_below", "deadline_passed", "group_too_small", "group_closed", "group_limit", "bundle_too_small", "bundle_not_cheaper", "bundle_not_whole", "payment_used_up", "payment_pays_order", "coupon_no_discount", "pickup_taken", "distributor_exists", "payout_out_of_range", "empty_purchase_order", "qty_not_positive", "po_closed", "nothing_received", "negative_invoice", "no_po_url", "pack_size_too_small", "price_not_positive", "threshold_out_of_range", "not_a_day", "period_backwards", "not_a_time", "negative_group_terms", "not_an_amount", "too_many_decimals", "amount_out_of_range", "feed_incomplete", "feed_needs_mapping", "auth_name_required", "negative_lead_time", "mapping_columns_missing", "bad_url", "url_with_credentials", "secret_empty", "bad_schedule", "schedule_out_of_range", "no_feed", "stock_out_of_range", "bad_transfer", "count_out_of_range", "solitaire_not_sure", "alias_length", "image_too_big", "too_long", "rate_out_of_range", "merge_self", "merge_undone", "merge_kept_gone", "price_ambiguous", "customer_ambiguous", "stars_out_of_range", "review_sku_not_on_order", "too_many_photos", "reviews_not_sure", "shop_open_elsewhere", "nothing_pasted", "no_list_lines", "carrier_required", "tracking_invalid", "not_shippable", "arrives_in_the_past", "not_weighed", "weight_finer_than_gram", "sold_by_locked", "server_url", "already_published", "server_not_empty", "server_has_no_shop", "server_schema_differs", "terminal_name_taken", "join_needs_new_file", "not_on_server", "terminal_retired"] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export const ORDER_STATUSES = ["draft", "awaiting_payment", "paid", "fulfilled", "completed", "cancelled", "refunded"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const CHANNELS = ["offline", "wechat", "solitaire", "pinduoduo", "youzan", "shop"] as const;
export type Channel = (typeof CHANNELS)[number];
export const DELIVERIES = ["pickup", "delivery", "courier"] as const;
export type Delivery = (typeof DELIVERIES)[number];
export const CARRIERS = ["顺丰", "中通", "圆通", "韵达", "申通", "邮政", "京东"] as const;
export type KnownCarrier = (typeof CARRIERS)[number];
export const PRODUCT_ROLES = ["normal", "traffic", "profit"] as const;
export type ProductRole = (typeof PRODUCT_ROLES)[number];
export const TICKET_KINDS = ["quality", "wrong_item", "delivery", "other"] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];
export const REVIEW_SOURCES = ["wechat_group", "mini_program", "by_hand"] as const;
export type ReviewSource = (typeof REVIEW_SOURCES)[number];
export const CAMPAIGN_KINDS = ["groupbuy", "live", "flash", "coupon", "holiday", "solitaire", "general"] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];
export const AUTH_KINDS = ["none", "token", "basic"] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];
export const IMAGE_MAX_BYTES = 8388608;
export const REVIEW_MAX_PHOTOS = 9;

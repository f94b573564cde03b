// Typed calls into the Rust core. Every type here comes from bindings.ts,
// generated from the Rust types; nothing crossing IPC is written by hand.
import { invoke } from "@tauri-apps/api/core";
import { catalogue, errorKey, i18n, label, t } from "./i18n.svelte";
import type {
  Profile,
  ActivityEntry,
  Change,
  Committed,
  Counted,
  Added,
  DueList,
  DuplicateGroup,
  LastSession,
  About,
  UpdateStatus,
  JobStatus,
  NewReview,
  PastedReview,
  Recorded,
  Rating,
  Review,
  Wall,
  EditOutcome,
  EditRow,
  Entry,
  EntryChoices,
  Found,
  NewOrder,
  Merged,
  OrderDetail,
  OrderEdit,
  OrderImport,
  Parsed,
  PickList,
  ProductDetail,
  ProductImport,
  ProductInput,
  ProductOption,
  Resolution,
  Resolved,
  Service,
  StatusChange,
  Ticket,
  Stocktake,
  BackupFile,
  BundleRow,
  Category,
  Shelf,
  CampaignsOverview,
  FlashRow,
  Rates,
  LevelRow,
  MemberRow,
  Closed,
  CommissionRow,
  Joined,
  NewCampaign,
  NewCoupon,
  NewGroupBuy,
  PickupOrder,
  Quote,
  Settlement,
  SuccessMonth,
  TrafficImport,
  CustomerDetail,
  CustomerInput,
  CustomerRow,
  Dashboard,
  DemoSummary,
  IpcError,
  Mapping,
  NewLine,
  OrderFilter,
  OrderRow,
  Page,
  DayMoney,
  Imported,
  OverpaidOrder,
  PaymentRow,
  Preview,
  ProductRow,
  ReconcileSummary,
  Reminder,
  RunReport,
  Suggestion,
  ShopStatus,
  SupplierItemRow,
  SupplierRow,
} from "./bindings";

export const api = {
  shopStatus: () => invoke<ShopStatus>("shop_status"),
  startDemo: (orders: number) => invoke<DemoSummary>("start_demo", { orders }),
  /** `YYYY-MM-DD`: the shop's business day, never the browser's date. */
  businessDay: () => invoke<string>("business_day"),
  dashboard: () => invoke<Dashboard>("dashboard"),
  ordersPage: (filter: OrderFilter, offset: number, limit: number) =>
    invoke<Page<OrderRow>>("orders_page", { filter, offset, limit }),
  /** Products on sale matching `query`; `more` picks a category or the other side of the shelf. */
  productsPage: (query: string, offset: number, limit: number, more: { category?: string; shelf?: Shelf } = {}) =>
    invoke<Page<ProductRow>>("products_page", { filter: { query, category: more.category ?? "", shelf: more.shelf ?? "on" }, offset, limit }),
  productCategories: () => invoke<Category[]>("product_categories"),
  skuBase: (name: string) => invoke<string>("sku_base", { name }),
  productDetail: (id: string) => invoke<ProductDetail>("product_detail", { id }),
  saveProduct: (product: ProductInput) => invoke<string>("save_product", { product }),
  archiveProduct: (id: string, archived: boolean) => invoke<void>("archive_product", { id, archived }),
  saveProductImage: (productId: string, name: string, bytes: Uint8Array) =>
    invoke<string>("save_product_image", bytes, { headers: { "x-file-name": encodeURIComponent(name), "x-product-id": productId } }),
  productImage: (id: string) => invoke<ArrayBuffer>("product_image", { id }),
  variantCombinations: (options: ProductOption[]) => invoke<string[]>("variant_combinations", { options }),
  productsImportPreview: (name: string, bytes: Uint8Array) => invoke<ProductImport>("products_import_preview", bytes, fileHeaders(name)),
  productsImport: (name: string, bytes: Uint8Array) => invoke<ProductImport>("products_import", bytes, fileHeaders(name)),
  /** The catalogue, headed and worded in the UI's language (either reads back). */
  productsExport: (xlsx: boolean) => invoke<string>("products_export", { xlsx, chinese: i18n.locale === "zh-CN" }),
  findVariant: (code: string) => invoke<Found | null>("find_variant", { code }),
  stockChange: (change: Change) => invoke<number>("stock_change", { change }),
  postStocktake: (counts: Counted[], reason: string) => invoke<Stocktake>("post_stocktake", { counts, reason }),
  createOrder: (order: NewOrder) => invoke<string>("create_order", { order }),
  orderDetail: (orderNo: string) => invoke<OrderDetail>("order_detail", { orderNo }),
  /** 改单; with `preview`, what it would do, nothing kept. */
  orderEdit: (orderNo: string, edit: OrderEdit, preview: boolean) => invoke<EditOutcome>("order_edit", { orderNo, edit, preview }),
  orderEdits: (orderNo: string) => invoke<EditRow[]>("order_edits", { orderNo }),
  setOrderStatus: (orderNo: string, to: string, allowOversell: boolean) =>
    invoke<StatusChange>("set_order_status", { orderNo, to, allowOversell }),
  markOrders: (orderNos: string[], to: string, allowOversell = false) =>
    invoke<StatusChange[]>("orders_mark", { orderNos, to, allowOversell }),
  entryChoices: () => invoke<EntryChoices>("entry_choices"),
  solitaireParse: (text: string) => invoke<Parsed>("solitaire_parse", { text }),
  solitaireCommit: (entries: Entry[], allowOversell: boolean) => invoke<Committed>("solitaire_commit", { entries, allowOversell }),
  solitaireRecheck: (entry: Entry) => invoke<Entry>("solitaire_recheck", { entry }),
  solitaireRemember: (alias: string, sku: string) => invoke<void>("solitaire_remember", { alias, sku }),
  ordersImportPreview: (name: string, bytes: Uint8Array) => invoke<OrderImport>("orders_import_preview", bytes, fileHeaders(name)),
  ordersImport: (name: string, bytes: Uint8Array) => invoke<OrderImport>("orders_import", bytes, fileHeaders(name)),
  /** Every order, or just `orderNos` (the list's ticked ones), headed and
   * worded in the UI's language (either reads back through the import). */
  ordersExport: (xlsx: boolean, orderNos: string[] = []) =>
    invoke<string>("orders_export", { xlsx, orderNos, chinese: i18n.locale === "zh-CN" }),
  pickList: (day: string, byLeader: boolean) => invoke<PickList>("pick_list", { day, byLeader }),
  handOver: (orderNos: string[]) => invoke<number>("hand_over", { orderNos }),
  afterSalesQueue: () => invoke<Ticket[]>("after_sales_queue"),
  afterSalesResolved: (query: string) => invoke<Ticket[]>("after_sales_resolved", { query }),
  afterSalesService: (days: number) => invoke<Service>("after_sales_service", { days }),
  afterSalesOpen: (orderNo: string, kind: string, description: string) => invoke<string>("after_sales_open", { orderNo, kind, description }),
  afterSalesReply: (id: string) => invoke<void>("after_sales_reply", { id }),
  afterSalesResolve: (id: string, resolution: Resolution) => invoke<Resolved>("after_sales_resolve", { id, resolution }),
  customersPage: (query: string, offset: number, limit: number) =>
    invoke<Page<CustomerRow>>("customers_page", { query, offset, limit }),
  customerLookup: (query: string, limit: number) => invoke<CustomerRow[]>("customer_lookup", { query, limit }),
  customerDetail: (id: string) => invoke<CustomerDetail>("customer_detail", { id }),
  about: () => invoke<About>("about"),
  lastSession: () => invoke<LastSession>("last_session"),
  updateStatus: () => invoke<UpdateStatus | null>("update_status"),
  jobsStatus: () => invoke<JobStatus[]>("jobs_status"),
  checkForUpdate: () => invoke<void>("check_for_update"),
  setUpdateCheck: (on: boolean) => invoke<void>("set_update_check", { on }),
  exportDiagnostics: () => invoke<string>("export_diagnostics"),
  restartApp: () => invoke<void>("restart_app"),
  debugPanic: () => invoke<void>("debug_panic"),
  reviewAdd: (review: NewReview) => invoke<Added>("review_add", { review }),
  reviewPhoto: (reviewId: string, name: string, bytes: Uint8Array) =>
    invoke<string>("review_photo", bytes, { headers: { "x-file-name": encodeURIComponent(name), "x-review-id": reviewId } }),
  reviewPhotoBytes: (path: string) => invoke<ArrayBuffer>("review_photo_bytes", { path }),
  orderReviews: (orderNo: string) => invoke<Review[]>("reviews_list", { filter: { product_id: null, order_no: orderNo }, limit: 50 }),
  latestReviews: () => invoke<Review[]>("reviews_list", { filter: { product_id: null, order_no: null }, limit: 50 }),
  reviewsPaste: (text: string) => invoke<PastedReview[]>("reviews_paste", { text }),
  reviewSettle: (line: PastedReview) => invoke<PastedReview>("review_settle", { line }),
  reviewsRecord: (lines: PastedReview[], source: string, skipUnsure: boolean) => invoke<Recorded>("reviews_record", { lines, source, skipUnsure }),
  productRating: (productId: string) => invoke<Rating>("product_rating", { productId }),
  productWall: (productId: string) => invoke<Wall>("product_wall", { productId }),
  dueList: (days: number) => invoke<DueList>("due_list", { days }),
  reminderSent: (customerId: string, productId: string | null) => invoke<void>("reminder_sent", { customerId, productId }),
  customerDuplicates: (limit = 100) => invoke<DuplicateGroup[]>("customer_duplicates", { limit }),
  mergeCustomers: (keep: string, others: string[]) => invoke<Merged[]>("merge_customers", { keep, others }),
  unmergeCustomers: (mergeId: string) => invoke<void>("unmerge_customers", { mergeId }),
  saveCustomer: (customer: CustomerInput) => invoke<string>("save_customer", { customer }),
  campaigns: () => invoke<CampaignsOverview>("campaigns_overview"),
  quoteOrder: (lines: NewLine[], coupons: string[], customerId: string | null, points: number) =>
    invoke<Quote>("quote_order", { lines, coupons, customerId, points }),
  membersList: () => invoke<MemberRow[]>("members_list"),
  memberLevels: () => invoke<LevelRow[]>("member_levels"),
  memberEnrol: (customer: string, phone: string, level: string) => invoke<string>("member_enrol", { customer, phone, level }),
  bundlesList: () => invoke<BundleRow[]>("bundles_list"),
  bundleAdd: (code: string, name: string, price: string, items: [string, number][]) => invoke<string>("bundle_add", { code, name, price, items }),
  bundleLines: (code: string, sets: number) => invoke<NewLine[]>("bundle_lines", { code, sets }),
  campaignAdd: (campaign: NewCampaign) => invoke<string>("campaign_add", { campaign }),
  campaignSpend: (id: string, kind: string, amount: string, note: string) => invoke<void>("campaign_spend", { id, kind, amount, note }),
  campaignTraffic: (id: string, name: string, bytes: Uint8Array) =>
    invoke<TrafficImport>("campaign_traffic", bytes, { headers: { ...fileHeaders(name).headers, "x-campaign": id } }),
  groupBuyCreate: (deal: NewGroupBuy) => invoke<string>("groupbuy_create", { deal }),
  groupBuyJoin: (id: string, customer: string, qty: number, pickupPointId: string | null) =>
    invoke<Joined>("groupbuy_join", { id, customer, qty, pickupPointId }),
  groupBuyClose: (id: string) => invoke<Closed>("groupbuy_close", { id }),
  groupBuyShare: (id: string, zh: boolean) => invoke<string>("groupbuy_share", { id, zh }),
  groupBuySuccess: () => invoke<SuccessMonth[]>("groupbuy_success"),
  leaderAdd: (name: string, phone: string, pickup: string, rate: string | null) => invoke<string>("leader_add", { name, phone, pickup, rate }),
  leaderSettle: (name: string, from: string, to: string) => invoke<Settlement>("leader_settle", { name, from, to }),
  leaderSettlementExport: (name: string, from: string, to: string) => invoke<string>("leader_settlement_export", { name, from, to }),
  pickupFind: (query: string) => invoke<PickupOrder[]>("pickup_find", { query }),
  pickupRedeem: (orderNo: string) => invoke<string>("pickup_redeem", { orderNo }),
  distributorAdd: (name: string, recruiter: string | null, rate1: string | null, rate2: string | null) =>
    invoke<string>("distributor_add", { name, recruiter, rate1, rate2 }),
  commissions: (distributor: string | null) => invoke<CommissionRow[]>("commissions", { distributor }),
  distributorPayout: (name: string, amount: string, note: string) => invoke<string>("distributor_payout", { name, amount, note }),
  couponAdd: (coupon: NewCoupon) => invoke<string>("coupon_add", { coupon }),
  flashSales: () => invoke<FlashRow[]>("flash_sales"),
  flashAdd: (sku: string, price: string, starts: string, ends: string) => invoke<string>("flash_add", { sku, price, starts, ends }),
  commissionRates: () => invoke<Rates>("commission_rates"),
  setCommissionRates: (sku: string | null, rate1: string | null, rate2: string | null) => invoke<Rates>("set_commission_rates", { sku, rate1, rate2 }),
  reconcileSummary: () => invoke<ReconcileSummary>("reconcile_summary"),
  paymentsPage: (unmatchedOnly: boolean, offset: number, limit: number) =>
    invoke<Page<PaymentRow>>("payments_page", { unmatchedOnly, offset, limit }),
  importStatement: (name: string, bytes: Uint8Array) =>
    invoke<Imported>("import_statement", bytes, fileHeaders(name)),
  statementPreview: (name: string, bytes: Uint8Array) => invoke<Preview>("statement_preview", bytes, fileHeaders(name)),
  saveStatementMapping: (mapping: Mapping) => invoke<void>("save_statement_mapping", { mapping }),
  reconcileRun: () => invoke<RunReport>("reconcile_run"),
  cancelWork: () => invoke<void>("cancel_work"),
  suggestionsPage: (offset: number, limit: number) => invoke<Page<Suggestion>>("suggestions_page", { offset, limit }),
  confirmMatch: (orderNo: string, txnId: string) => invoke<void>("confirm_match", { orderNo, txnId }),
  rejectMatch: (orderNo: string, txnId: string) => invoke<void>("reject_match", { orderNo, txnId }),
  ignorePayment: (txnId: string, reason: string) => invoke<void>("ignore_payment", { txnId, reason }),
  reminders: (limit: number) => invoke<Reminder[]>("payment_reminders", { limit }),
  overpaid: () => invoke<OverpaidOrder[]>("overpaid_orders"),
  refundOwed: (orderNo: string, amount: string, reason: string) => invoke<void>("refund_owed", { orderNo, amount, reason }),
  orderFromPayment: (txnId: string, lines: NewLine[]) => invoke<string>("order_from_payment", { txnId, lines }),
  moneyByDay: (days: number) => invoke<DayMoney[]>("money_by_day", { days }),
  suppliers: () => invoke<SupplierRow[]>("suppliers_list"),
  supplierItems: (supplierId: string) => invoke<SupplierItemRow[]>("supplier_items", { supplierId }),
  activity: (limit: number) => invoke<ActivityEntry[]>("activity", { limit }),
  backups: () => invoke<BackupFile[]>("backups_list"),
  backupNow: () => invoke<string>("backup_now"),
  restore: (path: string) => invoke<string>("restore_backup", { path }),
  shopProfile: () => invoke<Profile>("shop_profile"),
  saveShopProfile: (profile: Profile) => invoke<void>("save_shop_profile", { profile }),
  savePaymentQr: (name: string, bytes: Uint8Array) => invoke<void>("save_payment_qr", bytes, fileHeaders(name)),
  paymentQr: () => invoke<ArrayBuffer>("payment_qr"),
  restoreFile: (name: string, bytes: Uint8Array) => invoke<string>("restore_file", bytes, fileHeaders(name)),
  openDataFolder: () => invoke<string>("open_data_folder"),
};

/** A file goes as the raw body; its name (often Chinese) in a header. */
function fileHeaders(name: string) {
  return { headers: { "x-file-name": encodeURIComponent(name) } };
}

/** The core's error kind (`oversell`, `bad_file`…), or "" for another failure. */
export function errorKind(e: unknown): string {
  if (typeof e === "object" && e !== null && "kind" in e) return (e as IpcError).kind;
  return "";
}

/** The message to show for a failed call, in the merchant's language: a
 * core error is worded from its kind and arguments (the English message
 * only where no sentence exists for the kind). */
export function errorText(e: unknown): string {
  if (typeof e !== "object" || e === null || !("message" in e)) return String(e);
  const err = e as IpcError;
  // A core newer than this window may send a code it has no sentence for.
  const key = errorKey(err.kind);
  if (!(key in catalogue(i18n.locale))) return err.message;
  const args = { ...err.args };
  // Codes inside the arguments are worded too: what a thing is, a status.
  const words: Record<string, string> = {
    entity: "entity",
    what: "entity",
    from: "status",
    to: "status",
    status: "status",
    group_status: "gb",
    po_status: "supply.po.status",
  };
  for (const [k, prefix] of Object.entries(words)) if (args[k] !== undefined) args[k] = label(prefix, args[k]);
  return t(key, args);
}

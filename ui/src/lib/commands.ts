// Generated from the #[tauri::command] functions of src-tauri/app by
// `UPDATE_BINDINGS=1 cargo test -p storefront-app --test commands`.
// Do not edit: a stale file fails that test.
import { invoke } from "@tauri-apps/api/core";
import type {
  About,
  ActivityEntry,
  Added,
  Arrived,
  BackupFile,
  BundleRow,
  Buyers,
  CampaignReport,
  CampaignsOverview,
  Category,
  Change,
  ChangeRow,
  ChannelShare,
  Closed,
  CommissionRow,
  Committed,
  Conflict,
  CostPoint,
  Counted,
  CustomerDetail,
  CustomerInput,
  CustomerRow,
  Dashboard,
  DayMoney,
  DemoSummary,
  DueList,
  DuplicateGroup,
  EditOutcome,
  EditRow,
  Entry,
  EntryChoices,
  Expiring,
  FeedMapping,
  FeedPreview,
  FlashRow,
  Found,
  Funnel,
  Imported,
  Item,
  JobStatus,
  Joined,
  JoinedShop,
  Keep,
  LastSession,
  LevelRow,
  Mapping,
  MemberRow,
  Merged,
  NewCampaign,
  NewCoupon,
  NewGroupBuy,
  NewLine,
  NewOrder,
  NewPoLine,
  NewReview,
  OrderDetail,
  OrderEdit,
  OrderFilter,
  OrderImport,
  OrderRow,
  OverpaidOrder,
  Page,
  Parsed,
  PastedReview,
  PaymentRow,
  PeriodArg,
  PickDay,
  PickList,
  PickupOrder,
  PoDetail,
  PoRow,
  Preview,
  PriceSuggestion,
  ProductDetail,
  ProductFilter,
  ProductImport,
  ProductInput,
  ProductMix,
  ProductOption,
  ProductRow,
  Profile,
  Published,
  Quote,
  Rank,
  Rates,
  Rating,
  ReconcileSummary,
  Recorded,
  Reminder,
  Resolution,
  Resolved,
  Review,
  ReviewFilter,
  RunReport,
  RunRow,
  ServerProbe,
  Service,
  Settlement,
  Shipped,
  ShopStatus,
  StatusChange,
  StockTurn,
  Stocktake,
  SuccessMonth,
  Suggestion,
  SupplierInput,
  SupplierItemRow,
  SupplierPlan,
  SupplierRow,
  SyncPass,
  SyncReport,
  SyncStatus,
  Ticket,
  Tile,
  ToShip,
  ToShipExport,
  TrafficImport,
  Trend,
  UpdateStatus,
  Wall,
  Waste,
  WaybillImport,
} from "./bindings";

export const commands = {
  // analytics.rs
  periodTile: (period: PeriodArg) =>
    invoke<Tile>("period_tile", { period }),
  salesTrend: (period: PeriodArg, by: string) =>
    invoke<Trend>("sales_trend", { period, by }),
  salesChannels: (period: PeriodArg) =>
    invoke<Array<ChannelShare>>("sales_channels", { period }),
  productMix: (period: PeriodArg) =>
    invoke<ProductMix>("product_mix", { period }),
  stockTurnover: (period: PeriodArg) =>
    invoke<Array<StockTurn>>("stock_turnover", { period }),
  waste: (period: PeriodArg) =>
    invoke<Array<Waste>>("waste", { period }),
  buyerMonths: (period: PeriodArg) =>
    invoke<Buyers>("buyer_months", { period }),
  leaderRanking: (period: PeriodArg) =>
    invoke<Array<Rank>>("leader_ranking", { period }),
  distributorRanking: (period: PeriodArg) =>
    invoke<Array<Rank>>("distributor_ranking", { period }),
  groupbuyFunnel: (period: PeriodArg) =>
    invoke<Funnel>("groupbuy_funnel", { period }),
  serviceFigures: (period: PeriodArg) =>
    invoke<Service>("service_figures", { period }),
  campaignReport: (id: string) =>
    invoke<CampaignReport>("campaign_report", { id }),
  exportChartPng: (bytes: Uint8Array, headers: Record<string, string>) =>
    invoke<string>("export_chart_png", bytes, { headers }),
  exportChartData: (name: string, xlsx: boolean, header: Array<string>, rows: Array<Array<string>>) =>
    invoke<string>("export_chart_data", { name, xlsx, header, rows }),
  // campaigns.rs
  campaignAdd: (campaign: NewCampaign) =>
    invoke<string>("campaign_add", { campaign }),
  campaignSpend: (id: string, kind: string, amount: string, note: string) =>
    invoke<void>("campaign_spend", { id, kind, amount, note }),
  campaignTraffic: (bytes: Uint8Array, headers: Record<string, string>) =>
    invoke<TrafficImport>("campaign_traffic", bytes, { headers }),
  groupbuyCreate: (deal: NewGroupBuy) =>
    invoke<string>("groupbuy_create", { deal }),
  groupbuyJoin: (id: string, customer: string, qty: number, pickupPointId: string | null) =>
    invoke<Joined>("groupbuy_join", { id, customer, qty, pickupPointId }),
  groupbuyClose: (id: string) =>
    invoke<Closed>("groupbuy_close", { id }),
  groupbuyShare: (id: string, zh: boolean) =>
    invoke<string>("groupbuy_share", { id, zh }),
  groupbuySuccess: () =>
    invoke<Array<SuccessMonth>>("groupbuy_success"),
  leaderAdd: (name: string, phone: string, pickup: string, rate: string | null) =>
    invoke<string>("leader_add", { name, phone, pickup, rate }),
  leaderSettle: (name: string, from: string, to: string) =>
    invoke<Settlement>("leader_settle", { name, from, to }),
  leaderSettlementExport: (name: string, from: string, to: string) =>
    invoke<string>("leader_settlement_export", { name, from, to }),
  pickupFind: (query: string) =>
    invoke<Array<PickupOrder>>("pickup_find", { query }),
  pickupRedeem: (orderNo: string) =>
    invoke<string>("pickup_redeem", { orderNo }),
  distributorAdd: (name: string, recruiter: string | null, rate1: string | null, rate2: string | null) =>
    invoke<string>("distributor_add", { name, recruiter, rate1, rate2 }),
  commissions: (distributor: string | null) =>
    invoke<Array<CommissionRow>>("commissions", { distributor }),
  distributorPayout: (name: string, amount: string, note: string) =>
    invoke<string>("distributor_payout", { name, amount, note }),
  commissionRates: () =>
    invoke<Rates>("commission_rates"),
  setCommissionRates: (sku: string | null, rate1: string | null, rate2: string | null) =>
    invoke<Rates>("set_commission_rates", { sku, rate1, rate2 }),
  flashSales: () =>
    invoke<Array<FlashRow>>("flash_sales"),
  flashAdd: (sku: string, price: string, starts: string, ends: string) =>
    invoke<string>("flash_add", { sku, price, starts, ends }),
  couponAdd: (coupon: NewCoupon) =>
    invoke<string>("coupon_add", { coupon }),
  membersList: () =>
    invoke<Array<MemberRow>>("members_list"),
  memberLevels: () =>
    invoke<Array<LevelRow>>("member_levels"),
  memberEnrol: (customer: string, phone: string, level: string) =>
    invoke<string>("member_enrol", { customer, phone, level }),
  bundlesList: () =>
    invoke<Array<BundleRow>>("bundles_list"),
  bundleAdd: (code: string, name: string, price: string, items: Array<[string, number]>) =>
    invoke<string>("bundle_add", { code, name, price, items }),
  bundleLines: (code: string, sets: number) =>
    invoke<Array<NewLine>>("bundle_lines", { code, sets }),
  // catalog.rs
  productsPage: (filter: ProductFilter, offset: number, limit: number) =>
    invoke<Page<ProductRow>>("products_page", { filter, offset, limit }),
  productCategories: () =>
    invoke<Array<Category>>("product_categories"),
  skuBase: (name: string) =>
    invoke<string>("sku_base", { name }),
  productDetail: (id: string) =>
    invoke<ProductDetail>("product_detail", { id }),
  saveProduct: (product: ProductInput) =>
    invoke<string>("save_product", { product }),
  archiveProduct: (id: string, archived: boolean) =>
    invoke<void>("archive_product", { id, archived }),
  variantCombinations: (options: Array<ProductOption>) =>
    invoke<Array<string>>("variant_combinations", { options }),
  productsImportPreview: (bytes: Uint8Array, headers: Record<string, string>) =>
    invoke<ProductImport>("products_import_preview", bytes, { headers }),
  productsImport: (bytes: Uint8Array, headers: Record<string, string>) =>
    invoke<ProductImport>("products_import", bytes, { headers }),
  productsExport: (xlsx: boolean, chinese: boolean) =>
    invoke<string>("products_export", { xlsx, chinese }),
  findVariant: (code: string) =>
    invoke<Found | null>("find_variant", { code }),
  stockChange: (change: Change) =>
    invoke<number>("stock_change", { change }),
  stockWriteoff: (sku: string, qty: number, expired: boolean, batchId: string | null) =>
    invoke<number>("stock_writeoff", { sku, qty, expired, batchId }),
  stockExpiring: (days: number) =>
    invoke<Array<Expiring>>("stock_expiring", { days }),
  postStocktake: (counts: Array<Counted>, reason: string) =>
    invoke<Stocktake>("post_stocktake", { counts, reason }),
  saveProductImage: (bytes: Uint8Array, headers: Record<string, string>) =>
    invoke<string>("save_product_image", bytes, { headers }),
  productImage: (id: string) =>
    invoke<ArrayBuffer>("product_image", { id }),
  // commands.rs
  shopStatus: () =>
    invoke<ShopStatus>("shop_status"),
  cancelWork: () =>
    invoke<void>("cancel_work"),
  startDemo: (orders: number) =>
    invoke<DemoSummary>("start_demo", { orders }),
  businessDay: () =>
    invoke<string>("business_day"),
  dashboard: () =>
    invoke<Dashboard>("dashboard"),
  ordersPage: (filter: OrderFilter, offset: number, limit: number) =>
    invoke<Page<OrderRow>>("orders_page", { filter, offset, limit }),
  customersPage: (query: string, offset: number, limit: number) =>
    invoke<Page<CustomerRow>>("customers_page", { query, offset, limit }),
  customerLookup: (query: string, limit: number) =>
    invoke<Array<CustomerRow>>("customer_lookup", { query, limit }),
  customerDetail: (id: string) =>
    invoke<CustomerDetail>("customer_detail", { id }),
  customerDuplicates: (limit: number) =>
    invoke<Array<DuplicateGroup>>("customer_duplicates", { limit }),
  mergeCustomers: (keep: string, others: Array<string>) =>
    invoke<Array<Merged>>("merge_customers", { keep, others }),
  unmergeCustomers: (mergeId: string) =>
    invoke<void>("unmerge_customers", { mergeId }),
  saveCustomer: (customer: CustomerInput) =>
    invoke<string>("save_customer", { customer }),
  campaignsOverview: () =>
    invoke<CampaignsOverview>("campaigns_overview"),
  reconcileSummary: () =>
    invoke<ReconcileSummary>("reconcile_summary"),
  paymentsPage: (unmatchedOnly: boolean, offset: number, limit: number) =>
    invoke<Page<PaymentRow>>("payments_page", { unmatchedOnly, offset, limit }),
  suppliersList: () =>
    invoke<Array<SupplierRow>>("suppliers_list"),
  supplierItems: (supplierId: string) =>
    invoke<Array<SupplierItemRow>>("supplier_items", { supplierId }),
  activity: (limit: number) =>
    invoke<Array<ActivityEntry>>("activity", { limit }),
  backupsList: () =>
    invoke<Array<BackupFile>>("backups_list"),
  backupNow: () =>
    invoke<string>("backup_now"),
  restoreBackup: (path: string) =>
    invoke<string>("restore_backup", { path }),
  restoreFile: (bytes: Uint8Array, headers: Record<string, string>) =>
    invoke<string>("restore_file", bytes, { headers }),
  openDataFolder: () =>
    invoke<string>("open_data_folder"),
  // desktop.rs
  lastSession: () =>
    invoke<LastSession>("last_session"),
  exportDiagnostics: () =>
    invoke<string>("export_diagnostics"),
  about: () =>
    invoke<About>("about"),
  restartApp: () =>
    invoke<void>("restart_app"),
  debugPanic: () =>
    invoke<void>("debug_panic"),
  // jobs.rs
  jobsStatus: () =>
    invoke<Array<JobStatus>>("jobs_status"),
  // orders.rs
  createOrder: (order: NewOrder) =>
    invoke<string>("create_order", { order }),
  orderDetail: (orderNo: string) =>
    invoke<OrderDetail>("order_detail", { orderNo }),
  orderEdit: (orderNo: string, edit: OrderEdit, preview: boolean) =>
    invoke<EditOutcome>("order_edit", { orderNo, edit, preview }),
  orderEdits: (orderNo: string) =>
    invoke<Array<EditRow>>("order_edits", { orderNo }),
  setOrderStatus: (orderNo: string, to: string, allowOversell: boolean) =>
    invoke<StatusChange>("set_order_status", { orderNo, to, allowOversell }),
  ordersMark: (orderNos: Array<string>, to: string, allowOversell: boolean) =>
    invoke<Array<StatusChange>>("orders_mark", { orderNos, to, allowOversell }),
  entryChoices: () =>
    invoke<EntryChoices>("entry_choices"),
  solitaireParse: (text: string) =>
    invoke<Parsed>("solitaire_parse", { text }),
  solitaireCommit: (entries: Array<Entry>, allowOversell: boolean, arrivesOn: string | null) =>
    invoke<Committed>("solitaire_commit", { entries, allowOversell, arrivesOn }),
  solitairePick: (header: string, text: string, sku: string) =>
    invoke<Item>("solitaire_pick", { header, text, sku }),
  solitaireRecheck: (entry: Entry) =>
    invoke<Entry>("solitaire_recheck", { entry }),
  solitaireRemember: (alias: string, sku: string) =>
    invoke<void>("solitaire_remember", { alias, sku }),
  ordersImportPreview: (bytes: Uint8Array, headers: Record<string, string>) =>
    invoke<OrderImport>("orders_import_preview", bytes, { headers }),
  ordersImport: (bytes: Uint8Array, headers: Record<string, string>) =>
    invoke<OrderImport>("orders_import", bytes, { headers }),
  ordersExport: (xlsx: boolean, orderNos: Array<string>, chinese: boolean) =>
    invoke<string>("orders_export", { xlsx, orderNos, chinese }),
  afterSalesQueue: () =>
    invoke<Array<Ticket>>("after_sales_queue"),
  afterSalesResolved: (query: string) =>
    invoke<Array<Ticket>>("after_sales_resolved", { query }),
  afterSalesService: (days: number) =>
    invoke<Service>("after_sales_service", { days }),
  afterSalesOpen: (orderNo: string, kind: string, description: string) =>
    invoke<string>("after_sales_open", { orderNo, kind, description }),
  afterSalesReply: (id: string) =>
    invoke<void>("after_sales_reply", { id }),
  afterSalesResolve: (id: string, resolution: Resolution) =>
    invoke<Resolved>("after_sales_resolve", { id, resolution }),
  pickList: (day: string, by: PickDay, byLeader: boolean) =>
    invoke<PickList>("pick_list", { day, by, byLeader }),
  handOver: (orderNos: Array<string>) =>
    invoke<number>("hand_over", { orderNos }),
  quoteOrder: (lines: Array<NewLine>, coupons: Array<string>, customerId: string | null, points: number) =>
    invoke<Quote>("quote_order", { lines, coupons, customerId, points }),
  // prefs.rs
  prefsLoad: () =>
    invoke<Record<string, unknown>>("prefs_load"),
  prefSave: (key: string, value: unknown) =>
    invoke<void>("pref_save", { key, value }),
  // profile.rs
  shopProfile: () =>
    invoke<Profile>("shop_profile"),
  saveShopProfile: (profile: Profile) =>
    invoke<void>("save_shop_profile", { profile }),
  savePaymentQr: (bytes: Uint8Array, headers: Record<string, string>) =>
    invoke<void>("save_payment_qr", bytes, { headers }),
  paymentQr: () =>
    invoke<ArrayBuffer>("payment_qr"),
  // reconcile.rs
  importStatement: (bytes: Uint8Array, headers: Record<string, string>) =>
    invoke<Imported>("import_statement", bytes, { headers }),
  reconcileRun: () =>
    invoke<RunReport>("reconcile_run"),
  suggestionsPage: (offset: number, limit: number) =>
    invoke<Page<Suggestion>>("suggestions_page", { offset, limit }),
  confirmMatch: (orderNo: string, txnId: string) =>
    invoke<void>("confirm_match", { orderNo, txnId }),
  rejectMatch: (orderNo: string, txnId: string) =>
    invoke<void>("reject_match", { orderNo, txnId }),
  ignorePayment: (txnId: string, reason: string) =>
    invoke<void>("ignore_payment", { txnId, reason }),
  paymentReminders: (limit: number) =>
    invoke<Array<Reminder>>("payment_reminders", { limit }),
  overpaidOrders: () =>
    invoke<Array<OverpaidOrder>>("overpaid_orders"),
  refundOwed: (orderNo: string, amount: string, reason: string) =>
    invoke<void>("refund_owed", { orderNo, amount, reason }),
  moneyByDay: (days: number) =>
    invoke<Array<DayMoney>>("money_by_day", { days }),
  orderFromPayment: (txnId: string, lines: Array<NewLine>) =>
    invoke<string>("order_from_payment", { txnId, lines }),
  statementPreview: (bytes: Uint8Array, headers: Record<string, string>) =>
    invoke<Preview>("statement_preview", bytes, { headers }),
  saveStatementMapping: (mapping: Mapping) =>
    invoke<void>("save_statement_mapping", { mapping }),
  // reviews.rs
  reviewAdd: (review: NewReview) =>
    invoke<Added>("review_add", { review }),
  reviewPhoto: (bytes: Uint8Array, headers: Record<string, string>) =>
    invoke<string>("review_photo", bytes, { headers }),
  reviewPhotoBytes: (path: string) =>
    invoke<ArrayBuffer>("review_photo_bytes", { path }),
  reviewsList: (filter: ReviewFilter, limit: number) =>
    invoke<Array<Review>>("reviews_list", { filter, limit }),
  productRating: (productId: string) =>
    invoke<Rating>("product_rating", { productId }),
  productWall: (productId: string) =>
    invoke<Wall>("product_wall", { productId }),
  reviewsPaste: (text: string) =>
    invoke<Array<PastedReview>>("reviews_paste", { text }),
  reviewSettle: (line: PastedReview) =>
    invoke<PastedReview>("review_settle", { line }),
  reviewsRecord: (lines: Array<PastedReview>, source: string, skipUnsure: boolean) =>
    invoke<Recorded>("reviews_record", { lines, source, skipUnsure }),
  dueList: (days: number) =>
    invoke<DueList>("due_list", { days }),
  reminderSent: (customerId: string, productId: string | null) =>
    invoke<void>("reminder_sent", { customerId, productId }),
  // shipping.rs
  shipOrder: (orderNo: string, carrier: string, tracking: string) =>
    invoke<Shipped>("ship_order", { orderNo, carrier, tracking }),
  toShip: () =>
    invoke<Array<ToShip>>("to_ship"),
  toShipExport: (xlsx: boolean) =>
    invoke<ToShipExport>("to_ship_export", { xlsx }),
  waybillsPreview: (bytes: Uint8Array, headers: Record<string, string>) =>
    invoke<WaybillImport>("waybills_preview", bytes, { headers }),
  waybillsImport: (bytes: Uint8Array, headers: Record<string, string>) =>
    invoke<WaybillImport>("waybills_import", bytes, { headers }),
  // suppliers.rs
  syncNow: (supplierId: string) =>
    invoke<SyncReport>("sync_now", { supplierId }),
  syncCancel: (supplierId: string) =>
    invoke<void>("sync_cancel", { supplierId }),
  supplierSave: (input: SupplierInput, secret: string | null) =>
    invoke<string>("supplier_save", { input, secret }),
  supplierSecretKept: (supplierId: string) =>
    invoke<boolean>("supplier_secret_kept", { supplierId }),
  supplierPreview: (kind: string, url: string, mapping: FeedMapping | null, authKind: string, authName: string, secret: string) =>
    invoke<FeedPreview>("supplier_preview", { kind, url, mapping, authKind, authName, secret }),
  syncRuns: (supplierId: string) =>
    invoke<Array<RunRow>>("sync_runs", { supplierId }),
  syncChanges: (includeReviewed: boolean) =>
    invoke<Array<ChangeRow>>("sync_changes", { includeReviewed }),
  changesReviewed: (ids: Array<string>) =>
    invoke<number>("changes_reviewed", { ids }),
  supplierLink: (supplierItemId: string, sku: string) =>
    invoke<void>("supplier_link", { supplierItemId, sku }),
  supplierPackSize: (supplierItemId: string, pack: number) =>
    invoke<void>("supplier_pack_size", { supplierItemId, pack }),
  supplierCostHistory: (supplierItemId: string) =>
    invoke<Array<CostPoint>>("supplier_cost_history", { supplierItemId }),
  priceSuggestions: () =>
    invoke<Array<PriceSuggestion>>("price_suggestions"),
  priceDecide: (id: string, price: string | null) =>
    invoke<void>("price_decide", { id, price }),
  costThreshold: () =>
    invoke<number>("cost_threshold"),
  costThresholdSet: (bp: number) =>
    invoke<void>("cost_threshold_set", { bp }),
  purchaseSuggest: () =>
    invoke<Array<SupplierPlan>>("purchase_suggest"),
  purchaseCreate: (supplierId: string, lines: Array<NewPoLine>, note: string) =>
    invoke<string>("purchase_create", { supplierId, lines, note }),
  purchaseList: (openOnly: boolean) =>
    invoke<Array<PoRow>>("purchase_list", { openOnly }),
  purchaseDetail: (poNo: string) =>
    invoke<PoDetail>("purchase_detail", { poNo }),
  purchaseSendJson: (poNo: string) =>
    invoke<PoDetail>("purchase_send_json", { poNo }),
  purchaseExport: (poNo: string) =>
    invoke<string>("purchase_export", { poNo }),
  purchaseMarkSent: (poNo: string, via: string) =>
    invoke<void>("purchase_mark_sent", { poNo, via }),
  purchaseReceive: (poNo: string, arrived: Array<Arrived>, invoice: string | null, note: string) =>
    invoke<PoDetail>("purchase_receive", { poNo, arrived, invoice, note }),
  purchaseClose: (poNo: string) =>
    invoke<void>("purchase_close", { poNo }),
  // terminals.rs
  terminalStatus: () =>
    invoke<SyncStatus>("terminal_status"),
  testServer: (server: string, password: string | null) =>
    invoke<ServerProbe>("test_server", { server, password }),
  publishShop: (server: string, password: string | null, terminal: string) =>
    invoke<Published>("publish_shop", { server, password, terminal }),
  joinShop: (server: string, password: string | null, terminal: string, location: string | null) =>
    invoke<JoinedShop>("join_shop", { server, password, terminal, location }),
  syncShop: () =>
    invoke<SyncPass>("sync_shop"),
  shopConflicts: () =>
    invoke<Array<Conflict>>("shop_conflicts"),
  resolveConflict: (seq: number, keep: Keep) =>
    invoke<void>("resolve_conflict", { seq, keep }),
  // updates.rs
  updateStatus: () =>
    invoke<UpdateStatus | null>("update_status"),
  checkForUpdate: () =>
    invoke<void>("check_for_update"),
  setUpdateCheck: (on: boolean) =>
    invoke<void>("set_update_check", { on }),
};

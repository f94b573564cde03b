// Typed calls into the Rust core. Every type here comes from bindings.ts,
// generated from the Rust types; nothing crossing IPC is written by hand.
import { commands } from "./commands";
import { catalogue, errorKey, i18n, label, t, type Key } from "./i18n.svelte";
import type {
  Why,
  Shelf,
  IpcError,
} from "./bindings";

export const api = {
  shopStatus: commands.shopStatus,
  startDemo: commands.startDemo,
  /** `YYYY-MM-DD`: the shop's business day, never the browser's date. */
  businessDay: commands.businessDay,
  dashboard: commands.dashboard,
  ordersPage: commands.ordersPage,
  /** Products on sale matching `query`; `more` picks a category or the other side of the shelf. */
  productsPage: (query: string, offset: number, limit: number, more: { category?: string; shelf?: Shelf } = {}) =>
    commands.productsPage({ query, category: more.category ?? "", shelf: more.shelf ?? "on" }, offset, limit),
  productCategories: commands.productCategories,
  skuBase: commands.skuBase,
  productDetail: commands.productDetail,
  saveProduct: commands.saveProduct,
  archiveProduct: commands.archiveProduct,
  saveProductImage: (productId: string, name: string, bytes: Uint8Array) =>
    commands.saveProductImage(bytes, { "x-file-name": encodeURIComponent(name), "x-product-id": productId }),
  productImage: commands.productImage,
  variantCombinations: commands.variantCombinations,
  productsImportPreview: (name: string, bytes: Uint8Array) => commands.productsImportPreview(bytes, fileHeaders(name)),
  productsImport: (name: string, bytes: Uint8Array) => commands.productsImport(bytes, fileHeaders(name)),
  /** The catalogue, headed and worded in the UI's language (either reads back). */
  productsExport: (xlsx: boolean) => commands.productsExport(xlsx, i18n.locale === "zh-CN"),
  findVariant: commands.findVariant,
  stockChange: commands.stockChange,
  stockExpiring: commands.stockExpiring,
  stockWriteoff: commands.stockWriteoff,
  postStocktake: commands.postStocktake,
  createOrder: commands.createOrder,
  orderDetail: commands.orderDetail,
  /** 改单; with `preview`, what it would do, nothing kept. */
  orderEdit: commands.orderEdit,
  orderEdits: commands.orderEdits,
  setOrderStatus: commands.setOrderStatus,
  markOrders: (orderNos: string[], to: string, allowOversell = false) =>
    commands.ordersMark(orderNos, to, allowOversell),
  entryChoices: commands.entryChoices,
  solitaireParse: commands.solitaireParse,
  solitaireCommit: commands.solitaireCommit,
  solitaireRecheck: commands.solitaireRecheck,
  solitairePick: commands.solitairePick,
  solitaireRemember: commands.solitaireRemember,
  ordersImportPreview: (name: string, bytes: Uint8Array) => commands.ordersImportPreview(bytes, fileHeaders(name)),
  ordersImport: (name: string, bytes: Uint8Array) => commands.ordersImport(bytes, fileHeaders(name)),
  /** Every order, or just `orderNos` (the list's ticked ones), headed and
   * worded in the UI's language (either reads back through the import). */
  ordersExport: (xlsx: boolean, orderNos: string[] = []) =>
    commands.ordersExport(xlsx, orderNos, i18n.locale === "zh-CN"),
  pickList: commands.pickList,
  shipOrder: commands.shipOrder,
  toShip: commands.toShip,
  toShipExport: commands.toShipExport,
  /** A waybill list; `carrier` for a file without a carrier column. */
  waybillsPreview: (name: string, bytes: Uint8Array, carrier: string) =>
    commands.waybillsPreview(bytes, { ...fileHeaders(name), "x-carrier": encodeURIComponent(carrier) }),
  waybillsImport: (name: string, bytes: Uint8Array, carrier: string) =>
    commands.waybillsImport(bytes, { ...fileHeaders(name), "x-carrier": encodeURIComponent(carrier) }),
  handOver: commands.handOver,
  afterSalesQueue: commands.afterSalesQueue,
  afterSalesResolved: commands.afterSalesResolved,
  afterSalesService: commands.afterSalesService,
  afterSalesOpen: commands.afterSalesOpen,
  afterSalesReply: commands.afterSalesReply,
  afterSalesResolve: commands.afterSalesResolve,
  customersPage: commands.customersPage,
  customerLookup: commands.customerLookup,
  customerDetail: commands.customerDetail,
  about: commands.about,
  lastSession: commands.lastSession,
  updateStatus: commands.updateStatus,
  jobsStatus: commands.jobsStatus,
  terminalStatus: commands.terminalStatus,
  testServer: commands.testServer,
  publishShop: commands.publishShop,
  joinShop: commands.joinShop,
  syncShop: commands.syncShop,
  shopConflicts: commands.shopConflicts,
  resolveConflict: commands.resolveConflict,
  checkForUpdate: commands.checkForUpdate,
  setUpdateCheck: commands.setUpdateCheck,
  exportDiagnostics: commands.exportDiagnostics,
  restartApp: commands.restartApp,
  debugPanic: commands.debugPanic,
  reviewAdd: commands.reviewAdd,
  reviewPhoto: (reviewId: string, name: string, bytes: Uint8Array) =>
    commands.reviewPhoto(bytes, { "x-file-name": encodeURIComponent(name), "x-review-id": reviewId }),
  reviewPhotoBytes: commands.reviewPhotoBytes,
  orderReviews: (orderNo: string) => commands.reviewsList({ product_id: null, order_no: orderNo }, 50),
  latestReviews: () => commands.reviewsList({ product_id: null, order_no: null }, 50),
  reviewsPaste: commands.reviewsPaste,
  reviewSettle: commands.reviewSettle,
  reviewsRecord: commands.reviewsRecord,
  productRating: commands.productRating,
  productWall: commands.productWall,
  dueList: commands.dueList,
  reminderSent: commands.reminderSent,
  customerDuplicates: (limit = 100) => commands.customerDuplicates(limit),
  mergeCustomers: commands.mergeCustomers,
  unmergeCustomers: commands.unmergeCustomers,
  saveCustomer: commands.saveCustomer,
  campaigns: commands.campaignsOverview,
  quoteOrder: commands.quoteOrder,
  membersList: commands.membersList,
  memberLevels: commands.memberLevels,
  memberEnrol: commands.memberEnrol,
  bundlesList: commands.bundlesList,
  bundleAdd: commands.bundleAdd,
  bundleLines: commands.bundleLines,
  campaignAdd: commands.campaignAdd,
  campaignSpend: commands.campaignSpend,
  campaignTraffic: (id: string, name: string, bytes: Uint8Array) =>
    commands.campaignTraffic(bytes, { ...fileHeaders(name), "x-campaign": id }),
  groupBuyCreate: commands.groupbuyCreate,
  groupBuyJoin: commands.groupbuyJoin,
  groupBuyClose: commands.groupbuyClose,
  groupBuyShare: commands.groupbuyShare,
  groupBuySuccess: commands.groupbuySuccess,
  leaderAdd: commands.leaderAdd,
  leaderSettle: commands.leaderSettle,
  leaderSettlementExport: commands.leaderSettlementExport,
  pickupFind: commands.pickupFind,
  pickupRedeem: commands.pickupRedeem,
  distributorAdd: commands.distributorAdd,
  commissions: commands.commissions,
  distributorPayout: commands.distributorPayout,
  couponAdd: commands.couponAdd,
  flashSales: commands.flashSales,
  flashAdd: commands.flashAdd,
  commissionRates: commands.commissionRates,
  setCommissionRates: commands.setCommissionRates,
  reconcileSummary: commands.reconcileSummary,
  paymentsPage: commands.paymentsPage,
  importStatement: (name: string, bytes: Uint8Array) =>
    commands.importStatement(bytes, fileHeaders(name)),
  statementPreview: (name: string, bytes: Uint8Array) => commands.statementPreview(bytes, fileHeaders(name)),
  saveStatementMapping: commands.saveStatementMapping,
  reconcileRun: commands.reconcileRun,
  cancelWork: commands.cancelWork,
  suggestionsPage: commands.suggestionsPage,
  confirmMatch: commands.confirmMatch,
  rejectMatch: commands.rejectMatch,
  ignorePayment: commands.ignorePayment,
  reminders: commands.paymentReminders,
  overpaid: commands.overpaidOrders,
  refundOwed: commands.refundOwed,
  orderFromPayment: commands.orderFromPayment,
  moneyByDay: commands.moneyByDay,
  suppliers: commands.suppliersList,
  supplierItems: commands.supplierItems,
  activity: commands.activity,
  backups: commands.backupsList,
  backupNow: commands.backupNow,
  restore: commands.restoreBackup,
  shopProfile: commands.shopProfile,
  saveShopProfile: commands.saveShopProfile,
  savePaymentQr: (name: string, bytes: Uint8Array) => commands.savePaymentQr(bytes, fileHeaders(name)),
  paymentQr: commands.paymentQr,
  restoreFile: (name: string, bytes: Uint8Array) => commands.restoreFile(bytes, fileHeaders(name)),
  openDataFolder: commands.openDataFolder,
};

/** A file goes as the raw body; its name (often Chinese) in a header. */
function fileHeaders(name: string): Record<string, string> {
  return { "x-file-name": encodeURIComponent(name) };
}

/** The core's error kind (`oversell`, `bad_file`…), or "" for another failure. */
export function errorKind(e: unknown): string {
  if (typeof e === "object" && e !== null && "kind" in e) return (e as IpcError).kind;
  return "";
}

/** Why a file or a line of it cannot be read: the core's reason in the
 * merchant's language where it has one (`why`, its fields filling in the
 * sentence), else the core's own text. */
export function whyText(why: Why | { code: string } | null | undefined, message: string): string {
  if (!why) return message;
  const key = `file.why.${why.code}` as Key;
  if (!(key in catalogue(i18n.locale))) return message;
  const vars = Object.fromEntries(Object.entries(why).map(([k, v]) => [k, String(v)]));
  return t(key, vars);
}

/** A file error: where in the file, as far as the core could say, and why
 * (the reason's fields come flat among the error's arguments). */
function fileErrorText(args: Record<string, string>): string {
  const why = args.why ? { ...args, code: args.why } : null;
  const vars = { ...args, message: whyText(why, args.message ?? "") };
  if (args.column !== undefined) return t("error.bad_file", vars);
  return t(args.line !== undefined ? "file.where.line" : "file.where.whole", vars);
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
  if (err.kind === "bad_file") return fileErrorText(err.args);
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

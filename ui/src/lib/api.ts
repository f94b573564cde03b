// Typed calls into the Rust core. Every type here comes from bindings.ts,
// generated from the Rust types; nothing crossing IPC is written by hand.
import { invoke } from "@tauri-apps/api/core";
import type {
  ActivityEntry,
  BackupFile,
  CampaignsOverview,
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
  dashboard: () => invoke<Dashboard>("dashboard"),
  ordersPage: (filter: OrderFilter, offset: number, limit: number) =>
    invoke<Page<OrderRow>>("orders_page", { filter, offset, limit }),
  productsPage: (query: string, offset: number, limit: number) =>
    invoke<Page<ProductRow>>("products_page", { query, offset, limit }),
  customersPage: (query: string, offset: number, limit: number) =>
    invoke<Page<CustomerRow>>("customers_page", { query, offset, limit }),
  campaigns: () => invoke<CampaignsOverview>("campaigns_overview"),
  reconcileSummary: () => invoke<ReconcileSummary>("reconcile_summary"),
  paymentsPage: (unmatchedOnly: boolean, offset: number, limit: number) =>
    invoke<Page<PaymentRow>>("payments_page", { unmatchedOnly, offset, limit }),
  /** The file's bytes go as the raw body; its name (often Chinese) in a header. */
  importStatement: (name: string, bytes: Uint8Array) =>
    invoke<Imported>("import_statement", bytes, { headers: { "x-file-name": encodeURIComponent(name) } }),
  statementPreview: (name: string, bytes: Uint8Array) =>
    invoke<Preview>("statement_preview", bytes, { headers: { "x-file-name": encodeURIComponent(name) } }),
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
  openDataFolder: () => invoke<string>("open_data_folder"),
};

/** The message to show for a failed call: core errors carry a stable kind. */
export function errorText(e: unknown): string {
  if (typeof e === "object" && e !== null && "message" in e) return (e as IpcError).message;
  return String(e);
}

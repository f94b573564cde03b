// Typed calls of the Suppliers & Purchasing screen (the same core, the same
// generated types as api.ts; split off to keep each file readable).
import { invoke } from "@tauri-apps/api/core";
import type {
  Arrived,
  ChangeRow,
  CostPoint,
  FeedMapping,
  FeedPreview,
  NewPoLine,
  PoDetail,
  PoRow,
  PriceSuggestion,
  RunRow,
  SupplierInput,
  SupplierPlan,
  SyncReport,
} from "./bindings";

export const supply = {
  save: (input: SupplierInput, secret: string | null) => invoke<string>("supplier_save", { input, secret }),
  secretKept: (supplierId: string) => invoke<boolean>("supplier_secret_kept", { supplierId }),
  preview: (kind: string, url: string, mapping: FeedMapping | null, authKind: string, authName: string, secret: string) =>
    invoke<FeedPreview>("supplier_preview", { kind, url, mapping, authKind, authName, secret }),
  syncNow: (supplierId: string) => invoke<SyncReport>("sync_now", { supplierId }),
  syncCancel: (supplierId: string) => invoke<void>("sync_cancel", { supplierId }),
  runs: (supplierId: string) => invoke<RunRow[]>("sync_runs", { supplierId }),
  changes: (includeReviewed: boolean) => invoke<ChangeRow[]>("sync_changes", { includeReviewed }),
  reviewed: (ids: string[]) => invoke<number>("changes_reviewed", { ids }),
  link: (supplierItemId: string, sku: string) => invoke<void>("supplier_link", { supplierItemId, sku }),
  packSize: (supplierItemId: string, pack: number) => invoke<void>("supplier_pack_size", { supplierItemId, pack }),
  costHistory: (supplierItemId: string) => invoke<CostPoint[]>("supplier_cost_history", { supplierItemId }),
  priceSuggestions: () => invoke<PriceSuggestion[]>("price_suggestions"),
  decidePrice: (id: string, price: string | null) => invoke<void>("price_decide", { id, price }),
  costThreshold: () => invoke<number>("cost_threshold"),
  setCostThreshold: (bp: number) => invoke<void>("cost_threshold_set", { bp }),
  reorder: () => invoke<SupplierPlan[]>("purchase_suggest"),
  createPo: (supplierId: string, lines: NewPoLine[], note: string) => invoke<string>("purchase_create", { supplierId, lines, note }),
  pos: (openOnly: boolean) => invoke<PoRow[]>("purchase_list", { openOnly }),
  po: (poNo: string) => invoke<PoDetail>("purchase_detail", { poNo }),
  sendJson: (poNo: string) => invoke<PoDetail>("purchase_send_json", { poNo }),
  exportPo: (poNo: string) => invoke<string>("purchase_export", { poNo }),
  markSent: (poNo: string, via: string) => invoke<void>("purchase_mark_sent", { poNo, via }),
  receive: (poNo: string, arrived: Arrived[], invoice: string | null, note: string) =>
    invoke<PoDetail>("purchase_receive", { poNo, arrived, invoice, note }),
  closePo: (poNo: string) => invoke<void>("purchase_close", { poNo }),
};

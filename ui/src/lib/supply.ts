// Typed calls of the Suppliers & Purchasing screen (the same core, the same
// generated types as api.ts; split off to keep each file readable).
import { commands } from "./commands";

export const supply = {
  save: commands.supplierSave,
  secretKept: commands.supplierSecretKept,
  preview: commands.supplierPreview,
  syncNow: commands.syncNow,
  syncCancel: commands.syncCancel,
  runs: commands.syncRuns,
  changes: commands.syncChanges,
  reviewed: commands.changesReviewed,
  link: commands.supplierLink,
  packSize: commands.supplierPackSize,
  costHistory: commands.supplierCostHistory,
  priceSuggestions: commands.priceSuggestions,
  decidePrice: commands.priceDecide,
  costThreshold: commands.costThreshold,
  setCostThreshold: commands.costThresholdSet,
  reorder: commands.purchaseSuggest,
  createPo: commands.purchaseCreate,
  pos: commands.purchaseList,
  po: commands.purchaseDetail,
  sendJson: commands.purchaseSendJson,
  exportPo: commands.purchaseExport,
  markSent: commands.purchaseMarkSent,
  receive: commands.purchaseReceive,
  closePo: commands.purchaseClose,
};

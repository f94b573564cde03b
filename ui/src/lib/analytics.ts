// Typed calls of the dashboard and the campaign page into the Rust core,
// one per chart so each panel loads on its own.
import { invoke } from "@tauri-apps/api/core";
import type {
  Buyers,
  CampaignReport,
  ChannelShare,
  Funnel,
  PeriodArg,
  ProductMix,
  Rank,
  Service,
  StockTurn,
  Tile,
  Trend,
} from "./bindings";

export const analytics = {
  periodTile: (period: PeriodArg) => invoke<Tile>("period_tile", { period }),
  trend: (period: PeriodArg, by: string) => invoke<Trend>("sales_trend", { period, by }),
  channels: (period: PeriodArg) => invoke<ChannelShare[]>("sales_channels", { period }),
  products: (period: PeriodArg) => invoke<ProductMix>("product_mix", { period }),
  turnover: (period: PeriodArg) => invoke<StockTurn[]>("stock_turnover", { period }),
  buyers: (period: PeriodArg) => invoke<Buyers>("buyer_months", { period }),
  leaders: (period: PeriodArg) => invoke<Rank[]>("leader_ranking", { period }),
  distributors: (period: PeriodArg) => invoke<Rank[]>("distributor_ranking", { period }),
  funnel: (period: PeriodArg) => invoke<Funnel>("groupbuy_funnel", { period }),
  service: (period: PeriodArg) => invoke<Service>("service_figures", { period }),
  campaignReport: (id: string) => invoke<CampaignReport>("campaign_report", { id }),
  exportPng: (name: string, bytes: Uint8Array) =>
    invoke<string>("export_chart_png", bytes, { headers: { "x-file-name": encodeURIComponent(name) } }),
  exportData: (name: string, xlsx: boolean, header: string[], rows: string[][]) =>
    invoke<string>("export_chart_data", { name, xlsx, header, rows }),
};

// Typed calls of the dashboard and the campaign page into the Rust core,
// one per chart so each panel loads on its own.
import { commands } from "./commands";

export const analytics = {
  periodTile: commands.periodTile,
  trend: commands.salesTrend,
  channels: commands.salesChannels,
  products: commands.productMix,
  turnover: commands.stockTurnover,
  waste: commands.waste,
  buyers: commands.buyerMonths,
  leaders: commands.leaderRanking,
  distributors: commands.distributorRanking,
  funnel: commands.groupbuyFunnel,
  service: commands.serviceFigures,
  campaignReport: commands.campaignReport,
  exportPng: (name: string, bytes: Uint8Array) =>
    commands.exportChartPng(bytes, { "x-file-name": encodeURIComponent(name) }),
  exportData: commands.exportChartData,
};

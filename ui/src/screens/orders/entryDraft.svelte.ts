// An order half-typed in 录单 survives switching screens and closing the
// app, until it is saved or cleared: the merchant never loses a customer's
// order because the phone rang.
import { CHANNELS, DELIVERIES, type Channel, type Delivery } from "../../lib/bindings";
import type { Line } from "../../lib/entry";

const KEY = "storefront.entry.draft";

export type EntryDraft = {
  customerText: string;
  customerId: string | null;
  lines: Line[];
  discount: string;
  couponText: string;
  points: number;
  remark: string;
  channel: Channel;
  pickupId: string;
  delivery: Delivery;
  /** The day the goods arrive (预售), "" for today. */
  arrives: string;
  referrerId: string;
  campaignId: string;
};

export const blankEntry = (): EntryDraft => ({
  customerText: "",
  customerId: null,
  lines: [],
  discount: "",
  couponText: "",
  points: 0,
  remark: "",
  channel: "wechat",
  pickupId: "",
  delivery: "pickup",
  arrives: "",
  referrerId: "",
  campaignId: "",
});

/** The draft kept, or a blank order. */
export function entryDraft(): EntryDraft {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved) {
      const draft = { ...blankEntry(), ...(JSON.parse(saved) as Partial<EntryDraft>) };
      // A draft from another version may name a channel there is not.
      if (!CHANNELS.includes(draft.channel)) draft.channel = "wechat";
      if (!DELIVERIES.includes(draft.delivery)) draft.delivery = "pickup";
      return draft;
    }
  } catch {
    // A damaged draft is dropped rather than breaking the screen.
  }
  return blankEntry();
}

/** Whether anything was typed that would be lost. */
export function hasWork(d: EntryDraft): boolean {
  return d.lines.length > 0 || d.customerText.trim() !== "" || d.remark.trim() !== "" || d.couponText.trim() !== "";
}

export function keepEntryDraft(d: EntryDraft): void {
  if (hasWork(d)) localStorage.setItem(KEY, JSON.stringify(d));
  else localStorage.removeItem(KEY);
}

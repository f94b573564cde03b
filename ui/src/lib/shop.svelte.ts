// The shop's own details and payment QR, loaded once and shared by the
// screens that print or send them (receipts, payment reminders, 设置).
import { api } from "./api";
import type { Profile } from "./bindings";

export const shop = $state<{ profile: Profile | null; qr: string }>({ profile: null, qr: "" });

/** (Re)reads the details and the QR picture (as an object URL). */
export async function loadShop(): Promise<void> {
  shop.profile = await api.shopProfile();
  const bytes = await api.paymentQr();
  if (shop.qr) URL.revokeObjectURL(shop.qr);
  shop.qr = bytes.byteLength ? URL.createObjectURL(new Blob([bytes])) : "";
}

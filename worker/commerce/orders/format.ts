import { formatMajorAmount } from "../catalog/money";

/** #1001 */
export const orderNumber = (n: number) => `#${n}`;

/** ฿1,180.00 for THB; "1,180.00 USD" otherwise. */
export function formatMoney(minor: number, currency: string): string {
  const [whole, frac] = formatMajorAmount(minor).split(".");
  const grouped = (whole ?? "0").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return currency === "THB" ? `฿${grouped}.${frac}` : `${grouped}.${frac} ${currency}`;
}

import { useEffect, useState } from "preact/hooks";
import type { Chat, ChatState } from "../chat";

type CommerceModule = typeof import("../commerce/commerce");

/**
 * Loads the shop UI (its own chunk) only once the conversation sells: a
 * product card arrived or the cart has items. Chats without commerce never fetch it.
 */
export function CommerceSlot({ chat, state, locale }: { chat: Chat; state: ChatState; locale: string }) {
  const [mod, setMod] = useState<CommerceModule | null>(null);
  const sells = (state.cart?.item_count ?? 0) > 0 || state.items.some((i) => i.rich?.cards?.some((c) => c.product));
  useEffect(() => {
    if (sells && !mod) import("../commerce/commerce").then(setMod, () => undefined);
  }, [sells]);
  return mod ? <mod.Shop chat={chat} state={state} th={locale.startsWith("th")} /> : null;
}

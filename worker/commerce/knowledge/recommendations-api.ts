import { z } from "@hono/zod-openapi";
import type { Call } from "../../lib/service";
import { loadProduct } from "../catalog/products";
import { boughtTogether, similarProducts } from "./recommend";

const Recommendation = z.object({ product_id: z.string(), name: z.string(), score: z.number(), in_stock: z.boolean() });
export const Recommendations = z.object({ similar: z.array(Recommendation), bought_together: z.array(Recommendation) }).openapi("ProductRecommendations");

/** A product's recommendations (404 for another workspace's product). */
export async function recommendationsFor({ ctx, input: { productId } }: Call<{ productId: string }>) {
  await loadProduct({ ctx, input: { id: productId } });
  const [similar, bought_together] = await Promise.all([
    similarProducts(ctx.env, ctx.auth.workspaceId, productId, 5),
    boughtTogether(ctx.env, ctx.auth.workspaceId, productId, 5),
  ]);
  return { similar, bought_together };
}

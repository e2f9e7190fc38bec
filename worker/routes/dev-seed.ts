import { createRouter } from "../lib/router";
import { seedAllowed, seedDemo } from "../dev/seed";

/**
 * `POST /api/v1/dev/seed`: creates the demo workspace once (development and
 * test only; elsewhere the path does not exist). `npm start` calls it.
 */
export const devSeedRoutes = createRouter().post("/seed", async (c) => {
  if (!seedAllowed(c.env)) return c.notFound();
  const result = await seedDemo(c.env);
  return c.json(result, result.created ? 201 : 200);
});

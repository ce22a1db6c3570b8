import { createDatabase, migrateAndSeed, startMedusaV1 } from "./support/medusaV1Process";
import { it } from "vitest";

it("boots", async () => {
  const t0 = Date.now();
  const url = await createDatabase("scratch");
  await migrateAndSeed(url);
  console.log("seeded", Date.now() - t0);
  const medusa = await startMedusaV1(url);
  console.log("started", Date.now() - t0);
  const regions = await (await fetch(`${medusa.url}/store/regions`)).json();
  console.log(regions.regions.map((r: any) => [r.name, r.id]));
  console.log("exit", await medusa.stop(), Date.now() - t0);
  console.log(medusa.output().slice(-3000));
});

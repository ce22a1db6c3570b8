import { cpus } from "node:os";
import { benchDelivery } from "./sections/delivery";
import { benchMappingCost } from "./sections/mappingCost";
import { benchStartup } from "./sections/startup";

async function main() {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, Node ${process.version}`;
  console.log(`machine: ${machine}\n`);
  const cost = await benchMappingCost();
  console.log(`## Mapping cost\n\n${cost.markdown}\n`);
  const startup = await benchStartup();
  console.log(`## Start-up\n\n${startup.markdown}\n`);
  const delivery = await benchDelivery();
  console.log(`## Delivery throughput\n\n${delivery.markdown}\n`);
}
main();

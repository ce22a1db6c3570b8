import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("swap.shipment_created");
export default handler;
export { config };

import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("order.shipment_created");
export default handler;
export { config };

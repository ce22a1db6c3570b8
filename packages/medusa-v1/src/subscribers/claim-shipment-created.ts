import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("claim.shipment_created");
export default handler;
export { config };

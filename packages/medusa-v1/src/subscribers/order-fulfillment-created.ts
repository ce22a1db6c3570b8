import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("order.fulfillment_created");
export default handler;
export { config };

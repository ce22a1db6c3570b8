import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("order.items_returned");
export default handler;
export { config };

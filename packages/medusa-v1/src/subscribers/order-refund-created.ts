import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("order.refund_created");
export default handler;
export { config };

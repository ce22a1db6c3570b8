import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("order.completed");
export default handler;
export { config };

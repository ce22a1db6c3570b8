import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("order.return_requested");
export default handler;
export { config };

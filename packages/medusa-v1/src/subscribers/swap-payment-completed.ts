import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("swap.payment_completed");
export default handler;
export { config };

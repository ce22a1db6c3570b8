import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("cart.updated");
export default handler;
export { config };

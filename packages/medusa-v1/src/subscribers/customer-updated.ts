import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("customer.updated");
export default handler;
export { config };

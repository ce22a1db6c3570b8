import { subscriberFor } from "../lib/subscriberFor";

const { handler, config } = subscriberFor("gift_card.created");
export default handler;
export { config };

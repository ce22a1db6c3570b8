import { TRACKABLE_EVENTS } from "./trackableEvents";

/** What an event's `data` holds, and the record a mapping loads from it. */
interface EventData {
  keys: string[];
  /** The entity to load and the data key that holds its id; none for a record that no longer exists. */
  load?: { entity: string; idKey: string };
  /** True when the keys were seen on a captured event (mappings/fixtures/generated), not only read in Medusa's workflows. */
  captured?: boolean;
}

/**
 * The data of the events whose data is not `{ id }` of the entity the event is named after, as
 * Medusa 2.21's workflows emit them. The others follow that rule (see `dataOf`).
 */
const DATA: Record<string, EventData> = {
  "order.claim_created": { keys: ["order_id", "claim_id"], load: { entity: "order", idKey: "order_id" }, captured: true },
  "order.exchange_created": { keys: ["order_id", "exchange_id"], load: { entity: "order", idKey: "order_id" }, captured: true },
  "order.return_received": { keys: ["order_id", "return_id"], load: { entity: "order", idKey: "order_id" }, captured: true },
  "order.return_requested": { keys: ["order_id", "return_id"], load: { entity: "order", idKey: "order_id" } },
  "order.fulfillment_created": { keys: ["order_id", "fulfillment_id", "no_notification"], load: { entity: "order", idKey: "order_id" } },
  "order.fulfillment_canceled": { keys: ["order_id", "fulfillment_id", "no_notification"], load: { entity: "order", idKey: "order_id" } },
  "order.transfer_requested": { keys: ["id", "order_change_id"], load: { entity: "order", idKey: "id" } },
  "order-edit.requested": { keys: ["order_id", "actions"], load: { entity: "order", idKey: "order_id" } },
  "order-edit.confirmed": { keys: ["order_id", "actions"], load: { entity: "order", idKey: "order_id" } },
  "order-edit.canceled": { keys: ["order_id", "actions"], load: { entity: "order", idKey: "order_id" } },
  "cart.customer_transferred": { keys: ["id", "customer_id"], load: { entity: "cart", idKey: "id" } },
  "shipment.created": { keys: ["id"], load: { entity: "fulfillment", idKey: "id" }, captured: true },
  "delivery.created": { keys: ["id"], load: { entity: "fulfillment", idKey: "id" } },
};

/** Events whose data was captured from the example store with the entity's own id. */
const CAPTURED = new Set(["order.placed", "order.canceled", "customer.created", "customer.updated"]);

/** The data of an event: from DATA, else `{ id }` of the entity it is named after (none to load once deleted). */
export function dataOf(event: string): EventData {
  const known = DATA[event];
  if (known) return known;
  const [prefix = "", action = ""] = event.split(".");
  const entity = prefix.replace(/-/g, "_");
  return { keys: ["id"], ...(action === "deleted" ? {} : { load: { entity, idKey: "id" } }), captured: CAPTURED.has(event) };
}

/** docs/events.md: every event the plugin listens to, with its data and a `load:` to start a mapping from. */
export function renderEventCatalogue(): string {
  const rows = TRACKABLE_EVENTS.map((event) => {
    const { keys, load, captured } = dataOf(event);
    const data = `\`{ ${keys.join(", ")} }\`${captured ? "" : " ¹"}`;
    const suggested = load
      ? `\`${load.entity}: { entity: ${load.entity}, id: = event.data.${load.idKey} }\``
      : "nothing to load: the record is gone; use `event.data.id`";
    return `| \`${event}\` | ${data} | ${suggested} |`;
  });
  return [
    "# The Medusa v2 events the plugin listens to",
    "",
    "<!-- Generated from packages/medusa/src/lib/eventCatalogue.ts and the plugin's event list; WRITE_DOCS=1 on its test rewrites it. -->",
    "",
    "A mapping file with `on: <event>` maps any of these events without code. The event's data holds ids only: a",
    "mapping loads the records it needs with `load:` (Medusa's Query, with the `fields` you name), as suggested below.",
    "`trackmap validate` warns about an `on:` event that is not in this list. For an event of your own, call",
    "`trackEvent` from a subscriber (see [the plugin's page](medusa-plugin.md)).",
    "",
    "| event | `event.data` | suggested `load:` |",
    "|---|---|---|",
    ...rows,
    "",
    "¹ as Medusa 2.21's workflows emit it; the others were captured from the example store (`mappings/fixtures/generated`).",
    "",
    "Events without a customer (admin actions on products, regions, sales channels, users) have no Segment user:",
    "give the call an `anonymousId` of your own (e.g. `store`, or `= event.data.id`), since Segment needs `userId`",
    "or `anonymousId`, and keep `userId` for customers with an account (`$userId(order)` of the commerce library).",
    "",
  ].join("\n");
}

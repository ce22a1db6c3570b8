import { z } from "@medusajs/framework/zod";

/**
 * The admin routes' parameters, checked by Medusa's validateAndTransformQuery and validateAndTransformBody
 * (../../middlewares.ts): a bad one is answered 400 in Medusa's words, e.g. "Invalid request: Value for
 * field 'limit' too big, expected at most: '200'". Query strings carry text: numbers are converted first.
 */

const whole = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? Number(value) : value),
    z.number().int().min(min).max(max).default(fallback),
  );

const page = { limit: whole(1, 200, 20), offset: whole(0, 1_000_000, 0) };

export const OUTBOX_STATUSES = ["pending", "retrying", "dead", "delivered"] as const;
export const CALL_TYPES = ["track", "identify", "group", "page", "screen", "alias"] as const;

/** The outbox's figures, with calls per minute over the last `hours`. */
export const AdminTrackmapFiguresQuery = z.strictObject({ hours: whole(1, 24, 3) });
export type AdminTrackmapFiguresQuery = z.infer<typeof AdminTrackmapFiguresQuery>;

export const AdminTrackmapDeadQuery = z.strictObject(page);
export type AdminTrackmapDeadQuery = z.infer<typeof AdminTrackmapDeadQuery>;

/** The rows that concern one entity (an order, a customer), for the widgets on their pages. */
export const AdminTrackmapEntityCallsQuery = z.strictObject(page);
export type AdminTrackmapEntityCallsQuery = z.infer<typeof AdminTrackmapEntityCallsQuery>;

/** Recent calls, as Segment's debugger filters them. */
export const AdminTrackmapCallsQuery = z.strictObject({
  ...page,
  status: z.enum(OUTBOX_STATUSES).optional(),
  /** A track call's event name. */
  event: z.string().min(1).max(200).optional(),
  type: z.enum(CALL_TYPES).optional(),
});
export type AdminTrackmapCallsQuery = z.infer<typeof AdminTrackmapCallsQuery>;

/** One dead call, some, or all of them: `{ message_ids: [...] }` or `{ all: true }`. */
export const AdminTrackmapResendBody = z
  .strictObject({ message_ids: z.array(z.string().min(1)).min(1).max(1000).optional(), all: z.literal(true).optional() })
  .refine((body) => (body.message_ids === undefined) !== (body.all === undefined), {
    message: "Give either message_ids (the dead calls to send again) or all: true, not both",
  });
export type AdminTrackmapResendBody = z.infer<typeof AdminTrackmapResendBody>;

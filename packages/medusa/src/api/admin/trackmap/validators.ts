import { z } from "@medusajs/framework/zod";
import { BACKFILL_EVENTS } from "../../../modules/segment/backfill/backfillEvents";

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

/** `GET /admin/trackmap/backfill`: the active backfill, or the one named by `id` (a finished one). */
export const AdminTrackmapBackfillQuery = z.strictObject({ id: z.string().min(1).max(200).optional() });
export type AdminTrackmapBackfillQuery = z.infer<typeof AdminTrackmapBackfillQuery>;

/** A date as ISO 8601 text (`2024-01-31` or a date and time), given back as a full ISO timestamp. */
const isoDate = (field: string) =>
  z
    .string()
    .refine((text) => !Number.isNaN(Date.parse(text)), { message: `${field} must be a date (ISO 8601), e.g. 2024-01-31` })
    .transform((text) => new Date(text).toISOString());

const startBackfill = z
  .strictObject({
    action: z.literal("start"),
    from: isoDate("from").optional(),
    to: isoDate("to").optional(),
    /** Only these events; all of them when absent. */
    events: z
      .array(z.string())
      .min(1)
      .superRefine((events, context) => {
        const unknown = events.filter((event) => !(BACKFILL_EVENTS as readonly string[]).includes(event));
        if (unknown.length)
          context.addIssue({ code: "custom", message: `events: a backfill replays ${BACKFILL_EVENTS.join(", ")}; not ${unknown.join(", ")}` });
      })
      .optional(),
    /** Calls per second; 0 for no limit. */
    rate: z.number().min(0).max(10_000).optional(),
    /** Segment's `integrations` for the historical calls, e.g. `{ "All": false, "Amazon S3": true }`. */
    integrations: z.record(z.string(), z.union([z.boolean(), z.record(z.string(), z.unknown())])).optional(),
    /** The estimate only: nothing is stored or sent. */
    dry_run: z.boolean().optional(),
  })
  .refine((body) => !body.from || !body.to || body.from < body.to, { message: "from must be before to" });

/**
 * `POST /admin/trackmap/backfill`: `{ action: "start", from?, to?, events?, rate?, integrations?, dry_run? }`,
 * or `{ action: "pause" | "resume" | "cancel" }`.
 */
export const AdminTrackmapBackfillBody = z.discriminatedUnion(
  "action",
  [
    startBackfill,
    z.strictObject({ action: z.literal("pause") }),
    z.strictObject({ action: z.literal("resume") }),
    z.strictObject({ action: z.literal("cancel") }),
  ],
  { error: 'action must be "start", "pause", "resume" or "cancel"' },
);
export type AdminTrackmapBackfillBody = z.infer<typeof AdminTrackmapBackfillBody>;

import { model } from "@medusajs/framework/utils";

/**
 * A backfill of the store's history (@trackmap/core's BackfillJobs): what it was asked, its
 * checkpoint and progress, and its status. `active` is true while it runs or is paused, and null
 * after: its unique index makes "one backfill at a time per store" hold across processes, as two
 * starts at once cannot both insert an active row.
 */
export const BackfillJob = model
  .define("trackmap_backfill", {
    id: model.text().primaryKey(),
    status: model.enum(["running", "paused", "canceled", "completed", "failed"]),
    active: model.boolean().nullable(),
    request: model.json(),
    checkpoint: model.json(),
    progress: model.json().nullable(),
    error: model.text().nullable(),
  })
  .indexes([{ on: ["active"], unique: true }]);

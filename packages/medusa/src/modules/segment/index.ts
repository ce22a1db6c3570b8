import { Module } from "@medusajs/framework/utils";
import loadTrackmapMappings from "./loaders/loadTrackmapMappings";
import SegmentService from "./service";

/** Resolvable as `container.resolve("segmentService")`, like Medusa v1's plugin. */
export const SEGMENT_MODULE = "segmentService";

export default Module(SEGMENT_MODULE, {
  service: SegmentService,
  loaders: [loadTrackmapMappings],
});

export type { TrackmapPluginOptions } from "./options";
export { SegmentService };
export { knexSqlClient } from "./outbox/knexSqlClient";

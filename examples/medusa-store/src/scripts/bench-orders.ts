import type { ExecArgs } from "@medusajs/framework/types";
import { placeOrder, seedStore } from "../store-flows";

/**
 * Run by the benchmarks with `medusa exec`: places BENCH_ORDERS orders through Medusa's
 * workflows and prints, per order, when placing it started, how long completeCartWorkflow
 * took, and when its order.placed event was published. Lines start with "bench:" and hold JSON.
 */
export default async function benchOrders({ container }: ExecArgs) {
  const count = Number(process.env.BENCH_ORDERS || 30);
  const seed = await seedStore(container);
  for (let i = 0; i < count; i++) {
    const start = performance.timeOrigin + performance.now();
    const order = await placeOrder(container, seed, { customer: "guest", items: [{ sku: "SHIRT-M-BLACK" }, { sku: "MUG-WHITE" }] });
    const published = performance.timeOrigin + performance.now();
    console.log(`bench: ${JSON.stringify({ orderId: order.orderId, start, published, completionMs: order.completionMs })}`);
  }
  // Let the plugin send what the last events produced.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const segmentService = container.hasRegistration?.("segmentService") ? container.resolve("segmentService") : undefined;
  await (segmentService as { close?: () => Promise<void> } | undefined)?.close?.();
}

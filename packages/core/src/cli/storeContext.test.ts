import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeTree } from "../testHelpers/writeTree";
import { UsageError } from "./output";
import { resolveStoreContext } from "./storeContext";

/** A store folder with the v2 plugin installed as npm lays it out: its mappings, its event list. */
function storeWithPlugin(extra: Record<string, string> = {}): Promise<string> {
  return writeTree({
    "package.json": JSON.stringify({ name: "store", dependencies: { "@trackmap/medusa": "0.1.0" } }),
    "node_modules/@trackmap/medusa/package.json": JSON.stringify({
      name: "@trackmap/medusa",
      version: "0.1.0",
      trackmap: { mappings: "mappings", events: "events.json" },
    }),
    "node_modules/@trackmap/medusa/events.json": JSON.stringify(["order.placed", "product.created"]),
    "node_modules/@trackmap/medusa/mappings/order-placed.yaml": "on: order.placed\ncalls: []\n",
    ...extra,
  });
}

describe("resolveStoreContext", () => {
  it("layers the store's folders of trackmap.config.json over the installed plugin's defaults, from any folder below", async () => {
    const dir = await storeWithPlugin({ "trackmap.config.json": '{ "mappings": ["trackmap", "more"] }', "src/api/.keep": "" });

    const context = resolveStoreContext(join(dir, "src/api"));

    const plugin = join(dir, "node_modules/@trackmap/medusa");
    expect(context).toEqual({
      root: dir,
      configFile: join(dir, "trackmap.config.json"),
      storeMappings: [join(dir, "trackmap"), join(dir, "more")],
      plugin: {
        name: "@trackmap/medusa",
        version: "0.1.0",
        folder: plugin,
        mappings: join(plugin, "mappings"),
        events: ["order.placed", "product.created"],
      },
      layers: [join(plugin, "mappings"), join(dir, "trackmap"), join(dir, "more")],
    });
  });

  it("takes --mappings instead of the configuration's folders, and --no-defaults leaves the plugin's out", async () => {
    const dir = await storeWithPlugin({ "trackmap.config.json": '{ "mappings": ["trackmap"] }' });

    const context = resolveStoreContext(dir, { mappings: ["elsewhere"], defaults: false });

    expect(context.storeMappings).toEqual([join(dir, "elsewhere")]);
    expect(context.layers).toEqual([join(dir, "elsewhere")]);
  });

  it("without a configuration, is mappings/ beside the nearest package.json, and no plugin when none is a dependency", async () => {
    const dir = await writeTree({ "package.json": "{}", "mappings/m.yaml": "on: a\ncalls: []\n", "src/.keep": "" });

    expect(resolveStoreContext(join(dir, "src"))).toEqual({ root: dir, storeMappings: [join(dir, "mappings")], layers: [join(dir, "mappings")] });
  });

  it("names a mistaken configuration key with the closest one", async () => {
    const dir = await writeTree({ "trackmap.config.json": '{ "mapings": ["x"] }' });

    expect(() => resolveStoreContext(dir)).toThrow(
      new UsageError(`${join(dir, "trackmap.config.json")}: unknown key "mapings" (did you mean "mappings"?)`),
    );
  });

  it("says to install the plugin the configuration names when it is missing", async () => {
    const dir = await writeTree({ "trackmap.config.json": '{ "mappings": ["m"], "plugin": "@acme/trackmap-host" }' });

    expect(() => resolveStoreContext(dir)).toThrow(`the plugin @acme/trackmap-host is not installed in ${dir}: run npm install`);
  });
});

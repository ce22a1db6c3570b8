import { existsSync, readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { suggestClosest } from "../shared/suggestClosest";
import { UsageError } from "./output";

/** The configuration file a store keeps at its root (`trackmap init` writes it). */
export const CONFIG_FILE = "trackmap.config.json";

/** The host plugins whose shipped mappings and event list a store's CLI layers underneath its own. */
export const KNOWN_PLUGINS = ["@trackmap/medusa", "@trackmap/medusa-v1"] as const;

/** What a store writes in trackmap.config.json; every path is relative to the file. */
interface StoreConfig {
  /** The store's mapping folders, layered over the plugin's defaults in this order (later ones win). */
  mappings: string[];
  /** Whether the installed plugin's default mappings and libraries are layered underneath (default true). */
  defaults?: boolean;
  /** The host plugin, when the store's package.json does not list one of KNOWN_PLUGINS. */
  plugin?: string;
}

/** The folder options every command takes. */
export interface FolderOptions {
  /** The store's mapping folders, instead of the configuration's. */
  mappings?: readonly string[];
  /** False: do not layer the plugin's defaults underneath (`--no-defaults`). */
  defaults?: boolean;
  /** A configuration file to use instead of the one found from the working folder. */
  config?: string;
}

/** A host plugin installed in the store, as its package.json's `trackmap` key describes it. */
interface InstalledPlugin {
  name: string;
  version: string;
  folder: string;
  /** Its default mappings and libraries. */
  mappings: string;
  /** The source events it listens to; undefined when the plugin does not ship the list. */
  events?: string[];
}

export interface StoreContext {
  /** The project folder: the configuration's, else the nearest folder with a package.json. */
  root: string;
  configFile?: string;
  /** The store's own mapping folders (absolute): what is validated and tested. */
  storeMappings: string[];
  plugin?: InstalledPlugin;
  /** Every mapping root to load, in order: the plugin's defaults (unless turned off), then the store's folders. */
  layers: string[];
}

const CONFIG_KEYS = ["$schema", "mappings", "defaults", "plugin"];

/**
 * The store a command runs in, found from the working folder: the nearest trackmap.config.json
 * (or, without one, the nearest package.json's folder and its `mappings/`), the host plugin the
 * store installed, and the mapping folders to load. One function, so that every command (and
 * `trackmap dev`) sees the same folders.
 */
export function resolveStoreContext(cwd: string, options: FolderOptions = {}): StoreContext {
  const configFile = options.config ? resolve(cwd, options.config) : findUp(cwd, CONFIG_FILE);
  if (options.config && !existsSync(configFile as string)) throw new UsageError(`--config ${options.config}: no such file`);
  const config = configFile ? readConfig(configFile) : undefined;
  const root = configFile ? dirname(configFile) : (findPackageRoot(cwd) ?? resolve(cwd));

  const storeMappings = options.mappings?.length
    ? options.mappings.map((folder) => resolve(cwd, folder))
    : config
      ? config.mappings.map((folder) => resolve(root, folder))
      : defaultMappingsFolder(root, cwd);
  const plugin = findPlugin(root, config?.plugin);
  // Validating the plugin's own folder (`trackmap validate node_modules/@trackmap/medusa/mappings`) loads it once.
  const defaultsGiven = plugin !== undefined && storeMappings.some((folder) => realPath(folder) === realPath(plugin.mappings));
  const withDefaults = plugin !== undefined && !defaultsGiven && options.defaults !== false && config?.defaults !== false;
  return {
    root,
    ...(configFile ? { configFile } : {}),
    storeMappings,
    ...(plugin ? { plugin } : {}),
    layers: [...(withDefaults ? [plugin.mappings] : []), ...storeMappings],
  };
}

function defaultMappingsFolder(root: string, cwd: string): string[] {
  const folder = join(root, "mappings");
  if (existsSync(folder)) return [folder];
  const where = relative(cwd, root) || ".";
  throw new UsageError(
    `no ${CONFIG_FILE} and no mappings/ folder in ${where}: run \`trackmap init\`, or give the mapping folders with --mappings <dir>`,
  );
}

// CONFIGURATION

function readConfig(file: string): StoreConfig {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new UsageError(`${file} must hold an object, e.g. { "mappings": ["trackmap"] }`);
  const config = value as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (CONFIG_KEYS.includes(key)) continue;
    const closest = suggestClosest(key, CONFIG_KEYS);
    throw new UsageError(
      `${file}: unknown key "${key}"${closest ? ` (did you mean "${closest}"?)` : ` (allowed: ${CONFIG_KEYS.slice(1).join(", ")})`}`,
    );
  }
  const mappings = typeof config.mappings === "string" ? [config.mappings] : config.mappings;
  if (!Array.isArray(mappings) || mappings.length === 0 || !mappings.every((m) => typeof m === "string" && m !== "")) {
    throw new UsageError(`${file}: "mappings" must name the store's mapping folders, e.g. ["trackmap"]`);
  }
  if (config.defaults !== undefined && typeof config.defaults !== "boolean") throw new UsageError(`${file}: "defaults" must be true or false`);
  if (config.plugin !== undefined && typeof config.plugin !== "string") throw new UsageError(`${file}: "plugin" must be a package name`);
  return { mappings, defaults: config.defaults, plugin: config.plugin };
}

// PLUGIN

/**
 * The host plugin: the one the configuration names, else the first of KNOWN_PLUGINS the project's
 * package.json depends on, resolved from the project as Node would.
 */
function findPlugin(root: string, named: string | undefined): InstalledPlugin | undefined {
  const name = named ?? KNOWN_PLUGINS.find((plugin) => dependsOn(root, plugin));
  if (!name) return undefined;
  let manifestPath: string;
  try {
    manifestPath = createRequire(join(root, "package.json")).resolve(`${name}/package.json`);
  } catch {
    throw new UsageError(`the plugin ${name} is not installed in ${root}: run npm install`);
  }
  const folder = dirname(manifestPath);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { version: string; trackmap?: { mappings?: string; events?: string } };
  const eventsFile = manifest.trackmap?.events && join(folder, manifest.trackmap.events);
  return {
    name,
    version: manifest.version,
    folder,
    mappings: join(folder, manifest.trackmap?.mappings ?? "mappings"),
    ...(eventsFile && existsSync(eventsFile) ? { events: JSON.parse(readFileSync(eventsFile, "utf8")) as string[] } : {}),
  };
}

function dependsOn(root: string, name: string): boolean {
  const manifest = join(root, "package.json");
  if (!existsSync(manifest)) return false;
  const { dependencies = {}, devDependencies = {} } = JSON.parse(readFileSync(manifest, "utf8"));
  return name in dependencies || name in devDependencies;
}

// FOLDERS

function realPath(path: string): string {
  return existsSync(path) ? realpathSync(path) : path;
}

function findUp(from: string, name: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) return undefined;
  }
}

function findPackageRoot(from: string): string | undefined {
  const manifest = findUp(from, "package.json");
  return manifest && dirname(manifest);
}

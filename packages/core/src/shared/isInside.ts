import { isAbsolute, relative, resolve } from "node:path";

/** Whether `file` is one of `folders` or inside one of them (a "folder" may also be a single file). */
export function isInside(file: string, folders: readonly string[]): boolean {
  const path = resolve(file);
  return folders.some((folder) => {
    const from = relative(resolve(folder), path);
    return from === "" || (!from.startsWith("..") && !isAbsolute(from));
  });
}

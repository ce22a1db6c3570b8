/** `calls[0].track.properties`, or "the file" at the top. */
export function displayPath(segments: Array<string | number>): string {
  if (segments.length === 0) return "the file";
  return segments.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

/** `calls/0/track/event` → `calls[0].track.event`. */
export function formatKeyPath(path: string): string {
  return displayPath(path.split("/").map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
}

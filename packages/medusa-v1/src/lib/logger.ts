/** What the plugin needs of Medusa v1's logger (the container's `logger`, winston-based). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const PREFIX = "[trackmap]";

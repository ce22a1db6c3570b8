/** Where a host (a Medusa plugin) wants trackmap's lines: its logger, prefix included. */
export interface HostLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger's lines with a prefix, e.g. `[trackmap]`. */
export function prefixedLog(logger: HostLog, prefix: string): HostLog {
  return {
    info: (message) => logger.info(`${prefix} ${message}`),
    warn: (message) => logger.warn(`${prefix} ${message}`),
    error: (message) => logger.error(`${prefix} ${message}`),
  };
}

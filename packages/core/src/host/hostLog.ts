/** Where a host (a Medusa plugin) wants trackmap's lines: its logger, prefix included. */
export interface HostLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

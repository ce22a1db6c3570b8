export interface EmbeddedPostgresHandle {
  port: number;
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}
export function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  fresh?: boolean;
  persistent?: boolean;
}): Promise<EmbeddedPostgresHandle>;
/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number>;

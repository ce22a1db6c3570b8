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

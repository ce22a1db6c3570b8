export function runMedusa(args: string[], env?: Record<string, string>, onLine?: (line: string) => void): Promise<string>;

export const EXTENSION_OUT: string;
export const SERVER_OUT: string;
export const SERVER_ENTRY: string;
export function bundle(options?: { outdir?: string; server?: boolean }): Promise<string[]>;

export const SHIPPED: string[];
export function shippedManifest(manifest: Record<string, unknown>): Record<string, unknown>;
export function packageVsix(options?: { out?: string; stageDir?: string; server?: boolean }): Promise<string>;
export const DOC_PACKAGES: string[];

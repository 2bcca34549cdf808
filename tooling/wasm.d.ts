/**
 * The TypeScript source of `export const <exportName> = "<base64>"` for the .wat file at
 * `watPath` (features: SIMD, bulk memory), validated by wabt.
 */
export function compileWatModule(
  watPath: string,
  exportName: string,
  description?: string,
): Promise<string>;

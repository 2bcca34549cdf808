export interface RunOptions { solver: string; N?: string; out?: string; json?: boolean; quiet?: boolean }
export async function runCommand(_path: string, _options: RunOptions): Promise<number> { throw new Error("TODO"); }

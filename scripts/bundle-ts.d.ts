/** Bundles a TypeScript entry point (with decorator metadata) into one CommonJS file; resolves with `outfile`. */
export function bundleTypeScript(entry: string, outfile: string): Promise<string>;

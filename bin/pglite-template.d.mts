/** Types of bin/pglite-template.mjs for the TypeScript that imports it. */
export declare function templatePath(): string;
export declare function makeTemplate(): Promise<string>;

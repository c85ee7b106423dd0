/** Types of bin/build.mjs for the TypeScript that imports it (test/support/global-setup.ts). */
export declare const ROOT: string;
export declare const DIST: string;
export declare const ENTRY: string;
export declare const INPUTS: string;
export declare function build(options?: { quiet?: boolean }): Promise<void>;

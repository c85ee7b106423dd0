/** Types of bin/build.mjs for the TypeScript that imports it (test/support/global-setup.ts). */
export declare const ROOT: string;
export declare const DIST: string;
/** The folder of the build dist/current names, or null when there is none. */
export declare function currentBuild(): string | null;
/** Builds into a new dist/<id>/, makes it current and answers its folder. */
export declare function build(options?: { quiet?: boolean }): Promise<string>;

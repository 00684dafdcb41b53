/**
 * The small part of Eleventy 3's API that jamrecap uses. Eleventy ships no
 * TypeScript types; these are written from its source (3.1.8) and cover
 * only what src/site and the CLI call.
 */
declare module '@11ty/eleventy' {
  export interface EleventyDirectories {
    input: string;
    output: string;
    includes: string;
    data: string;
  }

  export interface EleventyEventArgs {
    directories: EleventyDirectories;
    runMode: 'build' | 'serve' | 'watch';
    outputMode: 'fs' | 'json' | 'ndjson';
    incremental: boolean;
    results?: { inputPath: string; outputPath: string | false; url: string | false; content: string }[];
  }

  export interface EleventyUserConfig {
    directories: EleventyDirectories;
    ignores: Set<string>;
    addGlobalData(name: string, data: unknown): EleventyUserConfig;
    addFilter(name: string, fn: (...args: any[]) => unknown): void;
    /** `resetConfig`: a change there re-runs the configuration (3.0+). */
    addWatchTarget(path: string, options?: { resetConfig?: boolean }): void;
    /** Eleventy's caches of layouts and file contents across builds in one process (default true). */
    setUseTemplateCache(use: boolean): void;
    addPassthroughCopy(path: string | Record<string, string>): EleventyUserConfig;
    addTemplate(virtualPath: string, content: string, data?: Record<string, unknown>): void;
    addPlugin(plugin: unknown, options?: Record<string, unknown>): void;
    setIncludesDirectory(dir: string): EleventyUserConfig;
    setDataDirectory(dir: string): EleventyUserConfig;
    /** Template and directory data file suffixes (default `['.11tydata', '']`); `[]` reads none. */
    setDataFileSuffixes(suffixes: string[]): void;
    addDateParsing(fn: (this: { page: { inputPath: string } }, value: unknown) => unknown): void;
    setFrontMatterParsingOptions(options: { engines?: Record<string, unknown>; language?: string }): void;
    setLibrary(engine: string, library: unknown): void;
    setNunjucksEnvironmentOptions(options: Record<string, unknown>): void;
    setQuietMode(quiet: boolean): void;
    setServerOptions(options: Record<string, unknown>): void;
    setWatchThrottleWaitTime(ms: number): void;
    /** Eleventy's timings ("[11ty] Benchmark ..." lines); not in its documented API. */
    benchmarkManager: {
      setVerboseOutput(verbose: boolean): void;
      getAll(): Record<string, { setIsVerbose(verbose: boolean): void }>;
    };
    on(event: 'eleventy.after' | 'eleventy.before', fn: (args: EleventyEventArgs) => unknown): void;
  }

  export interface EleventyOptions {
    configPath?: string;
    quietMode?: boolean;
    runMode?: 'build' | 'serve' | 'watch';
    pathPrefix?: string;
    config?: (eleventyConfig: EleventyUserConfig) => void | Promise<void>;
  }

  /** Eleventy's HTML `<base>` plugin: the path prefix on every URL of every HTML page. */
  export const HtmlBasePlugin: unknown;

  export default class Eleventy {
    constructor(input?: string, output?: string, options?: EleventyOptions);
    init(): Promise<void>;
    write(): Promise<unknown>;
    watch(): Promise<void>;
    serve(port?: number): Promise<void>;
    stopWatch(): Promise<void>;
    setIsVerbose(verbose: boolean): void;
    /** No log line at all from Eleventy (errors are still thrown). */
    disableLogger(): void;
  }
}

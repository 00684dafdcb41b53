/** Types of cli-dist.js (plain JavaScript: bin/jamrecap.js runs before tsx is loaded, if ever). */
export type DistStatus = 'fresh' | 'stale' | 'missing';
/** The package's folder. */
export declare const ROOT: string;
/** The build stamp's name in dist/. */
export declare const STAMP: string;
export declare function distStatus(root?: string): DistStatus;
export declare function buildDist(root?: string): number;

/** Types of cli-dist.js (plain JavaScript: bin/jamrecap.js runs it before tsx is loaded, if ever). */
export declare const ROOT: string;
export declare const SRC: string;
export declare const DIST: string;
export declare const STAMP: string;
export type DistStatus = 'fresh' | 'stale' | 'missing';
export declare function distStatus(root?: string): DistStatus;
export declare function buildDist(root?: string): number;

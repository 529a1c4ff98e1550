import { compute } from './compute.js';
import { signedRead } from './signed-read.js';
import type { BenchCase } from './types.js';

export const cases: readonly BenchCase[] = [signedRead, compute];

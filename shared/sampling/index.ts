// The sampling core: plan (how many), select (which), evaluate (what the results say), and the
// deterministic stream that makes every selection re-performable.
export * from './errors';
export * from './distributions';
export * from './plan';
export * from './evaluate';
export * from './prng';
export * from './select';
export * from './extend';

// Node module hook: `electron` resolves to the stand-in beside this file (for the built main process, an ES module).
const STUB = new URL('./electron.mjs', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: STUB, shortCircuit: true };
  return next(specifier, context);
}

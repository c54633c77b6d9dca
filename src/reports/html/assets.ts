import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The browser builds of Vega, Vega-Lite and vega-embed, read from node_modules and inlined so the
 * report works offline and makes no network request. Each package's export map only exposes its
 * module entry, so the UMD build is found beside it.
 */
const require = createRequire(import.meta.url);

const BUNDLES = [
  { pkg: 'vega', file: 'vega.min.js' },
  { pkg: 'vega-lite', file: 'vega-lite.min.js' },
  { pkg: 'vega-embed', file: 'vega-embed.min.js' },
] as const;

let cached: string[] | undefined;

/** The three scripts, in load order (vega-embed needs the globals of the other two). */
export function vegaScripts(): readonly string[] {
  cached ??= BUNDLES.map(({ pkg, file }) => {
    const source = readFileSync(join(dirname(require.resolve(pkg)), file), 'utf8');
    // Inline scripts end at the first "</script"; the shipped builds contain none, and must not.
    if (/<\/script|<!--/i.test(source)) throw new Error(`${pkg}/${file} cannot be inlined: it contains "</script" or "<!--"`);
    return source;
  });
  return cached;
}

/**
 * The layering rules that are about what a module *loads*, checked on the runtime graph: TypeScript
 * is compiled first, so type-only imports (which load nothing) are not edges. The other rules are
 * in .dependency-cruiser.cjs, whose options this reuses. Run by `npm run lint:layers`.
 */
const base = require('./.dependency-cruiser.cjs');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'finalize-and-rules-not-reaching-engine',
      severity: 'error',
      comment:
        'Nor through another module: a finalize importing a constant from its scan.ts, which imports the engine, ' +
        'loads the engine all the same. Checked on the runtime graph (type-only imports load nothing).',
      from: { path: ['^src/audit/metrics/.+/finalize[^/]*\\.ts$', '^src/audit/rules/'] },
      to: { path: '^src/audit/engine/', reachable: true },
    },
  ],
  options: { ...base.options, tsPreCompilationDeps: false },
};

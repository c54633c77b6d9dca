/**
 * The layering of hireaudit (docs: /work/shared/docs/design.md "Boundaries"; issue 11 item 7),
 * checked by `npm test` (npm run lint:layers). Data flows one way: ingest -> engine -> metrics ->
 * rules -> AuditResult -> reports / CLI / server. Paths are relative to the repository root.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'audit-not-to-shells',
      severity: 'error',
      comment: 'src/audit knows no rendering, CLI or HTTP: it produces an AuditResult and nothing else.',
      from: { path: '^src/audit/' },
      to: { path: '^src/(reports|cli|server)/' },
    },
    {
      name: 'reports-only-contract',
      severity: 'error',
      comment:
        'Reports read only the AuditResult: from src/audit they import the contract (its types, and constants such as the ' +
        'severity order and the canonical JSON), never the engine, ingest, metrics, rules, probes or statistics.',
      from: { path: '^src/reports/' },
      to: { path: '^src/audit/', pathNot: '^src/audit/contract/' },
    },
    {
      name: 'reports-not-to-shells',
      severity: 'error',
      comment: 'Reports are used by the CLI and the server, never the reverse.',
      from: { path: '^src/reports/' },
      to: { path: '^src/(cli|server)/' },
    },
    {
      name: 'finalize-and-rules-not-to-engine',
      severity: 'error',
      comment:
        'finalize (pure statistics on the aggregates) and the rules (verdicts) run without a database: they import no ' +
        'engine code. Type-only imports load nothing and are allowed.',
      from: { path: ['^src/audit/metrics/.+/finalize[^/]*\\.ts$', '^src/audit/rules/'] },
      to: { path: '^src/audit/engine/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'metrics-not-to-rules',
      severity: 'error',
      comment: 'Metrics compute numbers, rules judge them: metric code uses no rule, threshold text or message of src/audit/rules.',
      from: { path: '^src/audit/metrics/' },
      to: { path: '^src/audit/rules/' },
    },
    {
      name: 'no-verdict-in-metrics',
      severity: 'error',
      comment:
        'Verdicts (pass/warn/fail from policy thresholds, with their sentence) belong in src/audit/rules: a verdict module ' +
        'under src/audit/metrics is used by nobody. (verdict-stability.ts is a metric: how stable verdicts are under resampling.)',
      from: {},
      to: { path: '^src/audit/metrics/.+/verdict\\.ts$' },
    },
    {
      name: 'no-family-to-family',
      severity: 'error',
      comment: 'A metric family imports no other family; what families share lives beside them (the group frame, stats).',
      from: { path: '^src/audit/metrics/([^/]+)/' },
      to: { path: '^src/audit/metrics/[^/]+/', pathNot: '^src/audit/metrics/$1/' },
    },
    {
      name: 'cli-not-to-server',
      severity: 'error',
      comment:
        'The CLI and the server are two thin shells over the same service surface; neither imports the other. Only the commands that run or administer the server (serve, keys) load it, by dynamic import.',
      from: { path: '^src/cli/', pathNot: '^src/cli/(serve|keys)-command[.]ts$' },
      to: { path: '^src/server/' },
    },
    {
      name: 'server-not-to-cli',
      severity: 'error',
      comment: 'The CLI and the server are two thin shells over the same service surface; neither imports the other.',
      from: { path: '^src/server/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'src-not-to-dev-dependencies',
      severity: 'error',
      comment: 'Shipped code imports only runtime dependencies (package.json "dependencies").',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^node_modules/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'] },
  },
};

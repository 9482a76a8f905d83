// The layer rules of issue 9, as code: `npm run lint` fails when an import
// crosses a line the architecture draws. lib/ is grouped by where code runs
// (shared = pure, worker, page, offscreen); see README.md.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'shared-is-pure',
      comment: 'lib/shared runs everywhere (worker, pages, offscreen, server): it imports nothing that runs in only one of them.',
      severity: 'error',
      from: { path: '^lib/shared/' },
      to: { path: '^(lib/(worker|page|offscreen)|components|entrypoints|server)/' },
    },
    {
      name: 'shared-no-browser-api',
      comment: 'lib/shared takes browser APIs as parameters; importing wxt/browser would tie it to an extension context (and the server).',
      severity: 'error',
      from: { path: '^lib/shared/' },
      to: { path: '(^|/)node_modules/(wxt/.*browser|webextension-polyfill|@wxt-dev/webextension-polyfill)' },
    },
    {
      name: 'pages-not-to-worker',
      comment: 'Pages talk to the worker through messages (lib/page/worker-client.ts), never by importing its code.',
      severity: 'error',
      from: { path: '^(components|lib/page|entrypoints/(popup|options))/' },
      to: { path: '^lib/(worker|offscreen)/' },
    },
    {
      name: 'offscreen-only-shared',
      comment: 'The offscreen document does one thing (compare and clear the clipboard) with shared logic only.',
      severity: 'error',
      from: { path: '^lib/offscreen/' },
      to: { pathNot: '^lib/(offscreen|shared)/' },
    },
    {
      name: 'server-only-contract',
      comment: 'The reference server shares only the API contract with the extension, so either can change its internals alone.',
      severity: 'error',
      from: { path: '^server/' },
      to: { pathNot: '^(server/|lib/shared/contract/|node_modules/)', dependencyTypesNot: ['core'] },
    },
    {
      name: 'bench-not-tests',
      comment: 'Shared test support lives in testkit/; bench and tests do not reach into each other.',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^tests/' },
    },
    {
      name: 'tests-not-bench',
      comment: 'Shared test support lives in testkit/; bench and tests do not reach into each other.',
      severity: 'error',
      from: { path: '^tests/' },
      to: { path: '^bench/' },
    },
    {
      name: 'testkit-stands-alone',
      comment: 'testkit/ is what tests/ and bench/ share, so it depends on neither.',
      severity: 'error',
      from: { path: '^testkit/' },
      to: { path: '^(tests|bench)/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes module start-up order matter and the layers meaningless.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans-in-lib',
      comment: 'A module in lib/ that nothing imports is dead code (or a missing import).',
      severity: 'error',
      from: { orphan: true, path: '^lib/', pathNot: '\\.d\\.ts$' },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(\\.output|\\.wxt|public)/' },
    // Type-only imports count: a layer that imports another's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

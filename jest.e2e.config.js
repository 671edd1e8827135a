/** End-to-end tests against a real n8n (dev/n8n). `npm run test:e2e` (jest --runInBand).
 * globalSetup installs n8n into the home cache on first use (~7 min) and builds the package. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.dev.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	// Each n8n CLI call boots n8n (~5 s); a start takes 10–20 s; queue mode adds a worker.
	testTimeout: 300000,
	slowTestThreshold: 60,
	// One n8n at a time is enough for 2 cores; --runInBand is what `npm run test:e2e` passes.
	maxWorkers: 1,
	verbose: true,
};

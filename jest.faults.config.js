/** Fault suite: the nodes against the sandbox emulator over real HTTP with faults injected
 * (`npm run test:faults`, --runInBand). No nock here: test/setup/nock.ts is deliberately not loaded. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/faults'],
	testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.dev.json' }],
	},
	testTimeout: 180000,
	maxWorkers: 1,
	verbose: true,
};

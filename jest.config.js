/** Unit, sandbox-contract and integration tests. End-to-end (real n8n) and the fault suite
 * have their own configs: jest.e2e.config.js and jest.faults.config.js. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['<rootDir>/test/{unit,sandbox,integration}/**/*.test.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/setup/nock.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }],
	},
	testTimeout: 30000,
};

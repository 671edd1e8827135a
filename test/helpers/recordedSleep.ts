/**
 * n8n-workflow with `sleep` recorded, not awaited: a test reads how long the code would have
 * waited instead of timing it. Use in the test file as
 *   jest.mock('n8n-workflow', () => jest.requireActual('../../helpers/recordedSleep').withRecordedSleep());
 */
export const slept: number[] = [];

export function withRecordedSleep(): object {
	const actual = jest.requireActual('n8n-workflow') as object;
	return {
		...actual,
		sleep: async (ms: number) => {
			slept.push(ms);
		},
	};
}

/** The sum of the recorded sleeps (pause() sleeps in short steps: a hold is their sum). */
export const totalSlept = (): number => slept.reduce((a, b) => a + b, 0);

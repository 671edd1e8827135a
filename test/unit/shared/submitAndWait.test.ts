import type { IExecuteFunctions } from 'n8n-workflow';

import { submitAndWait, type BatchService } from '../../../nodes/shared/waiting/submitAndWait';

interface Entry {
	itemIndex: number;
	group: string;
	file: string;
}

/** A service whose items carry "group:file,file" and whose calls fail when they carry a file named "bad". */
function fakeService(calls: string[][]): BatchService<Entry, { id: string; file: string }, unknown> {
	return {
		maxPerCall: 2,
		waitSettings: () => undefined,
		plan(_ctx, itemIndex) {
			const spec = ['a:1,2,3', 'b:4', 'a:bad,6', 'oops', 'a:5'][itemIndex];
			if (!spec.includes(':')) throw new Error('Spec has no group');
			const [group, files] = spec.split(':');
			return files.split(',').map((file) => ({ itemIndex, group, file }));
		},
		groupKey: (entry) => entry.group,
		async submit(_ctx, chunk) {
			calls.push(chunk.map((entry) => entry.file));
			if (chunk.some((entry) => entry.file === 'bad')) throw Object.assign(new Error('Call refused'), { description: 'Fix the file.' });
			return await Promise.resolve(chunk.map((entry) => (entry.file === '2' ? new Error('No job for file 2') : { id: `job-${entry.file}`, file: entry.file })));
		},
		failedCallHint: (chunk) => `Files of this call: ${chunk.map((entry) => entry.file).join(', ')}`,
		entryFields: (entry) => ({ file: entry.file }),
		waitId: (job) => job.id,
		check: async () => await Promise.resolve({ done: true, value: null }),
		statusOf: () => 'done',
		describe: (job) => ({ label: `Job ${job.id}`, later: 'Look later.', fields: { job_id: job.id } }),
		format: (_ctx, entry, job) => ({ item: entry.itemIndex, job_id: job.id }),
	};
}

test('groups by key, 2 a call; a planning error, an entry without a job and a failed call each stay with their own items', async () => {
	const calls: string[][] = [];
	const outcomes = await submitAndWait({} as IExecuteFunctions, [0, 1, 2, 3, 4], fakeService(calls));
	// Group a is 1, 2, 3, bad, 6, 5 → calls of two; item 2's "6" is not sent after its call failed; group b is 4.
	expect(calls).toEqual([['1', '2'], ['3', 'bad'], ['5'], ['4']]);
	const seen = (itemIndex: number) =>
		outcomes
			.filter((outcome) => outcome.itemIndex === itemIndex)
			.map((outcome) => outcome.outputs?.[0].json ?? { error: outcome.error?.message, description: (outcome.error as { description?: string }).description, ...outcome.errorJson });
	expect(seen(3)).toEqual([{ error: 'Spec has no group', description: undefined }]);
	expect(seen(0)).toEqual([
		{ error: 'No job for file 2', description: undefined, file: '2' },
		// Item 0's third file went out with item 2's bad one: the call's error, with its hint.
		{ error: 'Call refused', description: 'Fix the file.\nFiles of this call: 3, bad' },
		{ item: 0, job_id: 'job-1' },
	]);
	expect(seen(2)).toEqual([{ error: 'Call refused', description: 'Fix the file.\nFiles of this call: 3, bad' }]);
	expect(seen(1)).toEqual([{ item: 1, job_id: 'job-4' }]);
	expect(seen(4)).toEqual([{ item: 4, job_id: 'job-5' }]);
	// Each item has its own copy of the failed call's error.
	const copies = outcomes.filter((outcome) => outcome.error?.message === 'Call refused').map((outcome) => outcome.error);
	expect(copies).toHaveLength(2);
	expect(copies[0]).not.toBe(copies[1]);
});

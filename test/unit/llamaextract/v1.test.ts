import nock from 'nock';

import { binaryItem } from '../../../dev/harness/n8nContext';
import { AGENT_ID, FILE_ID, JOB_ID, LLAMA_KEY, LLAMA_URL, RUN_ID, fastClock, fastTiming, llamaCredentials, runLlama } from '../../helpers/llamaextract';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => fastTiming());
afterEach(() => nock.cleanAll());
afterAll(() => fastTiming());

const SCHEMA = { type: 'object', properties: { name: { type: 'string' } } };
const agentRef = { __rl: true, mode: 'id', value: AGENT_ID };
const agent = { id: AGENT_ID, name: 'resume_parser', project_id: 'p', data_schema: SCHEMA, config: { extraction_mode: 'BALANCED', cite_sources: false } };
const v1Job = (status: string, extra: Record<string, unknown> = {}) => ({ id: JOB_ID, extraction_agent: agent, status, error: null, file_id: FILE_ID, ...extra });
const resultSet = { run_id: RUN_ID, extraction_agent_id: AGENT_ID, data: { name: 'Jane Doe' }, extraction_metadata: { field_metadata: { name: { confidence: 0.9 } } } };
const scoped = llamaCredentials({ projectId: 'prj-1', organizationId: 'org-1' });
const scopeQs = { project_id: 'prj-1', organization_id: 'org-1' };

describe('Agent (v1)', () => {
	test('create sends name, schema and config with the project scope', async () => {
		const scope = nock(LLAMA_URL, { reqheaders: { authorization: `Bearer ${LLAMA_KEY}` } })
			.post('/api/v1/extraction/extraction-agents', { name: 'resume_parser', data_schema: SCHEMA, config: { extraction_mode: 'PREMIUM', page_range: '1-2', cite_sources: true } })
			.query(scopeQs)
			.reply(200, agent);
		const result = await runLlama(
			{ resource: 'agent', operation: 'create', name: 'resume_parser', dataSchema: JSON.stringify(SCHEMA), config: { extraction_mode: 'PREMIUM', page_range: '1 - 2', cite_sources: true } },
			undefined,
			{ credentials: scoped },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ agent_id: AGENT_ID, name: 'resume_parser' });
		scope.done();
	});

	test('get, get many (plain array, Limit), get default', async () => {
		const scope = nock(LLAMA_URL)
			.get(`/api/v1/extraction/extraction-agents/${AGENT_ID}`)
			.reply(200, agent)
			.get('/api/v1/extraction/extraction-agents')
			.query({ include_default: 'true', ...scopeQs })
			.reply(200, [agent, { ...agent, id: 'x', name: 'b' }, { ...agent, id: 'y', name: 'c' }])
			.get('/api/v1/extraction/extraction-agents/default')
			.query(scopeQs)
			.reply(200, { ...agent, custom_configuration: 'default' });
		const got = await runLlama({ resource: 'agent', operation: 'get', agent: agentRef }, undefined, { credentials: scoped });
		expect(got.items[0].json.name).toBe('resume_parser');
		const many = await runLlama({ resource: 'agent', operation: 'getAll', includeDefault: true, limit: 2 }, undefined, { credentials: scoped });
		expect(many.items.map((i) => i.json.name)).toEqual(['resume_parser', 'b']);
		const def = await runLlama({ resource: 'agent', operation: 'getDefault' }, undefined, { credentials: scoped });
		expect(def.items[0].json.custom_configuration).toBe('default');
		scope.done();
	});

	test('update reads the agent and replaces schema + config, keeping untouched settings', async () => {
		const newSchema = { type: 'object', properties: { email: { type: 'string' } } };
		const scope = nock(LLAMA_URL)
			.get(`/api/v1/extraction/extraction-agents/${AGENT_ID}`)
			.reply(200, agent)
			.put(`/api/v1/extraction/extraction-agents/${AGENT_ID}`, { data_schema: newSchema, config: { extraction_mode: 'BALANCED', cite_sources: true } })
			.reply(200, { ...agent, data_schema: newSchema });
		const result = await runLlama({
			resource: 'agent',
			operation: 'update',
			agent: agentRef,
			replaceSchema: true,
			dataSchema: JSON.stringify(newSchema),
			config: { cite_sources: true },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.data_schema).toEqual(newSchema);
		scope.done();
	});

	test('delete returns { deleted: true }', async () => {
		const scope = nock(LLAMA_URL).delete(`/api/v1/extraction/extraction-agents/${AGENT_ID}`).reply(200, {});
		const result = await runLlama({ resource: 'agent', operation: 'delete', agent: agentRef });
		expect(result.items[0].json).toEqual({ deleted: true, agent_id: AGENT_ID });
		scope.done();
	});

	test('validate schema: valid, and invalid (400) reported as valid: false', async () => {
		const scope = nock(LLAMA_URL)
			.post('/api/v1/extraction/extraction-agents/schema/validation', { data_schema: SCHEMA })
			.reply(200, { data_schema: SCHEMA })
			.post('/api/v1/extraction/extraction-agents/schema/validation')
			.reply(400, { detail: 'Schema nesting exceeds 7 levels' });
		const ok = await runLlama({ resource: 'agent', operation: 'validateSchema', dataSchema: JSON.stringify(SCHEMA) });
		expect(ok.items[0].json).toEqual({ valid: true, data_schema: SCHEMA });
		const bad = await runLlama({ resource: 'agent', operation: 'validateSchema', dataSchema: JSON.stringify(SCHEMA) });
		expect(bad.items[0].json).toMatchObject({ valid: false, message: 'Schema nesting exceeds 7 levels' });
		scope.done();
	});

	test('generate schema from a prompt; nothing to generate from is refused', async () => {
		const scope = nock(LLAMA_URL)
			.post('/api/v1/extraction/extraction-agents/schema/generate', { prompt: 'Candidate name', file_id: FILE_ID })
			.query(scopeQs)
			.reply(200, { data_schema: SCHEMA });
		const result = await runLlama(
			{ resource: 'agent', operation: 'generateSchema', prompt: 'Candidate name', options: { fileId: FILE_ID } },
			undefined,
			{ credentials: scoped },
		);
		expect(result.items[0].json).toEqual({ data_schema: SCHEMA });
		scope.done();
		const empty = await runLlama({ resource: 'agent', operation: 'generateSchema', prompt: ' ' });
		expect(empty.error?.message).toBe('Nothing to generate a schema from [item 0]');
	});

	test('an agent id that is not a UUID is refused before sending', async () => {
		const result = await runLlama({ resource: 'agent', operation: 'get', agent: { __rl: true, mode: 'id', value: 'nope' } });
		expect(result.error?.message).toBe('Agent "nope" is not a valid ID [item 0]');
	});
});

describe('Job (v1)', () => {
	test('create from a file id, wait, fetch the result (scoped) with metadata', async () => {
		const scope = nock(LLAMA_URL)
			.post('/api/v1/extraction/jobs', {
				extraction_agent_id: AGENT_ID,
				file_id: FILE_ID,
				data_schema_override: SCHEMA,
				config_override: { extraction_target: 'PER_PAGE' },
			})
			.reply(200, v1Job('PENDING'))
			.get(`/api/v1/extraction/jobs/${JOB_ID}`)
			.reply(200, v1Job('PENDING'))
			.get(`/api/v1/extraction/jobs/${JOB_ID}`)
			.reply(200, v1Job('SUCCESS'))
			.get(`/api/v1/extraction/jobs/${JOB_ID}/result`)
			.query(scopeQs)
			.reply(200, resultSet);
		const result = await runLlama(
			{
				resource: 'job',
				operation: 'create',
				agent: agentRef,
				fileSource: 'fileId',
				fileId: FILE_ID,
				configOverride: { extraction_target: 'PER_PAGE' },
				options: { dataSchemaOverride: JSON.stringify(SCHEMA), includeMetadata: true },
			},
			undefined,
			{ credentials: scoped },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({
			job_id: JOB_ID,
			run_id: RUN_ID,
			extraction_agent_id: AGENT_ID,
			file_id: FILE_ID,
			status: 'SUCCESS',
			data: { name: 'Jane Doe' },
			metadata: resultSet.extraction_metadata,
		});
		scope.done();
	});

	test('create from binary goes through the one-call jobs/file multipart', async () => {
		let form = '';
		const scope = nock(LLAMA_URL)
			.post('/api/v1/extraction/jobs/file', (body: string) => {
				form = body;
				return true;
			})
			.reply(200, v1Job('PENDING'));
		const item = await binaryItem(Buffer.from('resume text'), 'cv.txt', 'text/plain');
		const result = await runLlama(
			{ resource: 'job', operation: 'create', agent: agentRef, configOverride: { cite_sources: true }, waitForCompletion: false },
			[item],
		);
		expect(result.error).toBeUndefined();
		expect(form).toMatch(new RegExp(`name="extraction_agent_id"\\r\\n\\r\\n${AGENT_ID}\\r\\n`));
		expect(form).toContain('filename="cv.txt"\r\nContent-Type: text/plain\r\n\r\nresume text\r\n');
		expect(form).toMatch(/name="config_override"\r\n\r\n\{"cite_sources":true\}\r\n/);
		expect(result.items[0].json).toMatchObject({ job_id: JOB_ID, status: 'PENDING', extraction_agent_id: AGENT_ID });
		scope.done();
	});

	test('a job that ends in ERROR is an error naming the job', async () => {
		nock(LLAMA_URL).get(`/api/v1/extraction/jobs/${JOB_ID}`).reply(200, v1Job('ERROR', { error: 'Unsupported file' }));
		const result = await runLlama({ resource: 'job', operation: 'wait', jobId: JOB_ID });
		expect(result.error?.message).toBe(`Job ${JOB_ID} failed (ERROR): Unsupported file [item 0]`);
	});

	test('wait times out with the job id and last status', async () => {
		fastClock(60_000);
		nock(LLAMA_URL).get(`/api/v1/extraction/jobs/${JOB_ID}`).times(20).reply(200, v1Job('PENDING'));
		const result = await runLlama({ resource: 'job', operation: 'wait', jobId: JOB_ID, options: { maxWaitMinutes: 2 } });
		expect(result.items[0].json).toMatchObject({ job_id: JOB_ID, status: 'PENDING', timed_out: true });
	});

	test('create batch: two items with the same agent become one call; one output per file, paired', async () => {
		const ids = ['dfl-1', 'dfl-2', 'dfl-3'];
		const jobs = ids.map((fileId, i) => ({ ...v1Job('PENDING'), id: `${JOB_ID.slice(0, -1)}${i + 5}`, file_id: fileId }));
		const scope = nock(LLAMA_URL).post('/api/v1/extraction/jobs/batch', { extraction_agent_id: AGENT_ID, file_ids: ids }).reply(200, jobs);
		const result = await runLlama(
			{ resource: 'job', operation: 'createBatch', agent: agentRef, fileIds: '={{ $json.files }}', waitForCompletion: false },
			[{ json: { files: 'dfl-1, dfl-2' } }, { json: { files: 'dfl-3' } }],
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => [i.json.file_id, i.pairedItem])).toEqual([
			['dfl-1', { item: 0 }],
			['dfl-2', { item: 0 }],
			['dfl-3', { item: 1 }],
		]);
		scope.done();
	});

	test('create batch waits for every job and returns results; a failed job is reported, not hidden', async () => {
		const jobs = [
			{ ...v1Job('PENDING'), id: `${JOB_ID.slice(0, -1)}5`, file_id: 'dfl-1' },
			{ ...v1Job('PENDING'), id: `${JOB_ID.slice(0, -1)}6`, file_id: 'dfl-2' },
		];
		const scope = nock(LLAMA_URL)
			.post('/api/v1/extraction/jobs/batch')
			.reply(200, jobs)
			.get(`/api/v1/extraction/jobs/${jobs[0].id}`)
			.reply(200, { ...jobs[0], status: 'SUCCESS' })
			.get(`/api/v1/extraction/jobs/${jobs[1].id}`)
			.reply(200, { ...jobs[1], status: 'ERROR', error: 'bad scan' })
			.get(`/api/v1/extraction/jobs/${jobs[0].id}/result`)
			.reply(200, resultSet);
		const result = await runLlama({ resource: 'job', operation: 'createBatch', agent: agentRef, fileIds: 'dfl-1,dfl-2' });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([
			expect.objectContaining({ job_id: jobs[0].id, status: 'SUCCESS', data: { name: 'Jane Doe' } }),
			expect.objectContaining({ job_id: jobs[1].id, status: 'ERROR', error: 'bad scan' }),
		]);
		scope.done();
	});

	test('create batch: On Timeout "Fail" fails each job still running, naming it and its last status; "Return" marks it timed_out', async () => {
		fastClock(60_000);
		const jobs = [{ ...v1Job('PENDING'), id: `${JOB_ID.slice(0, -1)}5`, file_id: 'dfl-1' }];
		nock(LLAMA_URL).post('/api/v1/extraction/jobs/batch').times(2).reply(200, jobs);
		nock(LLAMA_URL).get(`/api/v1/extraction/jobs/${jobs[0].id}`).times(40).reply(200, jobs[0]);
		const params = { resource: 'job', operation: 'createBatch', agent: agentRef, fileIds: 'dfl-1' };
		const failing = await runLlama({ ...params, options: { maxWaitMinutes: 2, onTimeout: 'fail' } });
		expect(failing.error?.message).toBe(`Job ${jobs[0].id} (file dfl-1) did not finish within the max wait [item 0]`);
		expect(failing.error?.description).toContain('Its last status was "PENDING"');
		expect(failing.error?.description).toContain('Job → Wait');
		const returning = await runLlama({ ...params, options: { maxWaitMinutes: 2 } });
		expect(returning.error).toBeUndefined();
		expect(returning.items.map((item) => item.json)).toEqual([expect.objectContaining({ job_id: jobs[0].id, status: 'PENDING', timed_out: true })]);
	});

	test('create batch: a bad Max Wait fails before any job is created', async () => {
		const post = nock(LLAMA_URL).post('/api/v1/extraction/jobs/batch').reply(200, [v1Job('PENDING')]);
		const result = await runLlama({ resource: 'job', operation: 'createBatch', agent: agentRef, fileIds: 'dfl-1', options: { maxWaitMinutes: -1 } });
		expect(result.error?.message).toBe('Max Wait must be a positive number of minutes, not -1 [item 0]');
		expect(post.isDone()).toBe(false);
	});

	describe('create batch: the wait fails after the jobs were created', () => {
		const jobs = [
			{ ...v1Job('PENDING'), id: `${JOB_ID.slice(0, -1)}5`, file_id: 'dfl-1' },
			{ ...v1Job('PENDING'), id: `${JOB_ID.slice(0, -1)}6`, file_id: 'dfl-2' },
		];
		const params = { resource: 'job', operation: 'createBatch', agent: agentRef, fileIds: '={{ $json.files }}' };
		const input = [{ json: { files: 'dfl-1' } }, { json: { files: 'dfl-2' } }];
		const failingWait = () =>
			nock(LLAMA_URL)
				.post('/api/v1/extraction/jobs/batch')
				.reply(200, jobs)
				.get(`/api/v1/extraction/jobs/${jobs[0].id}`)
				.reply(404, { detail: 'Job not found' });

		test('Continue On Fail: one error item per created job, carrying its id', async () => {
			const scope = failingWait();
			const result = await runLlama(params, input, { continueOnFail: true });
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => [i.json.job_id, i.json.file_id, i.pairedItem])).toEqual([
				[jobs[0].id, 'dfl-1', { item: 0 }],
				[jobs[1].id, 'dfl-2', { item: 1 }],
			]);
			expect(String(result.items[1].json.error)).toContain(`Job ${jobs[1].id} (file dfl-2) was started, but waiting for it failed`);
			scope.done();
		});

		test('a result that cannot be fetched is an error item with its job id; the other results stay', async () => {
			const scope = nock(LLAMA_URL)
				.post('/api/v1/extraction/jobs/batch')
				.reply(200, jobs)
				.get(`/api/v1/extraction/jobs/${jobs[0].id}`)
				.reply(200, { ...jobs[0], status: 'SUCCESS' })
				.get(`/api/v1/extraction/jobs/${jobs[1].id}`)
				.reply(200, { ...jobs[1], status: 'SUCCESS' })
				.get(`/api/v1/extraction/jobs/${jobs[0].id}/result`)
				.reply(404, { detail: 'No result' })
				.get(`/api/v1/extraction/jobs/${jobs[1].id}/result`)
				.reply(200, resultSet);
			const result = await runLlama({ ...params, fileIds: 'dfl-1, dfl-2' }, undefined, { continueOnFail: true });
			expect(result.items.map((i) => [i.json.job_id, i.json.data ?? null, typeof i.json.error])).toEqual([
				[jobs[0].id, null, 'string'],
				[jobs[1].id, { name: 'Jane Doe' }, 'undefined'],
			]);
			scope.done();
		});

		test('without it: the error names the item and the job', async () => {
			failingWait();
			const result = await runLlama(params, input);
			expect(result.error?.message).toBe(`Job ${jobs[0].id} (file dfl-1) was started, but waiting for it failed: Job ${jobs[0].id} was not found [item 0]`);
			expect(result.error?.description).toContain('Job → Wait');
		});
	});

	test('create batch: a file the API started no job for is an error naming it, not lost or mismatched', async () => {
		const jobs = [
			{ ...v1Job('PENDING'), id: `${JOB_ID.slice(0, -1)}5`, file_id: 'dfl-1' },
			{ ...v1Job('PENDING'), id: `${JOB_ID.slice(0, -1)}7`, file_id: 'dfl-3' },
		];
		nock(LLAMA_URL).post('/api/v1/extraction/jobs/batch').reply(200, jobs);
		const result = await runLlama(
			{ resource: 'job', operation: 'createBatch', agent: agentRef, fileIds: 'dfl-1, dfl-2, dfl-3', waitForCompletion: false },
			undefined,
			{ continueOnFail: true },
		);
		expect(result.items.map((i) => [i.json.file_id, i.json.job_id ?? null, i.json.error ?? null])).toEqual(
			expect.arrayContaining([
				['dfl-1', jobs[0].id, null],
				['dfl-2', null, 'No job was started for file dfl-2 [item 0]'],
				['dfl-3', jobs[1].id, null],
			]),
		);
		expect(result.items).toHaveLength(3);
		const strict = nock(LLAMA_URL).post('/api/v1/extraction/jobs/batch').reply(200, jobs);
		const failed = await runLlama({ resource: 'job', operation: 'createBatch', agent: agentRef, fileIds: 'dfl-1, dfl-2, dfl-3', waitForCompletion: false });
		expect(failed.error?.message).toBe('No job was started for file dfl-2 [item 0]');
		strict.done();
	});

	test('get and get result', async () => {
		const scope = nock(LLAMA_URL)
			.get(`/api/v1/extraction/jobs/${JOB_ID}`)
			.reply(200, v1Job('SUCCESS'))
			.get(`/api/v1/extraction/jobs/${JOB_ID}/result`)
			.reply(200, { ...resultSet, data: '{"name":"Jane"}' });
		const got = await runLlama({ resource: 'job', operation: 'get', jobId: JOB_ID });
		expect(got.items[0].json).toEqual({ job_id: JOB_ID, status: 'SUCCESS', extraction_agent_id: AGENT_ID, agent_name: 'resume_parser', file_id: FILE_ID, error: null });
		const res = await runLlama({ resource: 'job', operation: 'getResult', jobId: JOB_ID });
		expect(res.items[0].json).toMatchObject({ job_id: JOB_ID, run_id: RUN_ID, data: { name: 'Jane' } });
		scope.done();
	});
});

describe('Run (v1)', () => {
	const run = (id: string, status = 'SUCCESS') => ({ id, project_id: 'p', extraction_agent_id: AGENT_ID, data_schema: SCHEMA, config: {}, status, from_ui: false, job_id: JOB_ID, data: { name: id } });

	test('get many walks skip/limit pages until total (Return All) with the status filter', async () => {
		const many = Array.from({ length: 130 }, (_, i) => run(`r${i}`));
		const scope = nock(LLAMA_URL)
			.get('/api/v1/extraction/runs')
			.query({ extraction_agent_id: AGENT_ID, skip: 0, limit: 100, status: 'SUCCESS' })
			.reply(200, { items: many.slice(0, 100), total: 130, skip: 0, limit: 100 })
			.get('/api/v1/extraction/runs')
			.query({ extraction_agent_id: AGENT_ID, skip: 100, limit: 100, status: 'SUCCESS' })
			.reply(200, { items: many.slice(100), total: 130, skip: 100, limit: 100 });
		const result = await runLlama({ resource: 'run', operation: 'getAll', agent: agentRef, returnAll: true, filters: { status: 'SUCCESS' } });
		expect(result.items).toHaveLength(130);
		expect(result.items[129].json).toMatchObject({ run_id: 'r129', data: { name: 'r129' } });
		scope.done();
	});

	test('get many (Return All) keeps going when the server caps pages at 25 below the total', async () => {
		const many = Array.from({ length: 60 }, (_, i) => run(`r${i}`));
		const skips: number[] = [];
		nock(LLAMA_URL)
			.persist()
			.get('/api/v1/extraction/runs')
			.query(true)
			.reply((uri) => {
				const q = new URL(uri, LLAMA_URL).searchParams;
				const skip = Number(q.get('skip'));
				skips.push(skip);
				const limit = Math.min(25, Number(q.get('limit')));
				return [200, { items: many.slice(skip, skip + limit), total: many.length, skip, limit }];
			});
		const result = await runLlama({ resource: 'run', operation: 'getAll', agent: agentRef, returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.run_id)).toEqual(many.map((r) => r.id));
		expect(skips).toEqual([0, 25, 50]);
	});

	test('get many (Return All) stops on an empty page even if the total promises more', async () => {
		const scope = nock(LLAMA_URL)
			.get('/api/v1/extraction/runs')
			.query(true)
			.reply(200, { items: [run('a')], total: 5, skip: 0, limit: 100 })
			.get('/api/v1/extraction/runs')
			.query(true)
			.reply(200, { items: [], total: 5, skip: 1, limit: 100 });
		const result = await runLlama({ resource: 'run', operation: 'getAll', agent: agentRef, returnAll: true });
		expect(result.items.map((i) => i.json.run_id)).toEqual(['a']);
		scope.done();
	});

	test('get many with Limit asks for one page of that size', async () => {
		const scope = nock(LLAMA_URL)
			.get('/api/v1/extraction/runs')
			.query({ extraction_agent_id: AGENT_ID, skip: 0, limit: 2 })
			.reply(200, { items: [run('a'), run('b')], total: 10, skip: 0, limit: 2 });
		const result = await runLlama({ resource: 'run', operation: 'getAll', agent: agentRef, limit: 2 });
		expect(result.items.map((i) => i.json.run_id)).toEqual(['a', 'b']);
		scope.done();
	});

	test('get, get by job, delete (scoped)', async () => {
		const scope = nock(LLAMA_URL)
			.get(`/api/v1/extraction/runs/${RUN_ID}`)
			.query(scopeQs)
			.reply(200, run(RUN_ID))
			.get(`/api/v1/extraction/runs/by-job/${JOB_ID}`)
			.query(scopeQs)
			.reply(200, run(RUN_ID))
			.delete(`/api/v1/extraction/runs/${RUN_ID}`)
			.query(scopeQs)
			.reply(200, {});
		const got = await runLlama({ resource: 'run', operation: 'get', runId: RUN_ID }, undefined, { credentials: scoped });
		expect(got.items[0].json).toMatchObject({ run_id: RUN_ID, job_id: JOB_ID, status: 'SUCCESS' });
		const byJob = await runLlama({ resource: 'run', operation: 'getByJob', jobId: JOB_ID }, undefined, { credentials: scoped });
		expect(byJob.items[0].json.run_id).toBe(RUN_ID);
		const deleted = await runLlama({ resource: 'run', operation: 'delete', runId: RUN_ID }, undefined, { credentials: scoped });
		expect(deleted.items[0].json).toEqual({ deleted: true, run_id: RUN_ID });
		scope.done();
	});
});

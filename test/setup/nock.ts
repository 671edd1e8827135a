/**
 * nock patches Node's http module, which all test files of a jest worker share, while every file
 * loads its own copy of nock. Without this, the first file's nock stays in place: later files'
 * requests reach it instead of their own interceptors and fail as "ENETUNREACH" (net connect
 * disabled), so a file passed alone and failed after another one in the same worker.
 */
import nock from 'nock';

afterAll(() => {
	nock.restore();
});

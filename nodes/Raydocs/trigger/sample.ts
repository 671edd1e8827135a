import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { apiPath } from '../../shared/transport/paths';
import { builtFrom, exampleValue, markSample, sampleNote } from '../../shared/triggers/sampleItem';
import type { RaydocsResult, RaydocsSession } from '../sessionResults';
import { pollGet } from './eventInputs';

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Extracted data as Raydocs returns it (`data.<group>.<field>`), with an example value per field. */
export function exampleTemplateData(schema: unknown): IDataObject {
	const data: IDataObject = {};
	const groups = isObject(schema) && isObject(schema.groups) ? schema.groups : {};
	for (const [groupName, group] of Object.entries(groups)) {
		const fields = isObject(group) && isObject(group.fields) ? group.fields : {};
		const out: IDataObject = {};
		for (const [fieldName, field] of Object.entries(fields)) {
			out[fieldName] = exampleValue(isObject(field) ? field.type : undefined, fieldName) as IDataObject[keyof IDataObject];
		}
		data[groupName] = out;
	}
	return data;
}

/**
 * A completed run of the first watched session, its data built from the session's template,
 * for a test run while nothing has finished; the template is read once (two requests).
 */
export async function sampleExtractionRun(ctx: IPollFunctions, session: RaydocsSession): Promise<{ run: RaydocsResult; note: string }> {
	const templateId = String(session.extraction_template_id ?? session.template_id ?? '');
	let template: IDataObject = {};
	if (templateId) {
		const body = await pollGet<IDataObject>(ctx, {
			path: apiPath`/extractions/templates/${templateId}`,
			subject: `Template ${templateId}`,
			what: `read template ${templateId}`,
		});
		template = isObject(body.data) ? body.data : body;
	}
	const now = new Date().toISOString();
	const run: RaydocsResult = {
		id: SAMPLE_ID,
		extraction_session_id: session.id,
		status: 'completed',
		title: 'Example extraction',
		data: exampleTemplateData(template.schema_json ?? template.schema),
		created_at: now,
		completed_at: now,
	};
	const source = template.name ? `template "${String(template.name)}"` : templateId ? `template ${templateId}` : undefined;
	return { run, note: sampleNote('the watched sessions', builtFrom(source), 'Wait until Raydocs has finished extracting in one of them, then fetch a test event again.') };
}

/** A processed document, for a test run while the workspace has none matching. */
export function sampleDocument(workspace: string): IDataObject {
	const now = new Date().toISOString();
	const doc: IDataObject = {
		id: SAMPLE_ID,
		workspace_id: workspace,
		filename: 'example.pdf',
		mime: 'application/pdf',
		size: 123456,
		status: 'processed',
		source_type: 'upload',
		created_at: now,
	};
	return doc;
}

/** The marks of a sample document item. */
export function markSampleDocument(json: IDataObject): IDataObject {
	return markSample(
		json,
		sampleNote('this workspace', 'like a typical processed document', 'Upload a document to the workspace (and let Raydocs parse it), or loosen the filters, then fetch a test event again.'),
	);
}

/** A completed workflow run, for a test run while the workflow has none. */
export function sampleWorkflowRun(workflowId: string): IDataObject {
	const now = new Date().toISOString();
	return { id: SAMPLE_ID, workflow_id: workflowId, status: 'completed', created_at: now, completed_at: now };
}

/** An example run output: one document reference, as workflows that persist files return it. */
export function sampleWorkflowOutput(workspace: string): IDataObject {
	return {
		documents: [{ type: 'documentRef', documentId: SAMPLE_ID, workspaceId: workspace, filename: 'example.pdf', mime: 'application/pdf' }],
	};
}

export function markSampleRun(json: IDataObject): IDataObject {
	return markSample(
		json,
		sampleNote('this workflow', 'like a typical completed run', 'Run the workflow once in Raydocs (debug runs do not count), then fetch a test event again.'),
	);
}

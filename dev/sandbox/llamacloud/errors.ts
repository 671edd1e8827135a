/** LlamaCloud's FastAPI-shaped errors: `{ detail: string }`, and pydantic's 422 list. */
import { HttpError } from '../http';

export const detail = (status: number, msg: string) => new HttpError(status, { detail: msg });
export const notFound = (what: string) => detail(404, `${what} not found`);
/** FastAPI/pydantic 422 body. */
export function v422(items: { loc: (string | number)[]; msg: string; type?: string; input?: unknown }[]): HttpError {
	return new HttpError(422, { detail: items.map((i) => ({ type: i.type ?? 'missing', loc: i.loc, msg: i.msg, input: i.input ?? null })) });
}
export const required = (body: Record<string, unknown>, fields: string[], where = 'body') => {
	const miss = fields.filter((f) => body[f] === undefined || body[f] === null);
	if (miss.length) throw v422(miss.map((f) => ({ loc: [where, f], msg: 'Field required', input: where === 'body' ? body : null })));
};

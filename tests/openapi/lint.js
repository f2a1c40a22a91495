// The lint of docs/openapi.yaml (scripts/test): @apidevtools/
// swagger-parser validates it against the OpenAPI 3.1 schema and
// resolves every $ref; then what the contract check relies on: each
// operation declares its responses, with a schema for each JSON body.
//
//   node lint.js       (FCAUTH_OPENAPI=file for another document)
'use strict';

const SwaggerParser = require('@apidevtools/swagger-parser');
const { loadDoc, operations, deref, docPath } = require('./lib');

async function main() {
	const file = docPath();
	const doc = await loadDoc(file);
	const errs = [];

	if (!/^3\.1\./.test(String(doc.openapi)))
		errs.push(`openapi is ${doc.openapi}, not 3.1.x`);
	await SwaggerParser.validate(structuredClone(doc));
	const ops = operations(doc);
	for (const o of ops) {
		const where = `${o.method} ${o.path}`;
		const rs = o.op.responses || {};
		if (Object.keys(rs).length === 0)
			errs.push(`${where}: no responses`);
		for (const [code, raw] of Object.entries(rs)) {
			const r = deref(doc, raw);
			for (const [mt, c] of Object.entries(r.content || {}))
				if (/json/.test(mt) && !(c && c.schema))
					errs.push(`${where} ${code} ${mt}: no schema`);
		}
	}
	for (const e of errs)
		console.log(`lint: ${file}: ${e}`);
	console.log(`lint: ${file}: OpenAPI ${doc.openapi}, ` +
	    `${Object.keys(doc.paths || {}).length} paths, ${ops.length} ` +
	    `operations: ${errs.length === 0 ? 'valid' : errs.length +
	    ' problems'}`);
	return errs.length === 0 ? 0 : 1;
}

main().then((rc) => { process.exitCode = rc; }, (e) => {
	console.log(`lint: ${e.message}`);
	process.exitCode = 1;
});

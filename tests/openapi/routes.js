// The route-drift test (scripts/test): every route a program serves
// (its --routes lines) is an operation of docs/openapi.yaml, and every
// operation of the document is a route some program serves.  HEAD,
// which the programs answer as GET without a body, is documented by
// the path's "head" or its "get"; a documented "options" (the CORS
// preflight, answered on every served path) needs only a served path.
//
//   node routes.js PROGRAM...      (cgi-bin/auth.fcgi ...)
// Exit status 1, naming each route, when they differ.
'use strict';

const { execFileSync } = require('child_process');
const { loadDoc, operations, docPath } = require('./lib');

function served(programs) {
	const routes = new Map();	// "GET /path" -> program

	for (const prog of programs) {
		const out = execFileSync(prog, ['--routes'], { encoding: 'utf8' });
		for (const line of out.split('\n').filter((l) => l !== '')) {
			if (!/^[A-Z]+ \/\S*$/.test(line))
				throw new Error(`${prog} --routes: bad line "${line}"`);
			routes.set(line, prog.replace(/^.*\//, ''));
		}
	}
	return routes;
}

async function main() {
	const file = docPath();
	const programs = process.argv.slice(2);
	const doc = await loadDoc(file);
	const routes = served(programs);
	const ops = operations(doc);
	const documented = new Set(ops.map((o) => `${o.method} ${o.path}`));
	const paths = new Set([...routes.keys()].map((r) => r.split(' ')[1]));
	const errs = [];

	if (programs.length === 0 || routes.size === 0)
		throw new Error('no program, or no route: nothing compared');
	for (const [r, prog] of routes) {
		const [m, p] = r.split(' ');
		if (documented.has(r) ||
		    (m === 'HEAD' && documented.has(`GET ${p}`)))
			continue;
		errs.push(`${r}: served by ${prog}, missing from ${file}`);
	}
	for (const o of ops) {
		const r = `${o.method} ${o.path}`;
		if (routes.has(r) || (o.method === 'OPTIONS' && paths.has(o.path)))
			continue;
		errs.push(`${r}: in ${file}, served by no program`);
	}
	for (const e of errs)
		console.log(`route drift: ${e}`);
	console.log(`route drift: ${routes.size} routes served by ` +
	    `${programs.length} programs, ${ops.length} operations ` +
	    `documented: ${errs.length === 0 ? 'in step' :
	    errs.length + ' differences'}`);
	return errs.length === 0 ? 0 : 1;
}

main().then((rc) => { process.exitCode = rc; }, (e) => {
	console.log(`route drift: ${e.message}`);
	process.exitCode = 1;
});

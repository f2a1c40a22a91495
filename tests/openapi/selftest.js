// The checks of the API reference checked themselves (scripts/test,
// before they run): the route-drift test fails on a document with an
// operation taken out and one added, naming both; the contract check
// passes a reply the document describes and fails each of three
// altered copies of it (a status, a header, a body), naming them.  So
// a check that no longer finds anything fails here, not silently.
//
//   node selftest.js PROGRAM...      (the programs, as for routes.js)
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { loadDoc, operations, docPath } = require('./lib');

const NOWHERE = '/api/v1/selftest-nowhere';

function run(script, args, env) {
	try {
		const out = execFileSync(process.execPath,
		    [path.join(__dirname, script), ...args],
		    { encoding: 'utf8', env: { ...process.env, ...env } });
		return { rc: 0, out };
	} catch (e) {
		return { rc: e.status, out: String(e.stdout) };
	}
}

// A reply every document of fcauth describes: the 405 of a GET on the
// path of the document's first POST-only operation.
function reply(doc) {
	const o = operations(doc).find((x) => x.method === 'POST' &&
	    Object.keys(doc.paths[x.path]).filter((m) => m !== 'options' &&
	    m !== 'parameters').length === 1);

	return { suite: 'selftest', pid: 0, url: 'http://selftest', method:
	    'GET', path: o.path, status: 405, headers: [
	    ['Content-Type', 'application/json; charset=utf-8'],
	    ['Cache-Control', 'no-store'], ['Allow', 'POST']],
	    body: JSON.stringify({ success: false, code: 'method_not_allowed',
	    message: 'Method not allowed', data: null }) };
}

function expect(what, ok, out, errs) {
	if (!ok)
		errs.push(`${what}:\n${out}`);
}

async function main() {
	const doc = await loadDoc(docPath());
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcauth-openapi-'));
	const errs = [];

	try {
		// route drift: one operation gone, one served by nobody
		const gone = operations(doc)[0];
		const bad = structuredClone(doc);
		delete bad.paths[gone.path][gone.method.toLowerCase()];
		bad.paths[NOWHERE] = { get: { responses: { 200: {
		    description: 'nothing' } } } };
		const file = path.join(dir, 'drift.json');
		fs.writeFileSync(file, JSON.stringify(bad));
		let r = run('routes.js', process.argv.slice(2),
		    { FCAUTH_OPENAPI: file });
		expect('route drift passed a document with ' +
		    `${gone.method} ${gone.path} taken out and GET ${NOWHERE} ` +
		    'added', r.rc === 1 && r.out.includes(`${gone.method} ` +
		    `${gone.path}: served by`) && r.out.includes(`GET ` +
		    `${NOWHERE}: in`), r.out, errs);

		// contract: a described reply, then three altered ones
		const good = reply(doc);
		const alter = [
			{ ...good, status: 418 },
			{ ...good, headers: good.headers.filter(([n]) =>
			    n !== 'Allow') },
			{ ...good, body: JSON.stringify({ success: 'no' }) },
		];
		const rec = path.join(dir, 'rec');
		fs.mkdirSync(rec);
		fs.writeFileSync(path.join(rec, 'good-1.jsonl'),
		    JSON.stringify(good) + '\n');
		r = run('contract.js', [rec], {});
		expect('the contract check failed a described reply',
		    r.rc === 0 && r.out.includes('1 of 1 recorded'), r.out, errs);
		fs.writeFileSync(path.join(rec, 'bad-1.jsonl'), alter.map((a) =>
		    JSON.stringify(a) + '\n').join(''));
		r = run('contract.js', [rec], {});
		expect('the contract check passed altered replies', r.rc === 1 &&
		    r.out.includes('1 of 4 recorded') &&
		    (r.out.match(/^contract: undescribed: /mg) || []).length === 3,
		    r.out, errs);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
	for (const e of errs)
		console.log(`selftest: ${e}`);
	console.log(`selftest: the route-drift test and the contract check ` +
	    `${errs.length === 0 ? 'find what they must' : 'are broken'}`);
	return errs.length === 0 ? 0 : 1;
}

main().then((rc) => { process.exitCode = rc; }, (e) => {
	console.log(`selftest: ${e.stack || e.message}`);
	process.exitCode = 1;
});

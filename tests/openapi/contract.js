// The contract check (scripts/test): every reply the integration
// suites recorded from the canonical instances (tests/integration/
// record.c: one JSON line per reply in DIR/<suite>-<pid>.jsonl) is
// described by docs/openapi.yaml: its path and method are an operation
// (HEAD: the path's "head", else its "get"), its status is declared
// (the code, its range "4XX", or "default"), the headers the response
// declares are there when required and match their schemas, the API's
// headers it carries are declared, and its body has a declared media
// type and, when JSON, validates against the schema (ajv, JSON Schema
// 2020-12 as OpenAPI 3.1 has it).  A reply no operation declares must
// be one the document gives any request (x-fcauth-any-route); a reply
// to a path outside the API's prefix (the members area), one of the
// Authorizer's (x-fcauth-authorizer).  Prints the replies validated, the
// distinct (route, status) pairs they cover, and the declared pairs
// no reply exercised.
//
//   node contract.js DIR
// Exit status 1, naming each undescribed request, when any is.
'use strict';

const fs = require('fs');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');
const { METHODS, loadDoc, operations, pathMatcher, deref, pointerGet,
	pointerEscape, docPath } = require('./lib');

// Headers of the API a reply may carry only where the document says.
const WATCHED = ['allow', 'location', 'retry-after', 'set-cookie',
	'www-authenticate'];
const DOC_ID = 'https://fcauth.invalid/openapi.json';
const MAX_LISTED = 40;
// The document's replies to any request, before a route's handler.
const ANY_ROUTE = 'x-fcauth-any-route';
const ANY_LABEL = '(any route)';
// The Authorizer's replies on the paths the web server guards with it.
const AUTHORIZER = 'x-fcauth-authorizer';
const AZ_LABEL = '(authorizer)';

function records(dir) {
	const out = [];

	for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl'))
	    .sort()) {
		const lines = fs.readFileSync(path.join(dir, f), 'utf8')
		    .split('\n');
		lines.forEach((l, i) => {
			if (l !== '')
				out.push({ where: `${f}:${i + 1}`, ...JSON.parse(l) });
		});
	}
	return out;
}

// The response object declared for "status" in "responses", and its key.
function declared(doc, responses, status) {
	const s = String(status);

	for (const k of [s, `${s[0]}XX`, `${s[0]}xx`, 'default'])
		if (responses && responses[k] !== undefined)
			return { key: k, resp: deref(doc, responses[k]),
			    raw: responses[k] };
	return null;
}

function headerValues(rec, name) {
	return (rec.headers || []).filter(([n]) => n.toLowerCase() === name)
	    .map(([, v]) => v);
}

function mediaType(rec) {
	const ct = headerValues(rec, 'content-type')[0];

	return ct === undefined ? null : ct.split(';')[0].trim().toLowerCase();
}

// The JSON pointer of the object at "ptr" in "doc", once its $refs
// (of a response, a header) are followed: where its parts are.
function finalPointer(doc, ptr) {
	let obj = pointerGet(doc, ptr);

	for (let i = 0; obj && typeof obj.$ref === 'string' && i < 16; i++) {
		ptr = obj.$ref.slice(1);
		obj = pointerGet(doc, ptr);
	}
	return ptr;
}

// The segments every path of the document starts with ("/api/v1/"):
// a reply to a path outside them (a page of the site, the members
// area behind the Authorizer) is not the API's.
function apiPrefix(doc) {
	const ps = Object.keys(doc.paths || {});
	let pre = ps.length > 0 ? ps[0] : '/';

	for (const p of ps)
		while (!p.startsWith(pre))
			pre = pre.slice(0, -1);
	return pre.slice(0, pre.lastIndexOf('/') + 1) || '/';
}

class Checker {
	constructor(doc) {
		this.doc = doc;
		this.match = pathMatcher(doc);
		this.ajv = new Ajv2020({ strict: false, allErrors: true,
		    validateFormats: true });
		addFormats(this.ajv);
		this.ajv.addSchema(doc, DOC_ID, undefined, false);
		this.cache = new Map();
	}

	validator(ptr) {
		if (!this.cache.has(ptr))
			this.cache.set(ptr, this.ajv.compile({
			    $ref: `${DOC_ID}#${ptr}` }));
		return this.cache.get(ptr);
	}

	schemaErrors(ptr, value, what) {
		const v = this.validator(ptr);

		if (v(value))
			return [];
		return v.errors.slice(0, 5).map((e) =>
		    `${what}${e.instancePath || ''} ${e.message}` +
		    (e.params && e.params.additionalProperty ?
		    ` (${e.params.additionalProperty})` : ''));
	}

	// [route, statusKey, errors] of one recorded reply.
	check(rec) {
		const doc = this.doc;
		const url = rec.path.split('?')[0];
		const tpl = this.match(url);
		const item = tpl === null ? null : deref(doc, doc.paths[tpl]);
		let m = rec.method.toLowerCase();

		if (tpl === null)
			return this.anyRoute(rec, 'no path of the document ' +
			    'matches');
		if (m === 'head' && !item.head && item.get)
			m = 'get';
		const route = `${rec.method} ${tpl}`;
		const op = item[m];
		if (!op)
			return this.anyRoute(rec, `${tpl} has no ${rec.method}`);
		const opPtr = `/paths/${pointerEscape(tpl)}/${m}`;
		const d = declared(doc, op.responses, rec.status);
		if (d === null)
			return this.anyRoute(rec, `status ${rec.status} is not ` +
			    `declared for ${route}`);
		return this.checkResponse(route, d,
		    `${opPtr}/responses/${pointerEscape(d.key)}`, rec);
	}

	// A reply no operation declares: one of the document's replies to
	// any request (x-fcauth-any-route: 404, 405, the preflight, the
	// generic failures), or undescribed ("why").
	anyRoute(rec, why) {
		const any = this.doc[ANY_ROUTE];
		const d = any ? declared(this.doc, any.responses,
		    rec.status) : null;

		if (d === null || d.key === 'default')
			return [null, null, [why]];
		const [route, key, errs] = this.checkResponse(ANY_LABEL, d,
		    `/${ANY_ROUTE}/responses/${pointerEscape(d.key)}`, rec);
		return [route, key, errs.concat(this.allowErrors(rec))];
	}

	// A 405's or a preflight's Allow: the methods the document gives
	// the path (and OPTIONS, which the preflight answers), no other.
	allowErrors(rec) {
		const tpl = this.match(rec.path.split('?')[0]);
		const allow = headerValues(rec, 'allow');

		if (tpl === null || allow.length === 0 ||
		    (rec.status !== 405 && rec.method !== 'OPTIONS'))
			return [];
		const item = deref(this.doc, this.doc.paths[tpl]);
		const want = METHODS.filter((m) => item[m] && m !== 'options')
		    .map((m) => m.toUpperCase());
		const got = allow.join(',').split(',').map((m) => m.trim())
		    .filter((m) => m !== '' && m !== 'OPTIONS');
		if ([...want].sort().join() === [...new Set(got)].sort().join())
			return [];
		return [`Allow is "${allow.join(', ')}", the document gives ` +
		    `${tpl} ${want.join(', ')}`];
	}

	// A reply to a path outside the API (the members area): the
	// Authorizer's (x-fcauth-authorizer), or the guarded program's own
	// (a response without headers or content: not described there).
	authorizer(rec) {
		const az = this.doc[AUTHORIZER];
		const d = az ? declared(this.doc, az.responses, rec.status) : null;

		if (d === null || d.key === 'default')
			return [null, null, ['not a reply the Authorizer ' +
			    `(${AUTHORIZER}) gives`]];
		if (!d.resp.headers && !d.resp.content)
			return [AZ_LABEL, d.key, []];
		return this.checkResponse(AZ_LABEL, d,
		    `/${AUTHORIZER}/responses/${pointerEscape(d.key)}`, rec);
	}

	checkResponse(route, d, basePtr, rec) {
		const rPtr = finalPointer(this.doc, basePtr);

		return [route, d.key, this.headerErrors(d.resp, rPtr, rec)
		    .concat(this.bodyErrors(d.resp, rPtr, rec))];
	}

	headerErrors(resp, rPtr, rec) {
		const errs = [];
		const hs = {};

		for (const [n, h] of Object.entries(resp.headers || {}))
			hs[n.toLowerCase()] = { name: n, h: deref(this.doc, h) };
		for (const [lc, { name, h }] of Object.entries(hs)) {
			const vals = headerValues(rec, lc);
			if (vals.length === 0) {
				if (h.required)
					errs.push(`header ${name} is missing`);
				continue;
			}
			if (!h.schema)
				continue;
			const ptr = finalPointer(this.doc,
			    `${rPtr}/headers/${pointerEscape(name)}`) + '/schema';
			for (const v of vals) {
				const t = h.schema.type;
				const val = (t === 'integer' || t === 'number') &&
				    /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
				errs.push(...this.schemaErrors(ptr, val,
				    `header ${name}`));
			}
		}
		for (const lc of WATCHED)
			if (!hs[lc] && headerValues(rec, lc).length > 0)
				errs.push(`header ${lc} is not declared`);
		return errs;
	}

	bodyErrors(resp, rPtr, rec) {
		const content = resp.content || {};
		const mt = mediaType(rec);
		const body = rec.body || '';

		if (body === '')
			return [];	// HEAD, 204, an empty error
		if (Object.keys(content).length === 0)
			return [`a body (${mt}) where none is declared`];
		const key = Object.keys(content).find((k) => k.toLowerCase() ===
		    mt) || Object.keys(content).find((k) =>
		    k === '*/*' || (k.endsWith('/*') && mt !== null &&
		    mt.startsWith(k.slice(0, -1))));
		if (key === undefined)
			return [`media type ${mt} is not declared`];
		if (!content[key] || !content[key].schema || !/json/.test(key))
			return [];
		let value;
		try {
			value = JSON.parse(body);
		} catch (e) {
			return [`body is not JSON: ${e.message}`];
		}
		const ptr = `${rPtr}/content/${pointerEscape(key)}/schema`;
		return this.schemaErrors(ptr, value, 'body');
	}
}

async function main() {
	const dir = process.argv[2];
	const file = docPath();
	const doc = await loadDoc(file);
	const checker = new Checker(doc);
	const recs = records(dir);
	const covered = new Set();
	const failed = [];

	const groups = new Map();	// one line per kind of failure
	const prefix = apiPrefix(doc);
	let outside = 0;
	for (const rec of recs) {
		const api = rec.path.startsWith(prefix);
		if (!api && !doc[AUTHORIZER]) {
			outside++;
			continue;
		}
		const [route, key, errs] = api ? checker.check(rec) :
		    checker.authorizer(rec);
		if (errs.length === 0) {
			covered.add(`${route} ${key}`);
			continue;
		}
		failed.push(rec);
		const g = `${route || rec.method + ' ' + rec.path.split('?')[0]} ` +
		    `-> ${rec.status}: ${errs.join('; ')}`;
		if (!groups.has(g))
			groups.set(g, { n: 0, first: rec });
		groups.get(g).n++;
	}
	const missed = [];
	for (const o of operations(doc))
		for (const k of Object.keys(o.op.responses || {}))
			if (!covered.has(`${o.method} ${o.path} ${k}`) &&
			    !(o.method === 'GET' &&
			    covered.has(`HEAD ${o.path} ${k}`)))
				missed.push(`${o.method} ${o.path} ${k}`);
	for (const [x, label] of [[ANY_ROUTE, ANY_LABEL], [AUTHORIZER,
	    AZ_LABEL]])
		for (const k of Object.keys((doc[x] || {}).responses || {}))
			if (!covered.has(`${label} ${k}`))
				missed.push(`${label} ${k}`);
	let listed = 0;
	for (const [g, { n, first }] of groups) {
		if (listed++ === MAX_LISTED) {
			console.log(`contract: ... and ${groups.size - MAX_LISTED} ` +
			    'more kinds of undescribed replies');
			break;
		}
		console.log(`contract: undescribed: ${g} (${n} ` +
		    `${n === 1 ? 'reply' : 'replies'}; first: ${first.method} ` +
		    `${first.path} from ${first.suite} to ${first.url}, ` +
		    `${first.where})`);
	}
	console.log(`contract: ${recs.length - outside - failed.length} of ` +
	    `${recs.length - outside} recorded replies validated against ` +
	    `${file}, ${covered.size} distinct (route, status) pairs ` +
	    `covered, ${failed.length} undescribed` + (outside === 0 ? '' :
	    ` (${outside} more outside ${prefix} not checked: the ` +
	    `document has no ${AUTHORIZER})`));
	console.log(`contract: ${missed.length} declared (route, status) ` +
	    `pairs no test exercised${missed.length ? ':' : ''}`);
	const byRoute = new Map();	// one line a route: its statuses
	for (const m of missed) {
		const i = m.lastIndexOf(' ');
		const r = m.slice(0, i);
		byRoute.set(r, (byRoute.get(r) || []).concat(m.slice(i + 1)));
	}
	for (const [r, ks] of byRoute)
		console.log(`contract:   ${r}: ${ks.join(' ')}`);
	if (recs.length === 0) {
		console.log(`contract: no recorded reply in ${dir}`);
		return 1;
	}
	return failed.length === 0 ? 0 : 1;
}

main().then((rc) => { process.exitCode = rc; }, (e) => {
	console.log(`contract: ${e.stack || e.message}`);
	process.exitCode = 1;
});

// What the three checks of docs/openapi.yaml share (scripts/test):
// loading the document, its operations, and matching a request path to
// one of its path templates as the programs' route tables do (a
// template without "{name}" segments before one with them).
'use strict';

const fs = require('fs');
const path = require('path');
const SwaggerParser = require('@apidevtools/swagger-parser');

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head',
	'patch', 'trace'];

// The document as written, $refs left as they are.
async function loadDoc(file) {
	if (!fs.existsSync(file))
		throw new Error(`${file}: no such file`);
	return SwaggerParser.parse(file);
}

// [{ method: 'GET', path: '/api/v1/profile', op }] of every operation.
function operations(doc) {
	const out = [];

	for (const [p, item] of Object.entries(doc.paths || {}))
		for (const m of METHODS)
			if (item && item[m])
				out.push({ method: m.toUpperCase(), path: p,
				    op: item[m] });
	return out;
}

// A matcher of request paths (no query) to the document's templates:
// "{name}" matches one non-empty segment; literal templates win.
function pathMatcher(doc) {
	const rows = Object.keys(doc.paths || {}).map((t) => ({
		template: t,
		literal: !t.includes('{'),
		re: new RegExp('^' + t.split(/(\{[^}/]+\})/).map((s) =>
		    /^\{[^}/]+\}$/.test(s) ? '[^/]+' :
		    s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('') + '$'),
	}));

	rows.sort((a, b) => Number(b.literal) - Number(a.literal));
	return (p) => {
		const row = rows.find((r) => r.re.test(p));
		return row ? row.template : null;
	};
}

// Follow a local "$ref" ("#/components/responses/X") in "doc".
function deref(doc, obj) {
	const seen = new Set();

	while (obj && typeof obj === 'object' && typeof obj.$ref === 'string') {
		if (!obj.$ref.startsWith('#/') || seen.has(obj.$ref))
			throw new Error(`cannot follow $ref ${obj.$ref}`);
		seen.add(obj.$ref);
		obj = pointerGet(doc, obj.$ref.slice(1));
	}
	return obj;
}

function pointerGet(doc, ptr) {
	let o = doc;

	for (const raw of ptr.split('/').slice(1)) {
		const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
		if (o === null || typeof o !== 'object' || !(k in o))
			return undefined;
		o = o[k];
	}
	return o;
}

function pointerEscape(k) {
	return String(k).replace(/~/g, '~0').replace(/\//g, '~1');
}

// docs/openapi.yaml of the tree, or $FCAUTH_OPENAPI.
function docPath() {
	return process.env.FCAUTH_OPENAPI ||
	    path.join(__dirname, '..', '..', 'docs', 'openapi.yaml');
}

module.exports = { METHODS, loadDoc, operations, pathMatcher, deref,
	pointerGet, pointerEscape, docPath };

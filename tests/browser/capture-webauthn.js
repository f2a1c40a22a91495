#!/usr/bin/env node
/*
 * capture-webauthn.js: record the WebAuthn fixtures of
 * tests/unit/check_webauthn.c from Chromium's virtual authenticator.
 *
 * Serves an empty page on http://localhost:$PORT (a relying-party id must
 * be a domain name, so never 127.0.0.1), attaches a CTAP2 virtual
 * authenticator through the DevTools protocol (WebAuthn.enable,
 * WebAuthn.addVirtualAuthenticator) and runs navigator.credentials.create
 * and .get with fixed challenges, writing what PublicKeyCredential.toJSON()
 * gives -- the very body a client posts -- with the challenge and origin
 * into tests/fixtures/webauthn/<name>.json.  Run again only to replace the
 * fixtures (the keys are new each time):
 *
 *   cd tests/browser && npm ci && PORT=20100 node capture-webauthn.js
 *
 * Environment: PORT (required), FCAUTH_BROWSER_CHROMIUM (/usr/bin/chromium),
 * FCAUTH_FIXTURES (the output directory).
 */
'use strict';

const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const port = Number(process.env.PORT);
const exe = process.env.FCAUTH_BROWSER_CHROMIUM || '/usr/bin/chromium';
const outdir = process.env.FCAUTH_FIXTURES ||
    path.join(__dirname, '..', 'fixtures', 'webauthn');
const origin = 'http://localhost:' + port;
const rpId = 'localhost';

/* A fixed challenge: 32 bytes, the same each run for one "seed". */
function challenge(seed) {
	const b = [];
	for (let i = 0; i < 32; i++)
		b.push((seed * 37 + i * 11) & 0xff);
	return b;
}

function b64url(bytes) {
	return Buffer.from(bytes).toString('base64url');
}

/*
 * The ceremonies of one fixture, run in the page: create with "alg",
 * then each get of "gets" (its challenge seed and override bits).
 */
const scenarios = [
	{ name: 'es256', alg: -7, uv: true, userVerification: 'required',
	  gets: [{ seed: 11 }, { seed: 12 }] },
	{ name: 'es256-packed', alg: -7, uv: true, attestation: 'direct',
	  userVerification: 'required', gets: [{ seed: 21 }] },
	{ name: 'eddsa', alg: -8, uv: true, userVerification: 'required',
	  gets: [{ seed: 31 }, { seed: 32 }] },
	{ name: 'rs256', alg: -257, uv: true, userVerification: 'required',
	  gets: [{ seed: 41 }] },
	{ name: 'es256-nouv', alg: -7, uv: false, userVerification: 'discouraged',
	  gets: [{ seed: 51 }] },
	{ name: 'es256-overrides', alg: -7, uv: true, userVerification: 'preferred',
	  gets: [{ seed: 61, bits: { isBadUP: true } },
	      { seed: 62, bits: { isBogusSignature: true } },
	      { seed: 63, bits: { isBadUV: true } }] },
];

async function create(page, sc, seed) {
	return page.evaluate(async ({ sc, ch, rpId }) => {
		const cred = await navigator.credentials.create({ publicKey: {
			rp: { id: rpId, name: 'fcauth fixtures' },
			user: { id: new TextEncoder().encode('user-' + sc.name),
			    name: sc.name + '@example.org', displayName: sc.name },
			challenge: new Uint8Array(ch),
			pubKeyCredParams: [{ type: 'public-key', alg: sc.alg }],
			authenticatorSelection: { residentKey: 'preferred',
			    userVerification: sc.userVerification },
			attestation: sc.attestation || 'none',
			timeout: 30000,
		} });
		return cred.toJSON();
	}, { sc, ch: challenge(seed), rpId });
}

async function get(page, sc, seed, rawId) {
	return page.evaluate(async ({ sc, ch, rpId, rawId }) => {
		const id = Uint8Array.from(atob(rawId.replace(/-/g, '+')
		    .replace(/_/g, '/')), (c) => c.charCodeAt(0));
		const cred = await navigator.credentials.get({ publicKey: {
			challenge: new Uint8Array(ch), rpId,
			allowCredentials: [{ type: 'public-key', id }],
			userVerification: sc.userVerification, timeout: 30000,
		} });
		return cred.toJSON();
	}, { sc, ch: challenge(seed), rpId, rawId });
}

async function scenario(page, cdp, sc, n) {
	const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
		options: { protocol: 'ctap2', transport: 'internal',
		    hasResidentKey: true, hasUserVerification: sc.uv,
		    isUserVerified: sc.uv, automaticPresenceSimulation: true },
	});
	try {
		return await ceremonies(page, cdp, sc, n, authenticatorId);
	} finally {
		await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
	}
}

async function ceremonies(page, cdp, sc, n, authenticatorId) {
	const seed = n * 10;
	const fx = { rp_id: rpId, origin, algorithm: sc.alg,
	    user_verification: sc.userVerification,
	    create: { challenge: b64url(challenge(seed)),
	        credential: await create(page, sc, seed) },
	    get: [] };
	for (const g of sc.gets) {
		await cdp.send('WebAuthn.setResponseOverrideBits', Object.assign(
		    { authenticatorId, isBogusSignature: false, isBadUV: false,
		      isBadUP: false }, g.bits || {}));
		fx.get.push({ challenge: b64url(challenge(g.seed)),
		    overrides: g.bits || {},
		    credential: await get(page, sc, g.seed, fx.create.credential.rawId) });
	}
	return fx;
}

function serve() {
	const page = '<!doctype html><meta charset="utf-8"><title>webauthn fixtures</title>';
	const handler = (req, res) => {
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		res.end(page);
	};
	const servers = [http.createServer(handler), http.createServer(handler)];
	servers[0].listen(port, '127.0.0.1');
	servers[1].on('error', () => {}).listen(port, '::1');
	return servers;
}

async function main() {
	if (!port) {
		console.error('capture-webauthn: set PORT');
		process.exit(2);
	}
	const servers = serve();
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'fcauth-capture-'));
	let browser, rc = 0;
	try {
		browser = await chromium.launchPersistentContext(profile, {
			executablePath: exe, headless: true,
			args: ['--no-sandbox', '--disable-gpu', '--no-first-run',
			    '--disable-background-networking', '--disable-sync'],
		});
		const page = browser.pages()[0] || await browser.newPage();
		await page.goto(origin + '/');
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('WebAuthn.enable', { enableUI: false });
		fs.mkdirSync(outdir, { recursive: true });
		let n = 1;
		for (const sc of scenarios) {
			try {
				const fx = await scenario(page, cdp, sc, n++);
				fs.writeFileSync(path.join(outdir, sc.name + '.json'),
				    JSON.stringify(fx, null, '\t') + '\n');
				console.log('capture-webauthn: ' + sc.name + ': alg ' +
				    (fx.create.credential.response.publicKeyAlgorithm) +
				    ', ' + fx.get.length + ' assertions');
			} catch (e) {
				console.error('capture-webauthn: ' + sc.name + ': ' +
				    (e && e.message ? e.message.split('\n')[0] : e));
				rc = 1;
			}
		}
	} finally {
		if (browser)
			await browser.close();
		fs.rmSync(profile, { recursive: true, force: true });
		for (const s of servers)
			s.close();
	}
	process.exit(rc);
}

main();

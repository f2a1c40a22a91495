/*
 * passkey.js: the passkey part of the browser walk (issue 17), run by
 * demo.test.js.  A relying-party id must be a domain name (chromium
 * refuses WebAuthn on an IP address), so this part opens the demo at
 * http://localhost:PORT/ (lighttpd listens on 127.0.0.1, which
 * localhost resolves to); the instance's [webauthn] has rp_id
 * localhost, that origin, and user_verification = required.
 *
 * Chromium's virtual authenticator (DevTools protocol: WebAuthn.enable,
 * WebAuthn.addVirtualAuthenticator, ctap2 on the internal transport,
 * resident keys, user verification) stands in for the platform one: an
 * account adds a passkey on its profile, signs out, signs in with it
 * without typing the email and with it, renames it, turns on TOTP and
 * uses the passkey as the second factor of a password sign-in.  Then a
 * second run with WebAuthn.setResponseOverrideBits: a bogus signature,
 * then no user verification, each refused with the reply's message on
 * the page; at last the passkey is deleted, and the authenticator's
 * copy is refused as unknown.
 */
'use strict';

/* What the page shows for a refused reply: app.js's why(). */
function why(env) {
	if (env && env.errors)
		for (const k in env.errors)
			return env.errors[k].msg;
	return env && env.message ? env.message : 'Request failed';
}

/* An empty message line, so the next one shows when it comes. */
async function clearMsg(page) {
	await page.evaluate(() => {
		const m = document.getElementById('msg');
		m.textContent = '';
		m.className = 'msg';
	});
}

async function msgShown(page) {
	await page.waitForFunction(() => document.getElementById('msg').textContent !== '',
	    null, { timeout: 15000 });
	return await page.textContent('#msg');
}

/*
 * Click "button" on the signed-out page; the reply of POST
 * /api/v1/auth/passkey/login, once the page shows its outcome:
 * {status, env}.
 */
async function passkeyLogin(page, button) {
	await clearMsg(page);
	const [resp] = await Promise.all([
		page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/passkey/login'),
		    { timeout: 15000 }),
		page.click(button),
	]);
	const env = await resp.json().catch(() => null);
	if (resp.status() === 200)
		await page.waitForSelector('#signed-in:not(.hidden)', { timeout: 10000 });
	else
		await page.waitForFunction(() => {
			const m = document.getElementById('msg');
			return m.className === 'msg bad' && m.textContent !== '';
		}, null, { timeout: 10000 });
	return { status: resp.status(), env: env };
}

async function logout(page) {
	await page.click('#logout-button');
	await page.waitForSelector('#signed-out:not(.hidden)', { timeout: 10000 });
}

/* The rows of the passkey list: [{name, used}]. */
async function passkeyRows(page) {
	return await page.$$eval('#passkeys tr', (trs) => trs.map((tr) => ({
		name: tr.children[0].textContent,
		used: tr.children[2].textContent,
	})));
}

/* A refused sign-in: the code expected, the reply's message shown. */
async function refused(t, page, r, code, what) {
	const shown = await page.textContent('#msg');
	t.check(r.status >= 400 && r.status < 500 && r.env && r.env.code === code,
	    'passkey: ' + what + ' refused (' + r.status + ' ' + (r.env && r.env.code) + ')');
	t.check(shown === why(r.env) && shown.length > 0,
	    'passkey: ' + what + ': the page shows "' + shown + '"');
	t.check(await page.isVisible('#signed-out'), 'passkey: ' + what + ': still signed out');
}

async function addPasskey(t, page, password, name) {
	await page.fill('#pk-password', password);
	await page.fill('#pk-name', name);
	await clearMsg(page);
	await page.click('#pk-add');
	return await msgShown(page);
}

/* Turn TOTP on as demo.test.js's mfaWalk does: the secret. */
async function enrolTotp(t, page, password) {
	await page.fill('#mfa-password', password);
	await page.click('#mfa-start');
	await page.waitForFunction(() => {
		const e = document.querySelector('#mfa-secret');
		return e && /^[A-Z2-7]{16,}/.test(e.textContent.trim());
	}, null, { timeout: 10000 });
	const secret = (await page.textContent('#mfa-secret')).trim().replace(/\s/g, '');
	await page.fill('#mfa-code', t.totp(secret, 0));
	await page.click('#mfa-confirm');
	await page.waitForFunction(() => document.getElementById('mfa-codes').textContent.trim().length > 0,
	    null, { timeout: 10000 });
	return secret;
}

async function walk(t, page, cdp, authenticatorId) {
	const email = 'browser-pk-' + process.pid + '-' + Date.now() + '@example.com';
	const password = 'a long browser password';

	if (!await t.registerVerified(page, email, password, t.base))
		return;
	t.check(new URL(page.url()).hostname === 'localhost', 'passkey: the demo opened at localhost');
	await page.waitForSelector('#passkeys-none:not(.hidden)', { timeout: 10000 });
	t.check((await page.textContent('#passkeys-none')) === 'No passkeys yet.',
	    'passkey: the profile lists no passkeys yet');

	/* a wrong password gets no options */
	const wrong = await addPasskey(t, page, 'not the password', 'wrong');
	t.check(wrong !== 'Passkey added' && (await passkeyRows(page)).length === 0,
	    'passkey: a wrong password adds none ("' + wrong + '")');

	const added = await addPasskey(t, page, password, 'virtual laptop');
	t.check(added === 'Passkey added', 'passkey: added on the profile ("' + added + '")');
	await page.waitForSelector('#passkeys tr', { timeout: 10000 });
	let rows = await passkeyRows(page);
	t.check(rows.length === 1 && rows[0].name === 'virtual laptop' && rows[0].used === 'never',
	    'passkey: the list shows it by name, never used');
	const creds = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
	t.check(creds.length === 1 && creds[0].isResidentCredential,
	    'passkey: the authenticator keeps it as a discoverable credential');
	await t.shot(page, 'browser-9-passkey-added');

	await logout(page);
	await page.fill('#login-email', '');
	let r = await passkeyLogin(page, '#passkey-login');
	t.check(r.status === 200 && (await page.textContent('#who')) === email,
	    'passkey: signed in usernameless (no email typed)');
	await t.shot(page, 'browser-10-passkey-signed-in');

	await logout(page);
	await page.fill('#login-email', email);
	r = await passkeyLogin(page, '#passkey-login');
	t.check(r.status === 200 && (await page.textContent('#who')) === email,
	    'passkey: signed in with the email typed');
	await page.waitForFunction(() => {
		const c = document.querySelector('#passkeys tr td:nth-child(3)');
		return c && c.textContent !== 'never';
	}, null, { timeout: 10000 });
	t.check(true, 'passkey: the list shows when it was last used');

	await page.click('#passkeys button:text("Rename")');
	await page.fill('#passkeys input.pk-rename', 'renamed laptop');
	await page.click('#passkeys button:text("Save")');
	await page.waitForFunction(() => document.getElementById('msg').textContent === 'Passkey renamed',
	    null, { timeout: 10000 });
	await page.waitForFunction(() => {
		const c = document.querySelector('#passkeys tr td');
		return c && c.textContent === 'renamed laptop';
	}, null, { timeout: 10000 });
	t.check(true, 'passkey: renamed');

	/* the second factor of a password sign-in */
	await enrolTotp(t, page, password);
	t.check(await t.relogin(page, email, password) === 'code',
	    'passkey: with TOTP on, the password alone asks for a second factor');
	t.check(await page.isVisible('#signin-mfa-passkey'),
	    'passkey: the second-factor step offers the passkey');
	await t.shot(page, 'browser-11-passkey-factor');
	r = await passkeyLogin(page, '#signin-mfa-passkey');
	t.check(r.status === 200 && (await page.textContent('#who')) === email &&
	    !(await page.isVisible('#signin-mfa-section')),
	    'passkey: signed in with the password and the passkey as the second factor');

	/* the second run: the authenticator spoils its answers */
	await logout(page);
	await page.fill('#login-email', '');
	await cdp.send('WebAuthn.setResponseOverrideBits',
	    { authenticatorId, isBogusSignature: true });
	r = await passkeyLogin(page, '#passkey-login');
	await refused(t, page, r, 'passkey_signature_invalid', 'a bogus signature');
	await t.shot(page, 'browser-12-passkey-bogus-signature');

	await cdp.send('WebAuthn.setResponseOverrideBits',
	    { authenticatorId, isBogusSignature: false, isBadUV: true });
	r = await passkeyLogin(page, '#passkey-login');
	await refused(t, page, r, 'passkey_flags_invalid', 'no user verification');
	await t.shot(page, 'browser-13-passkey-no-uv');

	await cdp.send('WebAuthn.setResponseOverrideBits',
	    { authenticatorId, isBogusSignature: false, isBadUV: false, isBadUP: false });
	r = await passkeyLogin(page, '#passkey-login');
	t.check(r.status === 200 && (await page.textContent('#who')) === email,
	    'passkey: the honest authenticator signs in again');

	/* delete it: the authenticator's copy is no longer accepted */
	await page.waitForSelector('#passkeys tr', { timeout: 10000 });
	await page.click('#passkeys button:text("Delete")');
	await page.waitForFunction(() => document.getElementById('msg').textContent === 'Passkey deleted',
	    null, { timeout: 10000 });
	await page.waitForSelector('#passkeys-none:not(.hidden)', { timeout: 10000 });
	t.check((await passkeyRows(page)).length === 0, 'passkey: deleted; the list is empty');
	await logout(page);
	r = await passkeyLogin(page, '#passkey-login');
	await refused(t, page, r, 'passkey_unknown', 'a deleted passkey');
	await t.shot(page, 'browser-14-passkey-deleted');
}

/*
 * t: {base (the localhost URL), check, shot, totp, registerVerified,
 * relogin} of demo.test.js.
 */
async function passkeyWalk(t, page) {
	const cdp = await page.context().newCDPSession(page);

	await cdp.send('WebAuthn.enable', { enableUI: false });
	const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
		options: {
			protocol: 'ctap2',
			transport: 'internal',
			hasResidentKey: true,
			hasUserVerification: true,
			isUserVerified: true,
			automaticPresenceSimulation: true,
		},
	});
	try {
		await walk(t, page, cdp, authenticatorId);
	} finally {
		await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
		await cdp.send('WebAuthn.disable');
		await cdp.detach();
	}
}

module.exports = { passkeyWalk };

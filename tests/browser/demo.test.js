/*
 * demo.test.js: walk the demo site (www/) in Debian's chromium, driven
 * by playwright-core, against a scripts/test lighttpd instance with
 * verification, cookie mode (without Secure: plain HTTP) and login_url:
 * register, read the code from the mail folder, verify, open /members/
 * and see the user's email printed by the protected CGI script, log
 * out, and see /members/ refused (the authorizer sends the browser to
 * the login page); and the API reference at /docs/.  Then two-factor
 * sign-in (issue 16): a second account enrols TOTP on the demo page, its
 * codes computed by oathtool(1) from the secret the page shows, signs in
 * with password and code, trusts the device (the next login skips the
 * code), forgets it, and signs in with a recovery code.  Then passkeys
 * (issue 17, passkey.js) at http://localhost:PORT/ with chromium's
 * virtual authenticator.  Screenshots go to FCAUTH_BROWSER_SHOTS.
 *
 * Environment (set by scripts/test):
 *   FCAUTH_BROWSER_URL     base URL of the instance
 *   FCAUTH_BROWSER_MAIL    its mail folder (scripts/mail-to-dir)
 *   FCAUTH_BROWSER_CTL     admin/fcauthctl, to deliver the mail
 *   FCAUTH_BROWSER_CONFIG  the instance's configuration
 *   FCAUTH_BROWSER_SHOTS   where the screenshots go
 *   FCAUTH_BROWSER_CHROMIUM  the browser (/usr/bin/chromium)
 * Prints "browser: N passed, M failed"; exits 0 only if all passed.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { chromium } = require('playwright-core');
const { passkeyWalk } = require('./passkey.js');

const base = process.env.FCAUTH_BROWSER_URL;
const mailDir = process.env.FCAUTH_BROWSER_MAIL;
const shots = process.env.FCAUTH_BROWSER_SHOTS || '.';
const exe = process.env.FCAUTH_BROWSER_CHROMIUM || '/usr/bin/chromium';

let passed = 0, failed = 0;

function check(ok, what) {
	if (ok) {
		passed++;
		console.log('ok   ' + what);
	} else {
		failed++;
		console.log('FAIL ' + what);
	}
	return ok;
}

/* The confirmation code mailed to "email": delivers the queue first. */
async function mailedCode(email) {
	for (let i = 0; i < 50; i++) {
		execFileSync(process.env.FCAUTH_BROWSER_CTL, ['--config',
		    process.env.FCAUTH_BROWSER_CONFIG, 'mail-worker', '--once'],
		    { stdio: 'ignore' });
		for (const f of fs.readdirSync(mailDir)) {
			const text = fs.readFileSync(path.join(mailDir, f), 'utf8');
			if (!text.includes('To: ' + email + '\n') || !/^Subject: Confirm/m.test(text))
				continue;
			const m = /confirmation code is:\s+(\d+)/.exec(text);
			if (m)
				return m[1];
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return null;
}

/*
 * The TOTP code of base32 "secret" for the 30-second step "steps" from
 * now, computed by oathtool (Debian package oathtool), not by fcauth.
 */
function totp(secret, steps) {
	const at = '@' + (Math.floor(Date.now() / 1000) + steps * 30);
	return execFileSync('oathtool', ['--totp', '-b', '-N', at, secret],
	    { encoding: 'utf8' }).trim();
}

/* The demo page's enrolment form (www/index.html, mfa-core). */
const ENROL = {
	password: '#mfa-password',
	start: '#mfa-start',
	secret: '#mfa-secret',
	qr: '#mfa-qr',
	code: '#mfa-code',
	confirm: '#mfa-confirm',
	codes: '#mfa-codes',
};

/* "full" 0: only the window (the API reference is a very long page). */
async function shot(page, name, full = true) {
	await page.screenshot({ path: path.join(shots, name + '.png'), fullPage: full });
}

/*
 * The ?next= of the authorizer leads only to a path of this origin,
 * judged as the browser parses it (a tab or newline is dropped, a
 * backslash is a slash); and the reset page takes its token from the
 * fragment, then drops it from the address bar.
 */
async function hostileUrls(page) {
	const bad = ['/\t/evil.example/', '/\n/evil.example/', '/\r/evil.example/',
	    '/\\evil.example/', '//evil.example/', 'https://evil.example/', '/\t\\evil.example/'];

	/* the address set in the page: lighttpd (url-ctrls-reject) would
	   refuse some of these, other servers need not */
	const next = (n) => page.evaluate((v) => {
		history.replaceState(null, '', '/?next=' + encodeURIComponent(v));
		return nextPath();
	}, n);

	await page.goto(base + '/');
	for (const n of bad)
		check(await next(n) === null, 'next=' + JSON.stringify(n) + ' is not followed');
	check(await next('/members/?a=1') === '/members/?a=1', 'next=/members/?a=1 is followed');
	await page.goto(base + '/');

	await page.goto(base + '/reset.html#token=from-the-fragment');
	check(await page.inputValue('#reset-token') === 'from-the-fragment', 'reset page: token from #token=');
	check(new URL(page.url()).hash === '' && !page.url().includes('from-the-fragment'),
	    'reset page: the token leaves the address bar');
}

async function walk(page) {
	const email = 'browser-' + process.pid + '-' + Date.now() + '@example.com';
	const password = 'a long browser password';

	await page.goto(base + '/');
	check(await page.title() === 'fcauth demo', 'demo page loads');
	check((await page.textContent('main')).includes('var/mail/'), 'the page names the mail folder');
	await shot(page, 'browser-1-start');

	await page.fill('#reg-email', email);
	await page.fill('#reg-password', password);
	await page.fill('#reg-name', 'Browser Test');
	await page.click('#reg-submit');
	await page.waitForSelector('#verify-section:not(.hidden)', { timeout: 10000 });
	check((await page.textContent('#verify-email')) === email, 'registered; the code form names the address');

	const code = await mailedCode(email);
	if (!check(code !== null, 'the code arrived in the mail folder'))
		return;
	await page.fill('#verify-code', code);
	await shot(page, 'browser-2-code');
	await page.click('#verify-submit');
	await page.waitForSelector('#signed-in:not(.hidden)', { timeout: 10000 });
	check((await page.textContent('#who')) === email, 'verified and signed in');
	await page.waitForSelector('#sessions tr', { timeout: 10000 });
	check((await page.textContent('#sessions')).includes('this one'), 'the session list shows this session');
	const cookies = await page.context().cookies();
	const ac = cookies.find((c) => c.name === 'fcauth_access');
	check(ac !== undefined && ac.httpOnly && ac.sameSite === 'Lax', 'access cookie: HttpOnly, SameSite=Lax');
	await shot(page, 'browser-3-profile');

	await page.fill('#p-full_name', 'Browser Tested');
	await page.fill('#p-bio', 'Walked by chromium');
	await page.click('#profile-submit');
	await page.waitForFunction(() => document.getElementById('msg').textContent === 'Profile saved',
	    null, { timeout: 10000 });
	check(true, 'profile edited');
	await page.fill('#pw-current', password);
	await page.fill('#pw-new', password + ' changed');
	await page.click('#password-submit');
	await page.waitForFunction(() => document.getElementById('msg').textContent.startsWith('Password changed'),
	    null, { timeout: 10000 });
	check(true, 'password changed (this session kept)');

	await page.goto(base + '/members/');
	await page.waitForFunction(() => document.getElementById('whoami').textContent.includes('FCAUTH_EMAIL='),
	    null, { timeout: 10000 });
	const who = await page.textContent('#whoami');
	check(who.includes('FCAUTH_EMAIL=' + email) && who.includes('REMOTE_USER=' + email),
	    '/members/ shows the email printed by the protected script');
	const resp = await page.goto(base + '/members/whoami');
	check(resp.status() === 200 && (await resp.text()).includes('FCAUTH_EMAIL=' + email),
	    '/members/whoami prints the email');
	await page.goto(base + '/members/');
	await shot(page, 'browser-4-members');

	await page.goto(base + '/');
	await page.waitForSelector('#signed-in:not(.hidden)', { timeout: 10000 });
	check((await page.inputValue('#p-full_name')) === 'Browser Tested',
	    'a reload keeps the session (refresh cookie) and shows the saved profile');
	await page.click('#logout-button');
	await page.waitForSelector('#signed-out:not(.hidden)', { timeout: 10000 });
	check((await page.textContent('#msg')) === 'Logged out', 'logged out');
	const left = (await page.context().cookies()).filter((c) => c.name.startsWith('fcauth_'));
	check(left.length === 0, 'logout cleared the cookies');

	const again = await page.goto(base + '/members/whoami');
	check(!(await again.text()).includes('FCAUTH_EMAIL='), '/members/whoami refused after logout');
	await page.goto(base + '/members/');
	check(new URL(page.url()).pathname === '/' &&
	    new URL(page.url()).searchParams.get('next') === '/members/',
	    '/members/ sends the browser to the login page after logout');
	await page.waitForFunction(() => document.getElementById('msg').textContent.includes('Log in to open'),
	    null, { timeout: 10000 });
	await shot(page, 'browser-5-refused');
}

/* Register and confirm "email" through the page at "at" (the
   instance's URL, or its localhost one): signed in after. */
async function registerVerified(page, email, password, at = base) {
	await page.goto(at + '/');
	await page.waitForSelector('#signed-out:not(.hidden)', { timeout: 10000 });
	await page.fill('#reg-email', email);
	await page.fill('#reg-password', password);
	await page.click('#reg-submit');
	await page.waitForSelector('#verify-section:not(.hidden)', { timeout: 10000 });
	const code = await mailedCode(email);
	if (!check(code !== null, '2fa: the confirmation code arrived'))
		return false;
	await page.fill('#verify-code', code);
	await page.click('#verify-submit');
	await page.waitForSelector('#signed-in:not(.hidden)', { timeout: 10000 });
	return true;
}

/* Log out, then log in with the password: what the page shows next. */
async function relogin(page, email, password) {
	await page.click('#logout-button');
	await page.waitForSelector('#signed-out:not(.hidden)', { timeout: 10000 });
	await page.fill('#login-email', email);
	await page.fill('#login-password', password);
	await page.click('#login-submit');
	await page.waitForSelector('#signed-in:not(.hidden), #signin-mfa-section:not(.hidden)',
	    { timeout: 10000 });
	return await page.isVisible('#signin-mfa-section') ? 'code' : 'signed-in';
}

async function mfaWalk(page) {
	const email = 'browser-2fa-' + process.pid + '-' + Date.now() + '@example.com';
	const password = 'a long browser password';

	if (!await registerVerified(page, email, password))
		return;
	await page.fill(ENROL.password, password);
	await page.click(ENROL.start);
	await page.waitForFunction((sel) => {
		const e = document.querySelector(sel);
		return e && /^[A-Z2-7]{16,}/.test(e.textContent.trim());
	}, ENROL.secret, { timeout: 10000 });
	const secret = (await page.textContent(ENROL.secret)).trim().replace(/\s/g, '');
	check(await page.isVisible(ENROL.qr), '2fa: the QR code is shown');
	await page.fill(ENROL.code, totp(secret, 0));
	await page.click(ENROL.confirm);
	await page.waitForFunction((sel) => {
		const e = document.querySelector(sel);
		return e && e.textContent.trim().length > 0;
	}, ENROL.codes, { timeout: 10000 });
	const recovery = (await page.textContent(ENROL.codes)).match(/[a-z0-9]{5}-[a-z0-9]{5}/gi) || [];
	check(recovery.length === 10, '2fa: enrolled; ten recovery codes shown');
	await shot(page, 'browser-6-enrolled');

	check(await relogin(page, email, password) === 'code',
	    '2fa: the password alone asks for the code');
	await shot(page, 'browser-7-code');
	/* the next step's code: confirm used this one */
	await page.fill('#signin-mfa-code', totp(secret, 1));
	await page.check('#signin-mfa-remember');
	await page.click('#signin-mfa-submit');
	await page.waitForSelector('#signed-in:not(.hidden)', { timeout: 10000 });
	check((await page.textContent('#who')) === email, '2fa: signed in with the code');
	const dc = (await page.context().cookies()).find((c) => c.name === 'fcauth_device');
	check(dc !== undefined && dc.httpOnly && dc.sameSite === 'Strict',
	    '2fa: the trusted device is an HttpOnly, SameSite=Strict cookie');
	await page.waitForSelector('#devices tr', { timeout: 10000 });
	check((await page.$$('#devices tr')).length === 1, '2fa: the device list shows this device');

	check(await relogin(page, email, password) === 'signed-in',
	    '2fa: the trusted device skips the code');
	await page.waitForSelector('#devices tr', { timeout: 10000 });
	await page.click('#devices button');
	await page.waitForFunction(() => document.getElementById('msg').textContent === 'Device forgotten',
	    null, { timeout: 10000 });
	check(true, '2fa: the device forgotten');

	check(await relogin(page, email, password) === 'code',
	    '2fa: a forgotten device asks for the code again');
	await page.check('#signin-mfa-recovery');
	await page.fill('#signin-mfa-code', recovery[0] || 'none');
	await page.click('#signin-mfa-submit');
	await page.waitForSelector('#signed-in:not(.hidden)', { timeout: 10000 });
	check((await page.textContent('#who')) === email, '2fa: signed in with a recovery code');
	await shot(page, 'browser-8-recovery');
	await page.click('#logout-button');
	await page.waitForSelector('#signed-out:not(.hidden)', { timeout: 10000 });
}

/*
 * The API reference at /docs/ (docs/index.html, made from
 * docs/openapi.yaml by scripts/api-html): it shows the title, a
 * route of every program with its codes, and links to the document,
 * which is served too.
 */
async function apiDocs(page) {
	const resp = await page.goto(base + '/docs/');

	check(resp && resp.status() === 200, '/docs/ answers 200');
	check(/fcauth HTTP API reference/.test(await page.title()), '/docs/ has the reference title');
	for (const route of ['/api/v1/auth/login', '/api/v1/auth/register',
	    '/api/v1/auth/verify', '/api/v1/profile', '/api/v1/activity'])
		check(await page.locator('section.op h3 code', { hasText: route }).count() > 0,
		    '/docs/ shows ' + route);
	check(await page.locator('#op-login td', { hasText: 'invalid_credentials' }).count() > 0,
	    '/docs/ lists the codes of login');
	check(await page.locator('#schema-user').isVisible(), '/docs/ shows the user schema');
	const yaml = await page.request.get(base + '/docs/openapi.yaml');
	check(yaml.ok() && /^openapi: 3\.1/m.test(await yaml.text()), '/docs/openapi.yaml is served');
	await shot(page, 'browser-0-api-docs', false);
}

/* The instance's URL with "localhost" for its host (WebAuthn refuses
   IP addresses; lighttpd listens on 127.0.0.1, localhost's address). */
function localBase(url) {
	const u = new URL(url);
	u.hostname = 'localhost';
	return u.origin;
}

async function main() {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'fcauth-chromium-'));
	let browser;

	fs.mkdirSync(shots, { recursive: true });
	try {
		browser = await chromium.launchPersistentContext(profile, {
			executablePath: exe,
			headless: true,
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
			    '--disable-component-update', '--disable-sync', '--no-first-run'],
		});
		const page = browser.pages()[0] || await browser.newPage();
		page.setDefaultTimeout(15000);
		await apiDocs(page);
		await hostileUrls(page);
		await walk(page);
		await mfaWalk(page);
		await passkeyWalk({
			base: localBase(base), check, shot, totp, registerVerified, relogin,
		}, page);
	} catch (e) {
		check(false, 'the walk: ' + (e && e.message ? e.message.split('\n')[0] : e));
	} finally {
		if (browser)
			await browser.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
	console.log('browser: ' + passed + ' passed, ' + failed + ' failed');
	process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

if (!base) {
	console.log('browser: FCAUTH_BROWSER_URL is not set (scripts/test sets it); skipped');
	process.exit(77);
}
main();

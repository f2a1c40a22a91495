/*
 * fcauth demo: the whole site in one file, no build step.  The access
 * token lives in memory only; in cookie mode the server also keeps the
 * session in HttpOnly cookies, so a reload gets a fresh access token
 * from POST /api/v1/auth/refresh (the refresh cookie), and the members
 * area (guarded by the web server's authorizer) reads the access cookie.
 */
'use strict';

var access = null;		/* the current access token */
var verificationId = null;	/* of the registration waiting for its code */
var mfaToken = null;		/* of the sign-in waiting for its second factor */
var DEVICE_KEY = 'fcauth_device';	/* a trusted device's token, outside
					   cookie mode (in it: an HttpOnly cookie) */

function $(id) { return document.getElementById(id); }

function say(text, ok) {
	var m = $('msg');
	m.textContent = text || '';
	m.className = 'msg ' + (ok ? 'ok' : 'bad');
}

/* The first field error of an envelope, else its message. */
function why(env) {
	var k;
	if (env && env.errors)
		for (k in env.errors)
			return env.errors[k].msg;
	return env && env.message ? env.message : 'Request failed';
}

/* Call the API: a Promise of {status, env} whatever the status. */
function api(method, path, body) {
	var opts = { method: method, credentials: 'same-origin', headers: {} };
	if (access)
		opts.headers.Authorization = 'Bearer ' + access;
	if (body !== undefined) {
		opts.headers['Content-Type'] = 'application/json';
		opts.body = JSON.stringify(body);
	}
	return fetch(path, opts).then(function (r) {
		return r.json().catch(function () { return null; })
			.then(function (env) { return { status: r.status, env: env }; });
	});
}

function show(signedIn) {
	$('signed-in').classList.toggle('hidden', !signedIn);
	$('signed-out').classList.toggle('hidden', signedIn);
}

/*
 * Where to go after signing in: ?next=/local/path from the authorizer.
 * Judged as the browser will read it: parsed against this page, it must
 * stay on this origin ("/\t/evil" and "/\\evil" parse as "//evil").
 */
function nextPath() {
	var n = new URLSearchParams(location.search).get('next'), u;

	if (!n || n.charAt(0) !== '/')
		return null;
	try {
		u = new URL(n, location.origin);
	} catch (e) {
		return null;
	}
	return u.origin === location.origin ? u.pathname + u.search + u.hash : null;
}

/* A login payload arrived: keep the token, show the profile. */
function signedIn(data, text) {
	var next = nextPath();
	access = data.access_token;
	if (next) {
		location.href = next;
		return;
	}
	if (data.device_token)
		localStorage.setItem(DEVICE_KEY, data.device_token);
	say(text, true);
	show(true);
	fillProfile(data.user);
	loadSessions();
	loadDevices();
	loadPasskeys();
}

/* The password was right; the account wants its second factor. */
function askSecondFactor(data) {
	var pk = (data.factors || []).indexOf('passkey') >= 0;
	mfaToken = data.mfa_token;
	$('signin-mfa-passkey').classList.toggle('hidden', !pk);
	$('signin-mfa-code').value = '';
	$('signin-mfa-recovery').checked = false;
	$('signin-mfa-section').classList.remove('hidden');
	$('signin-mfa-code').focus();
	say(pk ? 'Enter the code of your authenticator app, or use your passkey' :
	    'Enter the code of your authenticator app', true);
}

function endSecondFactor() {
	mfaToken = null;
	$('signin-mfa-section').classList.add('hidden');
}

/* The trusted devices, each with a button that forgets it. */
function loadDevices() {
	api('GET', '/api/v1/auth/devices').then(function (r) {
		var tb = $('devices');
		tb.textContent = '';
		if (r.status !== 200)
			return;
		r.env.data.forEach(function (d) {
			var tr = document.createElement('tr'), td, b;
			[d.created_at, d.last_used_at, d.ip + ' ' + (d.user_agent || '').slice(0, 40)]
				.forEach(function (t) {
					var c = document.createElement('td');
					c.textContent = t;
					tr.appendChild(c);
				});
			td = document.createElement('td');
			b = document.createElement('button');
			b.type = 'button';
			b.className = 'link';
			b.textContent = 'Forget';
			b.onclick = function () {
				api('DELETE', '/api/v1/auth/devices/' + d.id).then(function (x) {
					say(x.status === 200 ? 'Device forgotten' : why(x.env), x.status === 200);
					loadDevices();
				});
			};
			td.appendChild(b);
			tr.appendChild(td);
			tb.appendChild(tr);
		});
	});
}

/*
 * Passkeys (WebAuthn).  The server's options are the standard JSON
 * forms, read by PublicKeyCredential.parse*OptionsFromJSON(); what goes
 * back is the credential's toJSON().  The browser refuses a passkey on
 * an IP address, so the page must be opened as http://localhost:PORT/.
 */
function passkeysWork() {
	return !!(window.PublicKeyCredential &&
	    PublicKeyCredential.parseCreationOptionsFromJSON &&
	    PublicKeyCredential.parseRequestOptionsFromJSON);
}

/* Why the browser gave no credential (the user cancelled, no passkey). */
function browserRefused(e) {
	var m = e && e.name === 'NotAllowedError' ?
	    'no passkey was chosen, or the authenticator refused' :
	    (e && e.message) || String(e);
	say('The browser gave no passkey: ' + m);
}

function cell(tr, text) {
	var td = document.createElement('td');
	td.textContent = text === null || text === undefined ? '' : text;
	tr.appendChild(td);
	return td;
}

function linkButton(text, onclick) {
	var b = document.createElement('button');
	b.type = 'button';
	b.className = 'link';
	b.textContent = text;
	b.onclick = onclick;
	return b;
}

/* The name cell becomes a field with Save: PATCH {name}. */
function renamePasskey(p, td) {
	var f = document.createElement('input');
	f.value = p.name || '';
	f.maxLength = 64;
	f.className = 'pk-rename';
	td.textContent = '';
	td.appendChild(f);
	td.appendChild(linkButton('Save', function () {
		api('PATCH', '/api/v1/profile/passkeys/' + p.id, { name: f.value }).then(function (r) {
			say(r.status === 200 ? r.env.message || 'Passkey renamed' : why(r.env), r.status === 200);
			loadPasskeys();
		});
	}));
	f.focus();
}

/* The account's passkeys, each with Rename and Delete. */
function loadPasskeys() {
	api('GET', '/api/v1/profile/passkeys').then(function (r) {
		var tb = $('passkeys'), list;
		tb.textContent = '';
		if (r.status !== 200) {
			$('passkeys-none').textContent = why(r.env);
			$('passkeys-none').classList.remove('hidden');
			return;
		}
		list = r.env.data.passkeys || [];
		$('passkeys-none').textContent = 'No passkeys yet.';
		$('passkeys-none').classList.toggle('hidden', list.length > 0);
		list.forEach(function (p) {
			var tr = document.createElement('tr'), name, td;
			name = cell(tr, p.name || '(no name)');
			name.className = 'pk-name';
			cell(tr, p.created_at);
			cell(tr, p.last_used_at || 'never');
			cell(tr, (p.transports || []).join(', ') + (p.backed_up ? ' (synced)' : ''));
			td = cell(tr, '');
			td.appendChild(linkButton('Rename', function () { renamePasskey(p, name); }));
			td.appendChild(document.createTextNode(' '));
			td.appendChild(linkButton('Delete', function () {
				api('DELETE', '/api/v1/profile/passkeys/' + p.id).then(function (x) {
					var ok = x.status === 200 || x.status === 204;
					say(ok ? (x.env && x.env.message) || 'Passkey deleted' : why(x.env), ok);
					loadPasskeys();
				});
			}));
			tb.appendChild(tr);
		});
	});
}

/* Add a passkey: the password for the options, create(), then POST. */
$('pk-add').onclick = function () {
	var name = $('pk-name').value.trim();
	if (!passkeysWork()) {
		say('This browser cannot make passkeys');
		return;
	}
	api('POST', '/api/v1/profile/passkeys/options', { password: $('pk-password').value }).then(function (r) {
		$('pk-password').value = '';
		if (r.status !== 200) {
			say(why(r.env));
			return null;
		}
		return navigator.credentials.create({
			publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(r.env.data)
		}).then(function (cred) {
			var body = cred.toJSON();
			if (name)
				body.name = name;
			return api('POST', '/api/v1/profile/passkeys', body).then(function (x) {
				if (x.status === 201) {
					$('pk-name').value = '';
					say(x.env.message || 'Passkey added', true);
				} else {
					say(why(x.env));
				}
				loadPasskeys();
			});
		}, browserRefused);
	});
};

/*
 * Sign in with a passkey: "extra" is {} (usernameless: the
 * authenticator offers this site's passkeys), {login} or {mfa_token}
 * (the second factor of a password sign-in); "more" joins the posted
 * credential.  A Promise of the reply, or null if none was posted.
 */
function passkeySignIn(extra, more) {
	if (!passkeysWork()) {
		say('This browser cannot use passkeys');
		return Promise.resolve(null);
	}
	return api('POST', '/api/v1/auth/passkey/options', extra).then(function (r) {
		if (r.status !== 200) {
			say(why(r.env));
			return null;
		}
		return navigator.credentials.get({
			publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(r.env.data)
		}).then(function (cred) {
			var body = cred.toJSON(), k;
			for (k in more)
				body[k] = more[k];
			return api('POST', '/api/v1/auth/passkey/login', body);
		}, function (e) {
			browserRefused(e);
			return null;
		});
	});
}

$('passkey-login').onclick = function () {
	var login = $('login-email').value.trim();
	passkeySignIn(login ? { login: login } : {}, { remember: $('login-remember').checked })
		.then(function (r) {
			if (r === null)
				return;
			if (r.status === 200)
				signedIn(r.env.data, 'Signed in with a passkey');
			else
				say(why(r.env));
		});
};

$('signin-mfa-passkey').onclick = function () {
	passkeySignIn({ mfa_token: mfaToken },
	    { mfa_token: mfaToken, remember_device: $('signin-mfa-remember').checked })
		.then(function (r) {
			if (r === null)
				return;
			if (r.status === 200) {
				endSecondFactor();
				signedIn(r.env.data, 'Logged in (passkey as the second factor)');
			} else {
				say(why(r.env));
			}
		});
};

/* The second factor's part of the profile, from the user object. */
function fillMfa(u) {
	var on = !!(u.mfa && u.mfa.totp);
	$('mfa-status').textContent = on ?
	    'On: signing in asks for a code from your authenticator app (' +
	    u.mfa.recovery_codes_left + ' recovery codes left).' :
	    'Off: signing in needs only the password.';
	$('mfa-off').className = on ? 'hidden' : '';
	$('mfa-on').className = on ? '' : 'hidden';
	if (on)
		$('mfa-enrol').className = 'hidden';
}

function reloadProfile() {
	api('GET', '/api/v1/profile').then(function (r) {
		if (r.status === 200)
			fillMfa(r.env.data);
	});
}

function showCodes(codes) {
	$('mfa-codes').textContent = codes.join('\n');
	$('mfa-codes-box').className = '';
}

$('mfa-start').onclick = function () {
	api('POST', '/api/v1/profile/mfa/totp', { password: $('mfa-password').value }).then(function (r) {
		$('mfa-password').value = '';
		if (r.status !== 200) {
			say(why(r.env), false);
			return;
		}
		/* an image, not markup: the SVG cannot run anything here */
		$('mfa-qr').src = 'data:image/svg+xml;charset=utf-8,' +
		    encodeURIComponent(r.env.data.qr_svg);
		$('mfa-secret').textContent = r.env.data.secret;
		$('mfa-enrol').className = '';
		$('mfa-codes-box').className = 'hidden';
		say(r.env.message, true);
	});
};

$('mfa-confirm').onclick = function () {
	api('POST', '/api/v1/profile/mfa/totp/confirm', { code: $('mfa-code').value.trim() }).then(function (r) {
		$('mfa-code').value = '';
		if (r.status !== 200) {
			say(why(r.env), false);
			return;
		}
		$('mfa-enrol').className = 'hidden';
		showCodes(r.env.data.recovery_codes);
		say(r.env.message, true);
		reloadProfile();
	});
};

$('mfa-disable').onclick = function () {
	api('DELETE', '/api/v1/profile/mfa/totp', {
		password: $('mfa-on-password').value, code: $('mfa-on-code').value.trim()
	}).then(function (r) {
		$('mfa-on-password').value = $('mfa-on-code').value = '';
		say(r.status === 200 ? r.env.message + '; your other sessions were ended' : why(r.env),
		    r.status === 200);
		$('mfa-codes-box').className = 'hidden';
		reloadProfile();
		loadSessions();
	});
};

$('mfa-new-codes').onclick = function () {
	api('POST', '/api/v1/profile/mfa/recovery-codes', { password: $('mfa-on-password').value }).then(function (r) {
		$('mfa-on-password').value = '';
		if (r.status !== 200) {
			say(why(r.env), false);
			return;
		}
		showCodes(r.env.data.recovery_codes);
		say(r.env.message, true);
		reloadProfile();
	});
};

function fillProfile(u) {
	fillMfa(u);
	$('who').textContent = u.email;
	$('who-role').textContent = u.role;
	['username', 'full_name', 'phone', 'birthday', 'bio'].forEach(function (f) {
		$('p-' + f).value = u[f] || '';
	});
}

function loadSessions() {
	api('GET', '/api/v1/auth/sessions').then(function (r) {
		var tb = $('sessions');
		tb.textContent = '';
		if (r.status !== 200)
			return;
		r.env.data.forEach(function (s) {
			var tr = document.createElement('tr');
			[s.created_at, s.last_used_at, s.ip + ' ' + (s.user_agent || '').slice(0, 40)]
				.forEach(function (t) {
					var td = document.createElement('td');
					td.textContent = t;
					tr.appendChild(td);
				});
			var td = document.createElement('td');
			if (s.current) {
				td.textContent = 'this one';
			} else {
				var b = document.createElement('button');
				b.type = 'button';
				b.className = 'link';
				b.textContent = 'End';
				b.onclick = function () {
					api('DELETE', '/api/v1/auth/sessions/' + s.id).then(function (d) {
						say(d.status === 200 ? 'Session ended' : why(d.env), d.status === 200);
						loadSessions();
					});
				};
				td.appendChild(b);
			}
			tr.appendChild(td);
			tb.appendChild(tr);
		});
	});
}

$('login-form').onsubmit = function (e) {
	e.preventDefault();
	var body = {
		login: $('login-email').value, password: $('login-password').value,
		remember: $('login-remember').checked
	};
	if (localStorage.getItem(DEVICE_KEY))
		body.device_token = localStorage.getItem(DEVICE_KEY);
	api('POST', '/api/v1/auth/login', body).then(function (r) {
		$('login-password').value = '';
		if (r.status === 200 && r.env.code === 'mfa_required')
			askSecondFactor(r.env.data);
		else if (r.status === 200)
			signedIn(r.env.data, 'Logged in');
		else
			say(why(r.env));
	});
};

$('signin-mfa-form').onsubmit = function (e) {
	var body = { mfa_token: mfaToken, remember_device: $('signin-mfa-remember').checked };
	e.preventDefault();
	if ($('signin-mfa-recovery').checked)
		body.recovery_code = $('signin-mfa-code').value.trim();
	else
		body.code = $('signin-mfa-code').value.replace(/\s/g, '');
	api('POST', '/api/v1/auth/mfa/verify', body).then(function (r) {
		$('signin-mfa-code').value = '';
		if (r.status === 200) {
			endSecondFactor();
			signedIn(r.env.data, 'Logged in');
		} else if (r.env && r.env.code === 'mfa_invalid_code') {
			say(why(r.env) + ' (' + r.env.data.attempts_left + ' tries left)');
		} else {
			endSecondFactor();
			say(why(r.env));
		}
	});
};

$('signin-mfa-cancel').onclick = function () {
	endSecondFactor();
	say('');
};

$('register-form').onsubmit = function (e) {
	e.preventDefault();
	var body = { email: $('reg-email').value, password: $('reg-password').value };
	if ($('reg-name').value)
		body.full_name = $('reg-name').value;
	api('POST', '/api/v1/auth/register', body).then(function (r) {
		$('reg-password').value = '';
		if (r.status !== 201) {
			say(why(r.env));
		} else if (r.env.data.access_token) {
			signedIn(r.env.data, 'Registered and signed in');
		} else {
			verificationId = r.env.data.verification_id;
			$('verify-email').textContent = r.env.data.email;
			$('verify-section').classList.remove('hidden');
			say('Registered: enter the code from the mail (var/mail/ on the development server)', true);
			$('verify-code').focus();
		}
	});
};

$('verify-form').onsubmit = function (e) {
	e.preventDefault();
	api('POST', '/api/v1/auth/verify', {
		verification_id: verificationId, code: $('verify-code').value.trim()
	}).then(function (r) {
		if (r.status === 200) {
			$('verify-section').classList.add('hidden');
			signedIn(r.env.data, 'Email verified: you are signed in');
		} else {
			say(why(r.env) + (r.env && r.env.data && r.env.data.attempts_left !== undefined ?
			    ' (' + r.env.data.attempts_left + ' tries left)' : ''));
		}
	});
};

$('resend-button').onclick = function () {
	api('POST', '/api/v1/auth/verify/resend', { verification_id: verificationId }).then(function (r) {
		if (r.status === 200)
			verificationId = r.env.data.verification_id;
		say(r.status === 200 ? 'A new code is on its way' : why(r.env), r.status === 200);
	});
};

$('forgot-button').onclick = function () {
	var v = $('login-email').value;
	if (!v) {
		say('Enter your email or username first');
		return;
	}
	api('POST', '/api/v1/auth/password/forgot', v.indexOf('@') >= 0 ? { email: v } : { username: v })
		.then(function (r) { say(r.env ? r.env.message : 'Request failed', r.status === 200); });
};

$('profile-form').onsubmit = function (e) {
	e.preventDefault();
	var body = {};
	['username', 'full_name', 'phone', 'birthday', 'bio'].forEach(function (f) {
		var v = $('p-' + f).value;
		if (v !== '')
			body[f] = v;
	});
	api('PATCH', '/api/v1/profile', body).then(function (r) {
		if (r.status === 200)
			fillProfile(r.env.data);
		say(r.status === 200 ? 'Profile saved' : why(r.env), r.status === 200);
	});
};

$('password-form').onsubmit = function (e) {
	e.preventDefault();
	api('POST', '/api/v1/profile/password', {
		current_password: $('pw-current').value, new_password: $('pw-new').value
	}).then(function (r) {
		$('pw-current').value = $('pw-new').value = '';
		say(r.status === 200 ? 'Password changed; your other sessions were ended' : why(r.env),
		    r.status === 200);
		loadSessions();
	});
};

function logout(all) {
	api('POST', '/api/v1/auth/logout', all ? { all: true } : {}).then(function (r) {
		access = null;
		show(false);
		say(r.status === 200 ? 'Logged out' : why(r.env), r.status === 200);
	});
}
$('logout-button').onclick = function () { logout(false); };
$('logout-all-button').onclick = function () { logout(true); };

/* On load: still signed in?  The refresh cookie says (cookie mode). */
api('POST', '/api/v1/auth/refresh').then(function (r) {
	if (r.status === 200 && nextPath()) {
		location.href = nextPath();
	} else if (r.status === 200) {
		access = r.env.data.access_token;
		show(true);
		fillProfile(r.env.data.user);
		loadSessions();
		loadDevices();
		loadPasskeys();
	} else if (nextPath()) {
		say('Log in to open ' + nextPath());
	}
});

# shellcheck shell=bash
#
# scripts/package.sh: the Debian package test (issue 21), sourced by
# scripts/test after lib.sh, run by it last but one, or alone with
# FCAUTH_TESTS=package.  It installs into the system, so it needs root
# (or sudo without a password) and holds a machine-wide lock: one
# package test at a time, whichever tree it runs from.
#
#   fc_package_test  build the package of this tree and of the commit
#                    before the newest migration (with this debian/),
#                    lintian, install the old one, a database on the
#                    test MariaDB, fcauthctl migrate, a user, upgrade,
#                    migrate again, the user still signs in, the
#                    register/login/profile suites through Debian's
#                    lighttpd configuration (a private copy) with the
#                    snippet enabled, purge, nothing left
#
# Under var/test/package/: the two builds (old/, new/), the lighttpd
# copy, its logs, the configurations that point the installed programs
# at the test database.  Nothing of /etc/lighttpd or of a system service
# changes; /etc/fcauth exists while the package is installed.
#
#   FCAUTH_PKG_OLD=REV   the older version to build (default: the parent
#                        of the last commit that added an sql/*.sql)
#   FCAUTH_PKG_REUSE=1   the packages of the last run, not rebuilt (a
#                        developer's loop over the steps after the build)

FC_PKG_DB=
FC_PKG_LT_PID=
FC_PKG_SUDO=()

# fc_package_test: 0 when every step passed.
fc_package_test() {
	local t0=$SECONDS rc=0

	FC_PKG=$FC_VAR/package
	if ((EUID != 0)); then
		if ! command -v sudo >/dev/null || ! sudo -n true 2>/dev/null; then
			fc_warn "package test: needs root or sudo without a password: not run"
			return 1
		fi
		FC_PKG_SUDO=(sudo -n)
	fi
	exec 7>/tmp/fcauth-package-test.lock
	fc_msg "package test: waiting for the machine-wide lock /tmp/fcauth-package-test.lock"
	flock -w 900 7 || { fc_warn "package test: lock busy for 15 minutes"; return 1; }
	fc_pkg_run || rc=$?
	fc_pkg_lighttpd_stop
	if dpkg-query -W -f='${db:Status-Status}' fcauth 2>/dev/null | grep -qx installed; then
		fc_warn "package test: purging the fcauth package it left installed"
		fc_pkg_apt purge fcauth >>"$FC_PKG/apt.log" 2>&1 || true
	fi
	[[ -z $FC_PKG_DB ]] || fc_sql <<<"DROP DATABASE IF EXISTS \`$FC_PKG_DB\`;" || true
	exec 7>&-
	fc_msg "package test: $((SECONDS - t0)) s in all, status $rc"
	return "$rc"
}

fc_pkg_fail() {
	fc_warn "package test: $*"
	return 1
}

fc_pkg_apt() {
	"${FC_PKG_SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y \
		-o DPkg::Lock::Timeout=300 "$@" </dev/null
}

fc_pkg_run() {
	local old new out n_old n_new sum_before user_pw t

	if [[ ${FCAUTH_PKG_REUSE:-0} == 1 && -d $FC_PKG/new && -d $FC_PKG/old ]]; then
		find "$FC_PKG" -mindepth 1 -maxdepth 1 -not -name new -not -name old \
			-exec rm -rf {} +
	else
		rm -rf "$FC_PKG"
	fi
	mkdir -p "$FC_PKG/log" "$FC_PKG/run" "$FC_PKG/mail" "$FC_PKG/www" "$FC_PKG/tmp"
	chmod 700 "$FC_PKG"
	if dpkg-query -W -f='${db:Status-Status}' fcauth 2>/dev/null | grep -qx installed; then
		fc_warn "package test: fcauth is installed (an earlier run stopped?): purging it first"
		fc_pkg_apt purge fcauth >"$FC_PKG/apt.log" 2>&1 ||
			fc_pkg_fail "apt-get purge fcauth failed" || return 1
	fi

	if [[ ${FCAUTH_PKG_REUSE:-0} == 1 ]] && fc_pkg_deb new >/dev/null && fc_pkg_deb old >/dev/null; then
		fc_warn "package test: FCAUTH_PKG_REUSE=1: the packages of the last run, not rebuilt"
	else
		rm -rf "$FC_PKG/new" "$FC_PKG/old"
		fc_pkg_build_both || return 1
	fi
	new=$(fc_pkg_deb new) && old=$(fc_pkg_deb old) || return 1
	fc_pkg_lintian || return 1
	fc_pkg_builddeps_ok || return 1

	# The old version, its schema and one user.
	fc_msg "package test: apt-get install ./${old##*/}"
	fc_pkg_apt install "$old" >>"$FC_PKG/apt.log" 2>&1 ||
		fc_pkg_fail "apt-get install of the old package failed ($(fc_rel "$FC_PKG/apt.log"))" || return 1
	fc_pkg_installed_ok || return 1
	fc_pkg_db || return 1
	n_old=$(fc_pkg_migrate) || return 1
	fc_pkg_lighttpd_start || return 1
	user_pw="Pkg-upgrade $RANDOM correct horse"
	fc_pkg_request POST /api/v1/auth/register "pkg-$$@example.com" "$user_pw" 201 ||
		return 1
	sum_before=$(sha256sum /etc/fcauth/secrets.conf /etc/fcauth/fcauth.conf) ||
		return 1

	# The new version over it.
	fc_msg "package test: apt-get install ./${new##*/} (upgrade)"
	fc_pkg_apt install "$new" >>"$FC_PKG/apt.log" 2>&1 ||
		fc_pkg_fail "apt-get install of the new package failed ($(fc_rel "$FC_PKG/apt.log"))" || return 1
	[[ $(sha256sum /etc/fcauth/secrets.conf /etc/fcauth/fcauth.conf) == "$sum_before" ]] ||
		fc_pkg_fail "the upgrade changed secrets.conf or fcauth.conf" || return 1
	n_new=$(fc_pkg_migrate) || return 1
	t=$(find "$FC_PKG/new/src/sql" -name '[0-9]*.sql' | wc -l)
	((n_old + n_new == t)) ||
		fc_pkg_fail "migrate applied $n_old then $n_new, not the $t of the new schema" || return 1
	fc_msg "package test: migrate applied $n_old (old) then only the $n_new new ones"
	fc_pkg_lighttpd_stop
	fc_pkg_lighttpd_start || return 1
	fc_pkg_request POST /api/v1/auth/login "pkg-$$@example.com" "$user_pw" 200 ||
		fc_pkg_fail "the user made before the upgrade cannot sign in after it" || return 1
	fc_msg "package test: the user made with the old package signs in with the new one; secrets.conf unchanged"

	fc_pkg_suites || return 1
	fc_pkg_lighttpd_stop
	fc_pkg_purge || return 1
}

# --- building ------------------------------------------------------------

# fc_pkg_build DIR: dpkg-buildpackage -b in DIR/src; its log in DIR.
fc_pkg_build() {
	local dir=$1 t0=$SECONDS

	fc_msg "package test: dpkg-buildpackage -us -uc -b in $(fc_rel "$dir/src")"
	if ! (cd "$dir/src" && DEB_BUILD_OPTIONS="nocheck parallel=2" \
		dpkg-buildpackage -us -uc -b </dev/null) >"$dir/build.log" 2>&1; then
		tail -n 30 "$dir/build.log" >&2
		fc_pkg_fail "dpkg-buildpackage failed in $(fc_rel "$dir/src") (log $(fc_rel "$dir/build.log"))"
		return 1
	fi
	fc_msg "package test: built $(cd "$dir" && ls fcauth_*.deb) in $((SECONDS - t0)) s"
}

# This tree as it is (tracked and new files, uncommitted changes too) in
# new/src; the older commit's tree with this debian/ and a version just
# below in old/src.
fc_pkg_build_both() {
	local rev ver

	mkdir -p "$FC_PKG/new/src" "$FC_PKG/old/src"
	git -C "$FC_ROOT" ls-files -z -co --exclude-standard |
		(cd "$FC_ROOT" && tar --null -T - --ignore-failed-read -cf - 2>/dev/null) |
		tar -x -C "$FC_PKG/new/src" ||
		fc_pkg_fail "cannot copy the tree" || return 1
	rev=${FCAUTH_PKG_OLD:-}
	if [[ -z $rev ]]; then
		rev=$(git -C "$FC_ROOT" log -1 --diff-filter=A --format=%H -- 'sql/*.sql') &&
			[[ -n $rev ]] && rev=$rev^ ||
			fc_pkg_fail "no commit adds a migration: no older version to upgrade from" || return 1
	fi
	git -C "$FC_ROOT" archive "$rev" | tar -x -C "$FC_PKG/old/src" ||
		fc_pkg_fail "git archive $rev failed" || return 1
	rm -rf "$FC_PKG/old/src/debian"
	cp -a "$FC_PKG/new/src/debian" "$FC_PKG/old/src/"
	ver=$(cd "$FC_PKG/new/src" && dpkg-parsechangelog -S Version) || return 1
	(
		cd "$FC_PKG/old/src" &&
			DEBFULLNAME="fcauth test" DEBEMAIL="test@example.com" \
				dch -b --newversion "$ver~old" --distribution unstable \
				"Test build of $(git -C "$FC_ROOT" rev-parse --short "$rev"), the version to upgrade from."
	) >/dev/null 2>&1 || fc_pkg_fail "dch in old/src failed" || return 1
	fc_msg "package test: old version $ver~old from $(git -C "$FC_ROOT" log -1 --format='%h %s' "$rev" | cut -c1-60)"
	fc_pkg_build "$FC_PKG/new" || return 1
	fc_pkg_build "$FC_PKG/old" || return 1
}

# fc_pkg_deb old|new: the path of that build's fcauth_*.deb.
fc_pkg_deb() {
	local f

	for f in "$FC_PKG/$1"/fcauth_*.deb; do
		[[ -f $f ]] && { printf '%s\n' "$f"; return 0; }
	done
	fc_pkg_fail "no fcauth_*.deb in $(fc_rel "$FC_PKG/$1")"
}

# lintian on the new build: no error; each warning is printed (overrides
# with their reasons are in debian/fcauth.lintian-overrides).
fc_pkg_lintian() {
	local out

	out=$(cd "$FC_PKG/new" && lintian fcauth_*.changes 2>/dev/null) || true
	printf '%s\n' "$out" >"$FC_PKG/lintian.log"
	if grep -q '^E:' <<<"$out"; then
		grep -E '^(E|W):' <<<"$out" >&2
		fc_pkg_fail "lintian reports errors (above)"
		return 1
	fi
	if grep -q '^W:' <<<"$out"; then
		grep '^W:' <<<"$out" | sed "s/^/$FC_TAG: lintian: /" >&2
		fc_pkg_fail "lintian warnings that debian/fcauth.lintian-overrides does not explain (above)"
		return 1
	fi
	fc_msg "package test: lintian: no error, no warning"
}

# Every library the build needs (the -dev packages of FC_PACKAGES) is a
# Build-Depends of debian/control: dpkg-buildpackage checks only the
# ones listed, so one left out builds here, where it is installed, and
# fails on a clean build machine.  Not libcurl: only the integration
# suites' HTTP client needs it, and configure leaves them out without
# it (the package build runs the unit suites); nor clang's runtime,
# which scripts/test and scripts/fuzz add for the fuzz targets.
fc_pkg_builddeps_ok() {
	local p missing=()

	for p in "${FC_PACKAGES[@]}"; do
		[[ $p == *-dev && $p != libcurl* && $p != libclang-rt* ]] || continue
		grep -qE "^[[:space:]]*(Build-Depends:[[:space:]]*)?$p([[:space:],(]|\$)" \
			"$FC_ROOT/debian/control" || missing+=("$p")
	done
	((${#missing[@]} == 0)) ||
		fc_pkg_fail "debian/control's Build-Depends lack ${missing[*]}" || return 1
	fc_msg "package test: Build-Depends name every library of FC_PACKAGES the build needs"
}

# --- the installed package -----------------------------------------------

fc_pkg_installed_ok() {
	local st

	getent passwd fcauth >/dev/null || fc_pkg_fail "no user fcauth after installation" || return 1
	st=$(stat -c '%a %U:%G' /etc/fcauth/secrets.conf 2>/dev/null) ||
		fc_pkg_fail "no /etc/fcauth/secrets.conf after installation" || return 1
	[[ $st == "640 root:fcauth" ]] ||
		fc_pkg_fail "/etc/fcauth/secrets.conf is $st, not 640 root:fcauth" || return 1
	grep -q '^key = ' <("${FC_PKG_SUDO[@]}" sed -n '/^\[mfa\]/,/^\[/p' /etc/fcauth/secrets.conf) ||
		fc_pkg_fail "/etc/fcauth/secrets.conf has no [mfa] key" || return 1
	"${FC_PKG_SUDO[@]}" fcauthctl --config /etc/fcauth/fcauth.conf check-config \
		</dev/null >/dev/null 2>"$FC_PKG/log/check-config.log" ||
		fc_pkg_fail "fcauthctl check-config of the installed configuration: $(cat "$FC_PKG/log/check-config.log")" || return 1
	fc_msg "package test: user fcauth, secrets.conf 640 root:fcauth with an [mfa] key, check-config ok"
}

# The database of the installed programs on the test MariaDB, with an
# account fcauth_pkg that has the password postinst wrote in
# secrets.conf; configurations that include the installed ones and
# change only what points at the test instance.
fc_pkg_db() {
	local pw

	FC_PKG_DB=${FC_DB_NAME}_pkg
	pw=$("${FC_PKG_SUDO[@]}" sed -n 's/^password = //p' /etc/fcauth/secrets.conf)
	[[ -n $pw ]] || fc_pkg_fail "no [database] password in secrets.conf" || return 1
	fc_sql <<SQL || fc_pkg_fail "cannot create database $FC_PKG_DB" || return 1
DROP DATABASE IF EXISTS \`$FC_PKG_DB\`;
CREATE DATABASE \`$FC_PKG_DB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE OR REPLACE USER 'fcauth_pkg'@'localhost' IDENTIFIED BY '$pw';
GRANT SELECT, INSERT, UPDATE, DELETE ON \`$FC_PKG_DB\`.* TO 'fcauth_pkg'@'localhost';
SQL
	(
		umask 077
		cat >"$FC_PKG/fcauth.conf" <<EOF
; written by scripts/package.sh: the installed configuration, pointed at
; the test MariaDB
include = /etc/fcauth/fcauth.conf

[database]
socket = $FC_SOCK
user = fcauth_pkg
name = $FC_PKG_DB

[accounts]
verification = no

[mail]
base_url = http://127.0.0.1:$(fc_port package)
sendmail = $FC_ROOT/scripts/mail-to-dir $FC_PKG/mail -t -i

$(t_conf_extra)
EOF
		# admin.conf as installed (MariaDB's root through the socket:
		# the user running this, root), on the test database.
		cat >"$FC_PKG/admin.conf" <<EOF
; written by scripts/package.sh
include = /etc/fcauth/admin.conf

[database]
socket = $FC_SOCK
user = $FC_DBA
name = $FC_PKG_DB
EOF
	)
	fc_pkg_conf_known "$FC_PKG/fcauth.conf"
}

# fc_pkg_conf_known FILE: the test's extra settings (t_conf_extra) are
# the newest tree's; the older version installed first refuses a section
# or key it does not know yet ([webauthn] before passkeys).  Drop what
# the installed fcauthctl check-config calls unknown, one at a time, so
# both versions run with the same file.
fc_pkg_conf_known() {
	local f=$1 err line i re

	re="$f:([0-9]+): unknown (section|key)"
	for ((i = 0; i < 20; i++)); do
		err=$("${FC_PKG_SUDO[@]}" fcauthctl --config "$f" check-config 2>&1 >/dev/null) && return 0
		[[ $err =~ $re ]] || return 0
		line=${BASH_REMATCH[1]}
		if [[ ${BASH_REMATCH[2]} == section ]]; then
			# the section's header and its lines up to the next one
			awk -v n="$line" 'NR == n { skip = 1; next }
				skip && /^\[/ { skip = 0 }
				!skip' "$f" >"$f.tmp"
		else
			awk -v n="$line" 'NR != n' "$f" >"$f.tmp"
		fi
		cat "$f.tmp" >"$f" && rm -f "$f.tmp"
		fc_msg "package test: left out what the installed version does not know: ${err%%$'\n'*}"
	done
}

# fc_pkg_migrate: the installed fcauthctl migrate (its own sql dir);
# prints how many migrations it applied.
fc_pkg_migrate() {
	local out

	out=$("${FC_PKG_SUDO[@]}" fcauthctl --config "$FC_PKG/admin.conf" migrate </dev/null 2>&1) ||
		fc_pkg_fail "fcauthctl migrate: $out" || return 1
	[[ $out =~ schema\ up\ to\ date\ \(([0-9]+)\ applied ]] ||
		fc_pkg_fail "fcauthctl migrate said: $out" || return 1
	printf '%s\n' "${BASH_REMATCH[1]}"
}

# fc_pkg_request METHOD PATH EMAIL PASSWORD STATUS: one JSON request to
# the package's lighttpd; fails unless the status is STATUS.
fc_pkg_request() {
	local code

	code=$(curl -s -o "$FC_PKG/log/last-response" -w '%{http_code}' \
		-X "$1" -H 'Content-Type: application/json' \
		--data "{\"email\":\"$3\",\"password\":\"$4\"}" \
		"http://127.0.0.1:$(fc_port package)$2") || code=000
	[[ $code == "$5" ]] ||
		fc_pkg_fail "$1 $2 answered $code, want $5: $(cat "$FC_PKG/log/last-response" 2>/dev/null)"
}

# --- lighttpd: Debian's configuration, a private copy --------------------

# /etc/lighttpd copied, the package's snippet enabled in the copy by
# lighty-enable-mod itself (in a mount namespace where the copy is
# /etc/lighttpd), and only the paths that would touch the system
# changed: port, pid file, logs, document root, the sockets, the
# configuration the programs read.  lighttpd runs as the invoking user.
fc_pkg_lighttpd_config() {
	local lt=$FC_PKG/lighttpd port

	port=$(fc_port package) || return 1
	rm -rf "$lt"
	cp -a /etc/lighttpd "$lt"
	rm -f "$lt"/conf-enabled/*fcauth*
	# shellcheck disable=SC2016 # $1 is the inner shell's
	if ! unshare -m sh -c 'mount --bind "$1" /etc/lighttpd && lighty-enable-mod fcauth' \
		sh "$lt" >"$FC_PKG/log/enable-mod.log" 2>&1; then
		fc_pkg_fail "lighty-enable-mod fcauth in the copy failed: $(cat "$FC_PKG/log/enable-mod.log")"
		return 1
	fi
	[[ -L $lt/conf-enabled/50-fcauth.conf && -L $lt/conf-enabled/10-fastcgi.conf ]] ||
		fc_pkg_fail "lighty-enable-mod did not enable fcauth and fastcgi in the copy" || return 1
	# The snippet's target in the copy (the symlinks are relative).
	sed -i -e "s|/run/lighttpd/|$FC_PKG/run/|g" \
		-e "s|\"/etc/fcauth/fcauth.conf\"|\"$FC_PKG/fcauth.conf\"|" \
		"$lt/conf-available/50-fcauth.conf"
	sed -i -e "s|^server.document-root .*|server.document-root = \"$FC_PKG/www\"|" \
		-e "s|^server.upload-dirs .*|server.upload-dirs = ( \"$FC_PKG/tmp\" )|" \
		-e "s|^server.errorlog .*|server.errorlog = \"$FC_PKG/log/lighttpd-error.log\"|" \
		-e "s|^server.pid-file .*|server.pid-file = \"$FC_PKG/run/lighttpd.pid\"|" \
		-e "s|^server.port .*|server.port = $port\nserver.bind = \"127.0.0.1\"|" \
		-e '/^server.username/d' -e '/^server.groupname/d' -e '/use-ipv6.pl/d' \
		-e "s|^include \"/etc/lighttpd/conf-enabled/\*.conf\"|include \"$lt/conf-enabled/*.conf\"|" \
		"$lt/lighttpd.conf"
	if grep -n '"/etc/lighttpd\|"/var/\|"/run/' "$lt/lighttpd.conf" "$lt/conf-available/50-fcauth.conf" | grep -v ':[0-9]*:[[:space:]]*#' >&2; then
		fc_pkg_fail "a system path is left in the private lighttpd configuration (above)"
		return 1
	fi
	lighttpd -t -f "$lt/lighttpd.conf" >"$FC_PKG/log/lighttpd-t.log" 2>&1 ||
		fc_pkg_fail "lighttpd rejects the private copy: $(cat "$FC_PKG/log/lighttpd-t.log")" || return 1
}

fc_pkg_lighttpd_start() {
	local deadline port

	port=$(fc_port package) || return 1
	fc_pkg_lighttpd_config || return 1
	fc_log_files "$FC_PKG/log/lighttpd-error.log"
	setsid lighttpd -D -f "$FC_PKG/lighttpd/lighttpd.conf" </dev/null \
		>>"$FC_PKG/log/lighttpd-error.log" 2>&1 7>&- 8>&- 9>&- &
	FC_PKG_LT_PID=$!
	deadline=$((SECONDS + 30))
	until FC_PORT=$port fc_http_status /api/v1/auth/jwks.json >/dev/null; do
		fc_pid_alive "$FC_PKG_LT_PID" ||
			fc_pkg_fail "lighttpd (Debian's configuration) exited: $(tail -n 5 "$FC_PKG/log/lighttpd-error.log")" || return 1
		((SECONDS < deadline)) || fc_pkg_fail "lighttpd did not answer on port $port" || return 1
		sleep 0.2
	done
	fc_msg "package test: lighttpd with Debian's configuration and the enabled snippet on 127.0.0.1:$port"
}

fc_pkg_lighttpd_stop() {
	[[ -n $FC_PKG_LT_PID ]] || return 0
	fc_stop_pid "$FC_PKG_LT_PID" lighttpd
	FC_PKG_LT_PID=
	fc_kill_orphans quiet config "$FC_PKG/fcauth.conf"
}

# The register/login and profile suites against the installed programs
# (FCAUTH_TEST_CTL and FCAUTH_TEST_CGI_DIR the installed ones too);
# their results under var/test/passes/package/, tests/ left as it was.
# The timeouts are four times check's (CK_TIMEOUT_MULTIPLIER): the pass
# runs while the other test servers are up, and check_profile's import
# timing case (60 s, on the legacy instance) overran on a loaded machine.
fc_pkg_suites() {
	local status=0 t keep=$FC_PKG/main-results log=$FC_LOG/pass-package.log
	local -a FC_ITESTS=(tests/integration/check_register_login
		tests/integration/check_profile)

	rm -rf "$keep"
	for t in "${FC_ITESTS[@]}"; do
		mkdir -p "$keep/${t%/*}"
		cp -p "$t.log" "$t.trs" "$keep/${t%/*}/" 2>/dev/null || true
	done
	fc_msg "[package] make check TESTS=\"${FC_ITESTS[*]}\" against the installed programs"
	CK_TIMEOUT_MULTIPLIER=4 \
	FCAUTH_TEST_CTL=/usr/sbin/fcauthctl FCAUTH_TEST_CGI_DIR=/usr/libexec/fcauth \
		FCAUTH_TEST_ADMIN_CONFIG=$FC_PKG/admin.conf FCAUTH_TEST_MAIL_DIR=$FC_PKG/mail \
		make -j2 check TESTS="${FC_ITESTS[*]}" \
		FCAUTH_TEST_URL="http://127.0.0.1:$(fc_port package)" \
		FCAUTH_TEST_CONFIG="$FC_PKG/fcauth.conf" </dev/null >"$log" 2>&1 || status=$?
	grep -E '^(PASS|FAIL|SKIP|ERROR):' "$log" | sed "s/^/$FC_TAG: [package] /" >&2 || true
	fc_pass_save package
	for t in "${FC_ITESTS[@]}"; do
		cp -p "$keep/$t.log" "$keep/$t.trs" "${t%/*}/" 2>/dev/null || true
	done
	((status == 0)) || fc_pkg_fail "the suites failed against the installed programs (log $(fc_rel "$log"))"
}

# apt-get purge: every file dpkg -L listed is gone, and every directory
# of fcauth's own (a name with fcauth in it); /etc/fcauth (secrets.conf)
# too; the user stays.
fc_pkg_purge() {
	local f left=()

	dpkg -L fcauth >"$FC_PKG/dpkg-L.txt" || return 1
	fc_msg "package test: apt-get purge fcauth"
	fc_pkg_apt purge fcauth >>"$FC_PKG/apt.log" 2>&1 ||
		fc_pkg_fail "apt-get purge fcauth failed" || return 1
	while IFS= read -r f; do
		[[ $f == /. ]] && continue
		[[ -e $f || -L $f ]] || continue
		# a directory stays when others share it (/etc/lighttpd/...)
		if [[ -d $f && $f != *fcauth* ]]; then
			continue
		fi
		left+=("$f")
	done <"$FC_PKG/dpkg-L.txt"
	[[ ! -e /etc/fcauth ]] || left+=(/etc/fcauth)
	((${#left[@]} == 0)) ||
		fc_pkg_fail "left after purge: ${left[*]}" || return 1
	getent passwd fcauth >/dev/null ||
		fc_pkg_fail "purge removed the user fcauth (Debian keeps it)" || return 1
	fc_msg "package test: purge left none of the $(wc -l <"$FC_PKG/dpkg-L.txt") paths dpkg -L listed, nor /etc/fcauth; user fcauth kept"
}

# shellcheck shell=bash
#
# scripts/servers.sh: the two other web servers of scripts/test, beside
# lighttpd, so that the integration suites also run through them; and
# the install test.  Sourced by scripts/test after scripts/lib.sh, never
# run.  Functions are fc_*, globals FC_*, as in lib.sh.
#
#   fc_servers_start     Apache 2.4 + mod_fcgid on PORT+10, and nginx on
#                        PORT+11 (fc_port apache, fc_port nginx: the
#                        table FC_PORTS in lib.sh) with the five
#                        programs in --listen mode
#                        (their sockets in var/test/run/), each using
#                        "fcauthctl snippet" (the directives of the
#                        production snippet in conf/, check_snippet) with
#                        the paths of the build tree and the configured
#                        dialect's routes; all stopped by the EXIT trap
#                        The instances of scripts/test that FC_PORTS gives
#                        an apache-NAME and nginx-NAME port (the dialect
#                        instances) get a virtual host of that Apache and
#                        a server of that nginx, with their own programs
#                        and routes (fc_dx_instances)
#   fc_servers_passes    the integration suites again, once through
#                        Apache and once through nginx (FCAUTH_TEST_URL
#                        and each such FCAUTH_TEST_URL_<NAME> changed)
#   fc_install_test      make install into a temporary DESTDIR, then the
#                        installed files alone: fcauthctl migrates a
#                        scratch database, two programs answer as CGI
#
# Both servers are private instances run as the invoking user, with
# their configuration, logs and pid file under var/test/apache/ and
# var/test/nginx/.  As root, Apache refuses to run its workers (and so
# the programs it spawns) as root: they run as the owner of the tree, or
# www-data when that is root, which must then be able to reach the
# programs, a copy of the configuration and the MariaDB socket (the
# var/ directories get mode 711 for that).

# Hooks for further snippets (the authorizer of issue 9, say): Apache
# modules to load (NAME for NAME_module in mod_NAME.so), and files to
# Include after conf/apache-fcgid.conf, or to include inside nginx's
# server block after conf/nginx.conf.  Make those files with fc_snippet.
FC_AP_MODULES=(mpm_event authz_core alias fcgid)
FC_AP_INCLUDES=()
FC_NX_INCLUDES=()

FC_AP_PORT=
FC_NX_PORT=
FC_AP_DIR=
FC_NX_DIR=

# Where every integration test's .log/.trs of each pass goes.
FC_PASSES=

fc_servers_init() {
	FC_AP_PORT=$(fc_port apache) || exit 1
	FC_NX_PORT=$(fc_port nginx) || exit 1
	FC_AP_DIR=$FC_VAR/apache
	FC_NX_DIR=$FC_VAR/nginx
	FC_PASSES=$FC_VAR/passes
	case $FC_CGI_DIR in
	*[\|\&\\]*) fc_die "FCAUTH_CGI_DIR=$FC_CGI_DIR holds a character (| & \\) that the generated configs cannot take" ;;
	esac
}

# fc_stop_stale PIDFILE NAME PATTERN: a server left running by an
# earlier run (we hold the lock, so its script is gone) is stopped when
# its command line has PATTERN.
fc_stop_stale() {
	local pid

	[[ -s $1 ]] || return 0
	pid=$(<"$1")
	if [[ $pid =~ ^[0-9]+$ ]] && fc_pid_alive "$pid" &&
		[[ $(fc_cmdline "$pid") == *"$3"* ]]; then
		fc_warn "stopping $2 (pid $pid), left running by an earlier run"
		fc_stop_pid "$pid" "$2"
	fi
	rm -f "$1"
}

# fc_wait_http NAME PORT PID LOG: return once something answers HTTP on
# PORT; stop the script when PID dies or 30 s pass.
fc_wait_http() {
	local deadline=$((SECONDS + 30))

	until FC_PORT=$2 fc_http_status /api/v1/ >/dev/null; do
		if ! fc_pid_alive "$3"; then
			tail -n 20 "$4" >&2 2>/dev/null || true
			fc_die "$1 exited while starting (log: $(fc_rel "$4"))"
		fi
		((SECONDS < deadline)) ||
			fc_die "$1 did not answer on 127.0.0.1:$2 within 30 s (log: $(fc_rel "$4"))"
		sleep 0.2
	done
}

fc_port_taken() {
	if FC_PORT=$1 fc_http_status / >/dev/null; then
		fc_die "port $1 already answers: another server runs there (choose another PORT=...)"
	fi
}

# fc_snippet FILE OUT SED-ARGS...: conf/FILE with the installed
# paths changed; any /usr/local path left means the snippet changed in a
# way this script does not know.
fc_snippet() {
	local in=$FC_ROOT/conf/$1 out=$2

	shift 2
	sed "$@" "$in" >"$out.tmp"
	if grep -n '^[^#]*/usr/local/' "$out.tmp" >&2; then
		rm -f "$out.tmp"
		fc_die "conf/${in##*/} has a /usr/local path that scripts/servers.sh does not replace"
	fi
	mv "$out.tmp" "$out"
}

# The instances (fc_instance) that Apache and nginx serve too: those
# with apache-NAME in FC_PORTS that were started (FCAUTH_TEST_CONFIG_NAME
# set), sorted.
fc_dx_instances() {
	local k n v

	for k in "${!FC_PORTS[@]}"; do
		[[ $k == apache-* ]] || continue
		n=${k#apache-}
		v=FCAUTH_TEST_CONFIG_${n^^}
		[[ -n ${!v:-} ]] && printf '%s\n' "$n"
	done | sort
}

# --- Apache + mod_fcgid ------------------------------------------------

# The user Apache's workers and the programs run as when we are root.
fc_apache_user() {
	local u

	u=$(stat -c %U "$FC_ROOT") || fc_die "cannot stat $FC_ROOT"
	if [[ $u == root || $u == UNKNOWN ]]; then
		u=www-data
		id "$u" >/dev/null 2>&1 || u=nobody
	fi
	printf '%s\n' "$u"
}

fc_apache_config() {
	local user=$1 group mods=/usr/lib/apache2/modules m f n v
	local -a dx=() confs=()

	mkdir -p "$FC_AP_DIR/logs" "$FC_AP_DIR/run" "$FC_AP_DIR/fcgid" "$FC_AP_DIR/htdocs"
	rm -rf "${FC_AP_DIR:?}/fcgid/"*
	for m in "${FC_AP_MODULES[@]}"; do
		[[ -f $mods/mod_$m.so ]] ||
			fc_die "$mods/mod_$m.so is missing (apt-get install apache2 libapache2-mod-fcgid)"
	done

	# The programs' configuration: a copy the workers' user can read.
	(umask 077 && cp "$FC_CONF" "$FC_AP_DIR/fcauth.conf")
	# What conf/apache-fcgid.conf holds (check_snippet), for the build
	# tree, with the configured dialect's paths.
	"$FC_CTL" --config "$FC_AP_DIR/fcauth.conf" snippet apache \
		--programs "$FC_CGI_DIR" --processes "$FC_PROCS" \
		</dev/null >"$FC_AP_DIR/apache-fcgid.conf" ||
		fc_die "fcauthctl snippet apache failed"
	# Each dialect instance's configuration: the copy above, then the
	# instance's own lines; and its routes.
	mapfile -t dx < <(fc_dx_instances)
	for n in "${dx[@]}"; do
		v=FCAUTH_TEST_CONFIG_${n^^}
		(
			umask 077
			printf 'include = %s/fcauth.conf\n' "$FC_AP_DIR"
			grep -v '^[ \t]*include[ \t]*=' "${!v}" || true
			# the mail links lead to this server
			printf '\n[mail]\nbase_url = http://127.0.0.1:%s\n' "$(fc_port "apache-$n")"
		) >"$FC_AP_DIR/$n.conf"
		"$FC_CTL" --config "$FC_AP_DIR/$n.conf" snippet apache --routes \
			--programs "$FC_CGI_DIR" </dev/null >"$FC_AP_DIR/$n-routes.conf" ||
			fc_die "fcauthctl snippet apache failed for instance $n"
		confs+=("$FC_AP_DIR/$n.conf")
	done

	{
		printf '# Written by scripts/servers.sh on every run: a private Apache\n'
		printf '# for scripts/test around conf/apache-fcgid.conf.\n'
		printf 'ServerRoot "%s"\n' "$FC_AP_DIR"
		printf 'DefaultRuntimeDir "%s/run"\n' "$FC_AP_DIR"
		printf 'PidFile "%s/run/httpd.pid"\n' "$FC_AP_DIR"
		printf 'ErrorLog "%s/logs/error.log"\n' "$FC_AP_DIR"
		printf 'LogLevel warn\n'
		printf 'Listen 127.0.0.1:%s\n' "$FC_AP_PORT"
		printf 'ServerName 127.0.0.1\n'
		for m in "${FC_AP_MODULES[@]}"; do
			printf 'LoadModule %s_module %s/mod_%s.so\n' "$m" "$mods" "$m"
		done
		if ((EUID == 0)); then
			group=$(id -gn "$user")
			printf 'User %s\nGroup %s\n' "$user" "$group"
		fi
		printf 'StartServers 1\nServerLimit 2\nThreadsPerChild 16\n'
		printf 'MaxRequestWorkers 32\nMinSpareThreads 4\nMaxSpareThreads 32\n'
		printf 'DocumentRoot "%s/htdocs"\n' "$FC_AP_DIR"
		printf '<Directory />\n\tAllowOverride None\n\tRequire all denied\n</Directory>\n'
		printf 'FcgidIPCDir "%s/fcgid"\n' "$FC_AP_DIR"
		printf 'FcgidProcessTableFile "%s/run/fcgid_shm"\n' "$FC_AP_DIR"
		printf 'Include "%s/apache-fcgid.conf"\n' "$FC_AP_DIR"
		for f in ${FC_AP_INCLUDES[@]+"${FC_AP_INCLUDES[@]}"}; do
			printf 'Include "%s"\n' "$f"
		done
		# The dialect instances: a virtual host each on its port, its
		# own programs' configuration and routes.  A ServerName each,
		# so that mod_fcgid keeps their processes apart.
		for n in "${dx[@]}"; do
			printf 'Listen 127.0.0.1:%s\n' "$(fc_port "apache-$n")"
			printf '<VirtualHost 127.0.0.1:%s>\n' "$(fc_port "apache-$n")"
			printf '\tServerName %s.localhost\n' "$n"
			printf '\tFcgidInitialEnv FCAUTH_CONFIG %s/%s.conf\n' "$FC_AP_DIR" "$n"
			printf '\tInclude "%s/%s-routes.conf"\n' "$FC_AP_DIR" "$n"
			printf '</VirtualHost>\n'
		done
	} >"$FC_AP_DIR/httpd.conf"

	if ((EUID == 0)) && [[ $user != root ]]; then
		chown "$user:$group" "$FC_AP_DIR/fcauth.conf" "$FC_AP_DIR/fcgid" \
			${confs[@]+"${confs[@]}"}
		# Through var/ to the MariaDB socket: search, not read.
		chmod 711 "$FC_ROOT/var" "$FC_VAR" "$FC_RUN"
		runuser -u "$user" -- test -x "$FC_CGI_DIR/auth.fcgi" </dev/null ||
			fc_die "Apache's workers run as $user, who cannot run $FC_CGI_DIR/auth.fcgi: give the tree's directories o+x, or run as its owner"
		runuser -u "$user" -- test -S "$FC_SOCK" </dev/null ||
			fc_die "Apache's workers run as $user, who cannot reach the MariaDB socket $FC_SOCK"
	fi
	apache2 -t -f "$FC_AP_DIR/httpd.conf" >"$FC_AP_DIR/logs/configtest.log" 2>&1 ||
		{ cat "$FC_AP_DIR/logs/configtest.log" >&2; fc_die "apache2 rejects $(fc_rel "$FC_AP_DIR/httpd.conf")"; }
}

fc_apache_start() {
	local user="" pid log=$FC_AP_DIR/logs/error.log n

	command -v apache2 >/dev/null || fc_die "no apache2 (apt-get install apache2 libapache2-mod-fcgid)"
	fc_stop_stale "$FC_AP_DIR/run/httpd.pid" Apache "$FC_AP_DIR/httpd.conf"
	# Programs that outlived a killed Apache: told by their FCAUTH_CONFIG.
	local -a confs=("$FC_AP_DIR/fcauth.conf")
	for n in $(fc_dx_instances); do
		confs+=("$FC_AP_DIR/$n.conf")
	done
	fc_kill_orphans config "${confs[@]}"
	fc_port_taken "$FC_AP_PORT"
	for n in $(fc_dx_instances); do
		fc_port_taken "$(fc_port "apache-$n")"
	done
	((EUID != 0)) || user=$(fc_apache_user)
	fc_apache_config "$user"
	: >"$log"
	fc_msg "starting Apache (mod_fcgid) on http://127.0.0.1:$FC_AP_PORT/${user:+ (workers as $user)} (config $(fc_rel "$FC_AP_DIR/httpd.conf"), log $(fc_rel "$log"))"
	apache2 -f "$FC_AP_DIR/httpd.conf" -DFOREGROUND </dev/null >>"$log" 2>&1 8>&- 9>&- &
	pid=$!
	FC_EXTRA_PIDS+=("$pid")
	fc_wait_http Apache "$FC_AP_PORT" "$pid" "$log"
	export FCAUTH_TEST_URL_APACHE=http://127.0.0.1:$FC_AP_PORT
}

# --- nginx + the programs in --listen mode -----------------------------

fc_nginx_config() {
	local user_line="" includes="" servers="" f n

	mkdir -p "$FC_NX_DIR/logs" "$FC_NX_DIR/tmp" "$FC_NX_DIR/htdocs"
	cp /etc/nginx/fastcgi_params "$FC_NX_DIR/fastcgi_params" ||
		fc_die "no /etc/nginx/fastcgi_params (apt-get install nginx)"
	# What conf/nginx.conf holds (check_snippet), with the sockets in
	# var/ and the configured dialect's paths.
	"$FC_CTL" --config "$FC_CONF" snippet nginx --sockets "$FC_RUN/" \
		</dev/null >"$FC_NX_DIR/fcauth.conf" ||
		fc_die "fcauthctl snippet nginx failed"
	# As root the workers would be "nobody", who cannot reach the
	# programs' sockets in var/test/run (mode 700).
	((EUID != 0)) || user_line="user root root;"
	for f in ${FC_NX_INCLUDES[@]+"${FC_NX_INCLUDES[@]}"}; do
		includes+="		include $f;"$'\n'
	done
	# The dialect instances: a server each on its port, passing to
	# their own programs (fc_listen_start) by their own routes.
	for n in $(fc_dx_instances); do
		rm -f "$FC_NX_DIR/$n.fcauth.conf"
		"$FC_CTL" --config "$(fc_dx_config "$n")" snippet nginx \
			--sockets "$FC_RUN/$n/nx-" </dev/null >"$FC_NX_DIR/$n.conf" ||
			fc_die "fcauthctl snippet nginx failed for instance $n"
		servers+="	server {"$'\n'
		servers+="		listen 127.0.0.1:$(fc_port "nginx-$n");"$'\n'
		servers+="		server_name 127.0.0.1;"$'\n'
		servers+="		root $FC_NX_DIR/htdocs;"$'\n'
		servers+="		include $FC_NX_DIR/$n.conf;"$'\n'
		servers+="	}"$'\n'
	done
	cat >"$FC_NX_DIR/nginx.conf" <<EOF
# Written by scripts/servers.sh on every run: a private nginx for
# scripts/test around conf/nginx.conf.
$user_line
worker_processes 1;
pid $FC_NX_DIR/nginx.pid;
error_log $FC_NX_DIR/logs/error.log warn;
events { worker_connections 256; }
http {
	access_log $FC_NX_DIR/logs/access.log;
	client_body_temp_path $FC_NX_DIR/tmp/body;
	fastcgi_temp_path $FC_NX_DIR/tmp/fastcgi;
	proxy_temp_path $FC_NX_DIR/tmp/proxy;
	uwsgi_temp_path $FC_NX_DIR/tmp/uwsgi;
	scgi_temp_path $FC_NX_DIR/tmp/scgi;
	server {
		listen 127.0.0.1:$FC_NX_PORT;
		server_name 127.0.0.1;
		root $FC_NX_DIR/htdocs;
		include $FC_NX_DIR/fcauth.conf;
$includes	}
$servers}
EOF
	nginx -t -q -p "$FC_NX_DIR/" -e "$FC_NX_DIR/logs/error.log" -c "$FC_NX_DIR/nginx.conf" ||
		fc_die "nginx rejects $(fc_rel "$FC_NX_DIR/nginx.conf")"
}

# fc_dx_config NAME: the configuration nginx's programs of dialect
# instance NAME use: the instance's, with the mail links leading to
# nginx.  Written when absent (fc_nginx_config writes it first).
fc_dx_config() {
	local v=FCAUTH_TEST_CONFIG_${1^^} conf=$FC_NX_DIR/$1.fcauth.conf

	if [[ ! -f $conf ]]; then
		(
			umask 077
			printf 'include = %s\n\n[mail]\nbase_url = http://127.0.0.1:%s\n' \
				"${!v}" "$(fc_port "nginx-$1")"
		) >"$conf"
	fi
	printf '%s\n' "$conf"
}

# The five programs on their own sockets, as fcauth@.service runs them;
# and, with one process each, for every dialect instance (their sockets
# var/test/run/NAME/nx-<program>.sock).
fc_listen_start() {
	local p pid sock log=$FC_LOG/listen.log deadline n procs conf
	local -a socks=()

	: >"$log"
	for n in "" $(fc_dx_instances); do
		for p in "${FC_PROGRAMS[@]}"; do
			sock=$FC_RUN/${n:+$n/nx-}$p.sock
			fc_stop_stale "$sock.listen.pid" "$p.fcgi --listen" "unix:$sock"
		done
	done
	# Programs that outlived a killed --listen parent (fc_kill_orphans).
	fc_kill_orphans cmdline "--listen unix:$FC_RUN/"
	for n in "" $(fc_dx_instances); do
		conf=$FC_CONF procs=$FC_PROCS
		[[ -z $n ]] || { conf=$(fc_dx_config "$n"); procs=1; }
		for p in "${FC_PROGRAMS[@]}"; do
			sock=$FC_RUN/${n:+$n/nx-}$p.sock
			rm -f "$sock"
			"$FC_CGI_DIR/$p.fcgi" --config "$conf" --listen "unix:$sock" \
				--processes "$procs" </dev/null >>"$log" 2>&1 8>&- 9>&- &
			pid=$!
			printf '%s\n' "$pid" >"$sock.listen.pid"
			FC_EXTRA_PIDS+=("$pid")
			socks+=("$sock")
		done
	done
	deadline=$((SECONDS + 10))
	for sock in "${socks[@]}"; do
		until [[ -S $sock ]]; do
			((SECONDS < deadline)) || {
				tail -n 20 "$log" >&2
				fc_die "${sock##*/}: --listen made no socket within 10 s (log: $(fc_rel "$log"))"
			}
			sleep 0.1
		done
	done
}

fc_nginx_start() {
	local pid log=$FC_NX_DIR/logs/error.log n

	command -v nginx >/dev/null || fc_die "no nginx (apt-get install nginx)"
	fc_stop_stale "$FC_NX_DIR/nginx.pid" nginx "$FC_NX_DIR/nginx.conf"
	fc_port_taken "$FC_NX_PORT"
	for n in $(fc_dx_instances); do
		fc_port_taken "$(fc_port "nginx-$n")"
	done
	fc_nginx_config
	: >"$log"
	fc_msg "starting the programs with --listen unix:$(fc_rel "$FC_RUN")/<program>.sock --processes $FC_PROCS (log $(fc_rel "$FC_LOG/listen.log"))"
	fc_listen_start
	fc_msg "starting nginx on http://127.0.0.1:$FC_NX_PORT/ (config $(fc_rel "$FC_NX_DIR/nginx.conf"), log $(fc_rel "$log"))"
	nginx -p "$FC_NX_DIR/" -e "$log" -c "$FC_NX_DIR/nginx.conf" -g 'daemon off;' \
		</dev/null >>"$FC_NX_DIR/logs/stderr.log" 2>&1 8>&- 9>&- &
	pid=$!
	FC_EXTRA_PIDS+=("$pid")
	fc_wait_http nginx "$FC_NX_PORT" "$pid" "$log"
	export FCAUTH_TEST_URL_NGINX=http://127.0.0.1:$FC_NX_PORT
}

fc_servers_start() {
	fc_servers_init
	rm -rf "$FC_PASSES"
	fc_apache_start
	fc_nginx_start
}

# --- the integration suites through each server ------------------------

# The integration test programs, as the Makefile lists them.
fc_integration_tests() {
	make -s print-integration-tests </dev/null
}

# The suites that hold for any server: check_hostile asserts what
# lighttpd itself answers to broken requests, and check_outage runs on
# its own at the end.
fc_portable_tests() {
	fc_integration_tests | tr ' ' '\n' |
		grep -vE '/check_(hostile|outage)$' | tr '\n' ' '
}

# fc_pass_save NAME: copy this pass's integration .log/.trs to
# var/test/passes/NAME/ (which scripts/test's report reads too) and
# print its Check summary lines.
fc_pass_save() {
	local name=$1 t dir line

	for t in "${FC_ITESTS[@]}"; do
		dir=$FC_PASSES/$name/${t%/*}
		mkdir -p "$dir"
		cp "$t.log" "$t.trs" "$dir/" 2>/dev/null || fc_warn "[$name] $t left no .log/.trs"
		line=$(grep -E '^[0-9]+%: Checks: ' "$t.log" 2>/dev/null | tail -n 1) ||
			line=$(grep '^:test-result:' "$t.trs" 2>/dev/null | tr '\n' ' ')
		fc_msg "[$name] $t: $line"
	done
}

# fc_pass NAME URL LOG: make check of the integration suites with
# FCAUTH_TEST_URL=URL; on failure, the end of the server's LOG.
fc_pass() {
	local name=$1 url=$2 log=$3 status=0 n
	local -a urls=()

	# the dialect instances through this server too, where it has them
	# (Apache and nginx; the sanitizer passes reach lighttpd's)
	for n in $(fc_dx_instances); do
		[[ -n ${FC_PORTS[$name-$n]:-} ]] || continue
		urls+=("FCAUTH_TEST_URL_${n^^}=http://127.0.0.1:$(fc_port "$name-$n")")
	done
	fc_msg "[$name] make check TESTS=\"${FC_ITESTS[*]}\" FCAUTH_TEST_URL=$url${urls[*]+ ${urls[*]}}"
	env ${urls[@]+"${urls[@]}"} \
	make -j2 check TESTS="${FC_ITESTS[*]}" FCAUTH_TEST_URL="$url" \
		FCAUTH_TEST_CONFIG="$FCAUTH_TEST_CONFIG" </dev/null >"$FC_LOG/pass-$name.log" 2>&1 ||
		status=$?
	grep -E '^(PASS|FAIL|SKIP|ERROR|XFAIL|XPASS):' "$FC_LOG/pass-$name.log" | sed "s/^/$FC_TAG: [$name] /" >&2 || true
	fc_pass_save "$name"
	if ((status != 0)); then
		printf '\n%s: ===== [%s] last lines of %s =====\n' "$FC_TAG" "$name" "$(fc_rel "$log")" >&2
		tail -n 40 "$log" >&2
	fi
	return "$status"
}

# After the main make check (lighttpd): the integration suites through
# Apache, then nginx.  tests/ is left with lighttpd's results, as make
# check made them.
fc_servers_passes() {
	local status=0 t keep=$FC_VAR/lighttpd-results

	read -ra FC_ITESTS <<<"$(fc_portable_tests)"
	((${#FC_ITESTS[@]} > 0)) || { fc_warn "no integration tests listed"; return 0; }
	fc_msg "the integration suites again through Apache and nginx; only FCAUTH_TEST_URL changes: suites that use other instances (FCAUTH_TEST_URL_<NAME>) still reach those through lighttpd"
	rm -rf "$keep"
	for t in "${FC_ITESTS[@]}"; do
		mkdir -p "$keep/${t%/*}"
		cp "$t.log" "$t.trs" "$keep/${t%/*}/" 2>/dev/null || true
	done
	fc_pass apache "$FCAUTH_TEST_URL_APACHE" "$FC_AP_DIR/logs/error.log" || status=1
	fc_pass nginx "$FCAUTH_TEST_URL_NGINX" "$FC_NX_DIR/logs/error.log" || status=1
	for t in "${FC_ITESTS[@]}"; do
		cp "$keep/$t.log" "$keep/$t.trs" "${t%/*}/" 2>/dev/null || true
	done
	return "$status"
}

# --- the installed files alone -----------------------------------------


# fc_install_cgi PROGRAM CONFIG METHOD URI BODY: one request to an
# installed PROGRAM as a plain CGI; its output on stdout.
fc_install_cgi() {
	printf '%s' "$5" | env -i PATH=/usr/bin:/bin FCAUTH_CONFIG="$2" \
		GATEWAY_INTERFACE=CGI/1.1 SERVER_PROTOCOL=HTTP/1.1 \
		REMOTE_ADDR=127.0.0.1 REQUEST_METHOD="$3" REQUEST_URI="$4" \
		CONTENT_TYPE=application/json CONTENT_LENGTH="${#5}" \
		"$1" 2>>"$FC_LOG/install.log"
}

# fc_install_conf OUT USER PASSWORD KEY: a configuration for the
# installed files, made from the installed example (every key commented
# out) plus what this set-up needs.
fc_install_conf() {
	(
		umask 077
		{
			cat "$FC_INST$FC_I_SYSCONFDIR/fcauth/fcauth.conf.example"
			printf '\n[database]\nsocket = %s\nuser = %s\npassword = %s\nname = %s\n' \
				"$FC_SOCK" "$2" "$3" "$FC_INST_DB"
			printf '\n[tokens]\ncurrent_kid = k1\n\n[keys]\nk1 = %s\n' "$4"
			printf '\n[accounts]\nverification = no\n'
			printf '\n[mail]\ntemplates_dir = %s\n' "$FC_INST$FC_I_PKGDATADIR/templates"
		} >"$1"
	)
}

# The installation directories of the Makefile, as FC_I_*.
fc_install_dirs() {
	local line k v

	FC_I_LIBEXECDIR='' FC_I_SBINDIR='' FC_I_SYSCONFDIR='' FC_I_PKGDATADIR='' FC_I_MANDIR=''
	while IFS= read -r line; do
		k=${line%%=*} v=${line#*=}
		case $k in
		libexecdir) FC_I_LIBEXECDIR=$v ;;
		sbindir) FC_I_SBINDIR=$v ;;
		sysconfdir) FC_I_SYSCONFDIR=$v ;;
		pkgdatadir) FC_I_PKGDATADIR=$v ;;
		mandir) FC_I_MANDIR=$v ;;
		esac
	done < <(make -s print-install-dirs </dev/null)
	[[ $FC_I_LIBEXECDIR == /* && $FC_I_SBINDIR == /* && $FC_I_SYSCONFDIR == /* &&
		$FC_I_PKGDATADIR == /* && $FC_I_MANDIR == /* ]]
}

# fc_install_fail MESSAGE: say why the install test failed; false.
fc_install_fail() {
	fc_warn "install test: $*"
	return 1
}

# The install test: "make install DESTDIR=var/test/install", then only
# the installed files: every file in its place with the paths filled
# in; the installed fcauthctl, with a configuration made from the
# installed example, migrates a scratch database from the installed
# schema; the installed programs register and log in an account as
# plain CGI.  Returns non-zero on any failure, saying why.
FC_INST=
FC_INST_DB=fcauth_install
fc_install_test() {
	local f out email key conf adm t0=$SECONDS
	local -a files

	FC_INST=$FC_VAR/install
	conf=$FC_INST/fcauth.conf
	adm=$FC_INST/fcauth-admin.conf
	fc_msg "install test: make install DESTDIR=$(fc_rel "$FC_INST")"
	rm -rf "$FC_INST"
	: >"$FC_LOG/install.log"
	fc_install_dirs || fc_install_fail "make print-install-dirs said nothing usable" || return 1
	if ! make install DESTDIR="$FC_INST" </dev/null >>"$FC_LOG/install.log" 2>&1; then
		tail -n 20 "$FC_LOG/install.log" >&2
		fc_install_fail "make install failed (log $(fc_rel "$FC_LOG/install.log"))"
		return 1
	fi

	files=("$FC_I_SBINDIR/fcauthctl"
		"$FC_I_SYSCONFDIR/fcauth/fcauth.conf.example"
		"$FC_I_PKGDATADIR/sql/001_init.sql"
		"$FC_I_PKGDATADIR/sql/002_password_kinds.sql"
		"$FC_I_PKGDATADIR/templates/confirm.txt"
		"$FC_I_PKGDATADIR/lighttpd.conf"
		"$FC_I_PKGDATADIR/apache-fcgid.conf"
		"$FC_I_PKGDATADIR/nginx.conf"
		"$FC_I_PKGDATADIR/systemd/fcauth@.service"
		"$FC_I_PKGDATADIR/systemd/fcauth-mailer.service"
		"$FC_I_MANDIR/man8/fcauth.8"
		"$FC_I_MANDIR/man8/fcauthctl.8"
		"$FC_I_MANDIR/man5/fcauth.conf.5"
		"$FC_I_MANDIR/man7/fcauth-api.7"
		"$FC_I_PKGDATADIR/docs/openapi.yaml"
		"$FC_I_PKGDATADIR/docs/index.html")
	for f in "${FC_PROGRAMS[@]}"; do
		files+=("$FC_I_LIBEXECDIR/fcauth/$f.fcgi")
	done
	for f in "${files[@]}"; do
		[[ -s $FC_INST$f ]] || fc_install_fail "$f is not installed" || return 1
	done
	for f in "$FC_I_SBINDIR/fcauthctl" "$FC_I_LIBEXECDIR/fcauth/auth.fcgi"; do
		[[ -x $FC_INST$f ]] || fc_install_fail "$f is not executable" || return 1
	done
	if grep -n '@[a-zA-Z_]*@' "$FC_INST$FC_I_PKGDATADIR"/systemd/* "$FC_INST$FC_I_MANDIR"/man[578]/*; then
		fc_install_fail "a placeholder is left in an installed file (above)"
		return 1
	fi
	grep -qF "ExecStart=$FC_I_LIBEXECDIR/fcauth/%i.fcgi --listen unix:/run/fcauth/%i.sock" \
		"$FC_INST$FC_I_PKGDATADIR/systemd/fcauth@.service" ||
		fc_install_fail "fcauth@.service does not run $FC_I_LIBEXECDIR/fcauth/%i.fcgi" || return 1
	grep -qF "$FC_I_SYSCONFDIR/fcauth/fcauth.conf" "$FC_INST$FC_I_MANDIR/man8/fcauth.8" ||
		fc_install_fail "fcauth(8) does not name $FC_I_SYSCONFDIR/fcauth/fcauth.conf" || return 1

	# A scratch database for the installed schema.
	fc_sql <<SQL || fc_install_fail "cannot create database $FC_INST_DB" || return 1
DROP DATABASE IF EXISTS \`$FC_INST_DB\`;
CREATE DATABASE \`$FC_INST_DB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
GRANT SELECT, INSERT, UPDATE, DELETE ON \`$FC_INST_DB\`.* TO '$FC_DB_USER'@'localhost';
GRANT ALL PRIVILEGES ON \`$FC_INST_DB\`.* TO '$FC_DB_ADMIN_USER'@'localhost';
SQL
	key=$("$FC_INST$FC_I_SBINDIR/fcauthctl" key generate </dev/null) ||
		fc_install_fail "the installed fcauthctl key generate failed" || return 1
	fc_install_conf "$conf" "$FC_DB_USER" "$FC_DB_PW" "$key"
	fc_install_conf "$adm" "$FC_DB_ADMIN_USER" "$FC_DB_ADMIN_PW" "$key"
	out=$("$FC_INST$FC_I_SBINDIR/fcauthctl" --config "$conf" check-config </dev/null 2>&1) ||
		fc_install_fail "fcauthctl check-config: $out" || return 1
	out=$("$FC_INST$FC_I_SBINDIR/fcauthctl" --config "$adm" migrate \
		--dir "$FC_INST$FC_I_PKGDATADIR/sql" </dev/null 2>&1) ||
		fc_install_fail "fcauthctl migrate: $out" || return 1
	[[ $out == *"schema up to date ("[1-9]*" applied"* ]] ||
		fc_install_fail "fcauthctl migrate applied nothing: $out" || return 1

	email="install-$$-$RANDOM@example.com"
	out=$(fc_install_cgi "$FC_INST$FC_I_LIBEXECDIR/fcauth/registration.fcgi" "$conf" \
		POST /api/v1/auth/register "{\"email\":\"$email\",\"password\":\"Tr0ub4dor & 3 horses!\"}")
	[[ $out == "Status: 201 "* && $out == *'"code":"ok"'* ]] ||
		fc_install_fail "the installed registration.fcgi as CGI answered: $out" || return 1
	out=$(fc_install_cgi "$FC_INST$FC_I_LIBEXECDIR/fcauth/auth.fcgi" "$conf" \
		POST /api/v1/auth/login "{\"email\":\"$email\",\"password\":\"Tr0ub4dor & 3 horses!\"}")
	[[ $out == "Status: 200 "* && $out == *'"access_token":'* ]] ||
		fc_install_fail "the installed auth.fcgi as CGI answered: $out" || return 1

	fc_sql <<<"DROP DATABASE IF EXISTS \`$FC_INST_DB\`;" || true
	rm -rf "$FC_INST"
	fc_msg "install test: passed in $((SECONDS - t0)) s (${#files[@]} files in place; from them alone: fcauthctl check-config, migrate of a scratch database, registration and login as CGI)"
}

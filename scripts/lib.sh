# shellcheck shell=bash
#
# scripts/lib.sh: the set-up steps that scripts/serve and scripts/test
# share.  Sourced, never run.  Functions are fc_*, globals FC_*.  The
# caller runs under "set -euo pipefail" and calls fc_init first; every
# step after that is a function that either finishes its job or stops
# the script with a message on stderr.
#
# The steps, in the order the callers run them:
#   fc_install_packages  apt-get install what dpkg says is missing
#   fc_build             autoreconf / ./configure / make, each when needed
#   fc_passwords         the two database passwords (kept in the configs)
#   fc_db_start          a private MariaDB under var/ (socket only)
#   fc_db_setup          database fcauth, users fcauth and fcauth_admin
#   fc_write_config      var/fcauth.conf and var/fcauth-admin.conf
#   fc_migrate           admin/fcauthctl migrate --dir sql
#   fc_lighttpd_config   var/lighttpd.conf from scripts/lighttpd-dev.conf.in
#   fc_lighttpd_start    lighttpd in the background, waited for
# fc_cleanup (the EXIT trap) stops whatever the script started.
#
# Environment:
#   CONFIGURE_FLAGS       flags for ./configure (word-split; serve: none,
#                         test: --enable-werror when configure has it)
#   FCAUTH_SKIP_BUILD=1   no autoreconf/configure/make; a missing fcauthctl
#                         then only skips the migration
#   FCAUTH_PROCS          processes per FastCGI program (2)
#   FCAUTH_CGI_DIR        where the five *.fcgi programs are (<repo>/cgi-bin)
#   FCAUTH_DB_TIMEOUT     seconds to wait for MariaDB to answer (30)
#   FCAUTH_MARIADB_OPTS   extra mariadbd options (word-split)

# The Debian packages the build, the tests and the dev server need.
FC_PACKAGES=(
	autoconf automake libtool pkg-config build-essential
	libfcgi-dev libjson-c-dev libsodium-dev check libcurl4-openssl-dev
	libcrypt-dev libmariadb-dev perl liboath-dev libqrencode-dev
	libfido2-dev libcbor-dev libssl-dev
	mariadb-server mariadb-client lighttpd cppcheck
)

# What scripts/test needs besides (it adds them to FC_PACKAGES): the two
# other web servers and mandoc for the man pages (scripts/servers.sh),
# fcgiwrap for the members area under nginx, and chromium and nodejs for
# the browser test of the demo site (npm, for playwright-core, comes
# with nodejs from NodeSource, or from Debian's npm: scripts/test);
# galera-4, mariadb-backup and socat for scripts/cluster (tests/cluster.sh:
# the Galera provider, and the mariabackup state transfer that streams
# through socat).
# debhelper, devscripts (dch) and lintian for the Debian package test
# (scripts/package.sh).
# shellcheck disable=SC2034 # used by scripts/test
FC_TEST_PACKAGES=(
	apache2 libapache2-mod-fcgid nginx mandoc valgrind git
	fcgiwrap chromium nodejs oathtool
	galera-4 mariadb-backup socat
	debhelper devscripts lintian
)

# What scripts/bench needs besides: wrk (the load), gnuplot-nox (the
# chart), curl (seeding, sign-ins) and php-cgi for the php-session
# scenario, the LAMP peer that fcauth's check is measured against.
# shellcheck disable=SC2034 # used by scripts/bench
FC_BENCH_PACKAGES=(wrk gnuplot-nox curl php-cgi)

# The five programs, as built in cgi-bin/.
FC_PROGRAMS=(auth registration verification profile activity)

# The instances of scripts/test, each a server on a port of its own:
# the port is PORT plus the offset here (fc_port NAME).  The one table
# of test ports.  Offsets 14..19: the dialect suites
# (check_dialect_*); 20..31 the same instances through Apache and nginx
# (servers.sh: an instance NAME with apache-NAME and nginx-NAME here
# gets both); 32..33 the two web nodes of check_feed; 34 the installed
# Debian package (package.sh).
declare -gA FC_PORTS=(
	[main]=0       # lighttpd, the main test configuration
	[eddsa]=1      # lighttpd, tokens signed with EdDSA
	[cookie]=2     # lighttpd, the refresh token as a cookie
	[verify]=3     # lighttpd, email verification on
	[verify2]=4    # lighttpd, 2 s codes, a redirect page, RFC 2047 subjects
	[legacy]=5     # lighttpd, a database of its own (legacy hash imports)
	[dialect]=6    # lighttpd, [api] dialect = seed004 (check_dialect_core)
	[serve-stop]=7 # scripts/serve, as tests/serve-stop.sh interrupts it
	[throttle]=8   # lighttpd, small throttle limits, a trusted proxy
	[browser]=9    # lighttpd, the demo site for the browser test
	[apache]=10    # Apache + mod_fcgid (servers.sh)
	[nginx]=11     # nginx + the programs in --listen mode (servers.sh)
	[asan]=12      # lighttpd, the sanitizer build's programs (sanitize.sh)
	[valgrind]=13  # lighttpd, the programs under valgrind (sanitize.sh)
	[seed000]=14   # lighttpd, dialect seed000, verification off
	[seed001]=15   # lighttpd, dialect seed001, verification on
	[seed002]=16   # lighttpd, dialect seed002, verification on
	[seed003]=17   # lighttpd, dialect seed003, verification on
	[seed004]=18   # lighttpd, dialect seed004, verification off
	[custom]=19    # lighttpd, a dialect written for the test (not shipped)
	[apache-seed000]=20 [apache-seed001]=21 [apache-seed002]=22
	[apache-seed003]=23 [apache-seed004]=24 [apache-custom]=25
	[nginx-seed000]=26 [nginx-seed001]=27 [nginx-seed002]=28
	[nginx-seed003]=29 [nginx-seed004]=30 [nginx-custom]=31
	[feed1]=32     # lighttpd, revocation_poll 100ms: web node 1 (check_feed)
	[feed2]=33     # lighttpd, the same: web node 2, the same database
	[package]=34   # lighttpd of Debian's configuration, the installed package (package.sh)
)

# mariadbd options used for both mariadb-install-db and the server: a
# small instance that speaks utf8mb4 whatever /etc/mysql says.
FC_MYSQLD_OPTS=(
	--character-set-server=utf8mb4
	--collation-server=utf8mb4_unicode_ci
	--innodb-buffer-pool-size=64M
	--innodb-log-file-size=16M
)

FC_DB_NAME=fcauth
FC_DB_USER=fcauth
FC_DB_ADMIN_USER=fcauth_admin

# Pids of what this script started (empty: nothing to stop).
FC_DB_PID=
FC_LT_PID=
FC_WORKER_PID=
# A function run by fc_cleanup with the exit status, after everything
# is stopped (scripts/test prints its summary there).
FC_EXIT_HOOK=

# Messages: "serve: ...", lower-case, error first.
fc_msg() {
	printf '%s: %s\n' "$FC_TAG" "$*" >&2
}

fc_warn() {
	printf '%s: warning: %s\n' "$FC_TAG" "$*" >&2
}

fc_die() {
	printf '%s: error: %s\n' "$FC_TAG" "$*" >&2
	exit 1
}

# A path for messages: relative to the repository when inside it.
fc_rel() {
	case $1 in
	"$FC_ROOT"/*) printf '%s\n' "${1#"$FC_ROOT"/}" ;;
	*) printf '%s\n' "$1" ;;
	esac
}

# fc_init TAG PORT [SUBDIR]: set every FC_* path and cd to the
# repository.  State goes to var/ (var/SUBDIR/ when given).
fc_init() {
	FC_TAG=$1
	FC_PORT=$2
	local sub=${3:-}

	PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
	export PATH

	FC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
	cd "$FC_ROOT" || exit 1
	case $FC_ROOT in
	*[\"\\\|\&]*) fc_die "the repository path $FC_ROOT holds a character (\" \\ | &) that the generated configs cannot quote" ;;
	esac

	if ! [[ $FC_PORT =~ ^[1-9][0-9]{0,4}$ ]] || ((FC_PORT < 1 || FC_PORT > 65535)); then
		fc_die "PORT=$FC_PORT is not a port number"
	fi
	FC_PROCS=${FCAUTH_PROCS:-2}
	if ! [[ $FC_PROCS =~ ^[1-9][0-9]?$ ]] || ((FC_PROCS < 1 || FC_PROCS > 64)); then
		fc_die "FCAUTH_PROCS=$FC_PROCS is not a number from 1 to 64"
	fi

	FC_VAR=$FC_ROOT/var${sub:+/$sub}
	FC_LOG=$FC_VAR/log
	FC_RUN=$(fc_run_dir)
	FC_DATA=$FC_VAR/mariadb/data
	FC_SOCK=$FC_RUN/mariadb.sock
	FC_DB_PIDFILE=$FC_RUN/mariadb.pid
	FC_DB_LOG=$FC_LOG/mariadb.log
	FC_CONF=$FC_VAR/fcauth.conf
	FC_ADMIN_CONF=$FC_VAR/fcauth-admin.conf
	FC_LT_TEMPLATE=$FC_ROOT/scripts/lighttpd-dev.conf.in
	FC_LT_CONF=$FC_VAR/lighttpd.conf
	FC_LT_PIDFILE=$FC_RUN/lighttpd.pid
	FC_LT_ERRLOG=$FC_LOG/lighttpd-error.log
	FC_ERRORS=$FC_VAR/errors
	FC_DOCROOT=$FC_ROOT/www
	FC_CGI_DIR=${FCAUTH_CGI_DIR:-$FC_ROOT/cgi-bin}
	FC_CTL=$FC_ROOT/admin/fcauthctl
	FC_URL=http://127.0.0.1:$FC_PORT
	FC_MAIL_DIR=$FC_VAR/mail

	# The MariaDB account the scripts themselves use: the one that
	# mariadb-install-db makes for the user running it, reached through
	# the socket with unix_socket authentication (no password).
	FC_DBA=$(id -un) || fc_die "cannot tell the name of user $(id -u)"

	mkdir -p "$FC_VAR" "$FC_LOG" "$FC_RUN" "$FC_MAIL_DIR"
	chmod 700 "$FC_ROOT/var" "$FC_VAR" "$FC_RUN" "$FC_MAIL_DIR"
}

# Where sockets go: var/run, unless the path is too long for a Unix
# socket (107 bytes; lighttpd appends "-N" to each program's socket), as
# in a deep CI checkout; then a directory in /tmp named after the tree.
fc_run_dir() {
	local run=$FC_VAR/run sum longest=/verification.sock-64
	if ((${#run} + ${#longest} > 107)); then
		sum=$(printf '%s' "$FC_VAR" | cksum | cut -d' ' -f1)
		run=${TMPDIR:-/tmp}/fcauth-$(id -u)-$sum
		fc_warn "$FC_VAR/run is too long a path for sockets: using $run"
	fi
	printf '%s\n' "$run"
}

# Hold var/.lock (var/test/.lock) while the script runs: one serve and
# one test per tree at a time.  Children get the descriptor closed so
# that a server left behind cannot keep the lock.
fc_lock() {
	exec 9>"$FC_VAR/.lock"
	flock -n 9 ||
		fc_die "another scripts/$FC_TAG is running in this tree (it holds $(fc_rel "$FC_VAR/.lock"))"
}

# fc_sigint_default "$0" ARGS...: run the script again with SIGINT at
# its default disposition when it started with SIGINT ignored, as a
# background job of another script does.  A shell cannot trap a signal
# ignored on entry: SIGINT would do nothing here while lighttpd, which
# sets its own handler, stopped by itself and left programs behind.
fc_sigint_default() {
	local ign

	ign=$(sed -n 's/^SigIgn:[[:space:]]*//p' "/proc/$$/status" 2>/dev/null) || return 0
	[[ $ign =~ ^[0-9a-fA-F]+$ ]] && (((16#$ign >> 1) & 1)) || return 0
	[[ -z ${FC_SIGINT_REEXEC:-} ]] || return 0
	env --default-signal=INT true 2>/dev/null || return 0
	FC_SIGINT_REEXEC=1 exec env --default-signal=INT "$BASH" "$@"
}

# fc_traps INT_STATUS: stop everything on exit; Ctrl-C exits with
# INT_STATUS (0 for serve, where Ctrl-C is the normal way out).
fc_traps() {
	FC_INT_STATUS=$1
	trap fc_cleanup EXIT
	trap 'fc_signal INT "$FC_INT_STATUS"' INT
	trap 'fc_signal TERM 143' TERM
	trap 'fc_signal HUP 129' HUP
}

# fc_on_exit FUNCTION: fc_cleanup calls FUNCTION STATUS last.
fc_on_exit() {
	FC_EXIT_HOOK=$1
}

fc_signal() {
	fc_msg "caught SIG$1, stopping"
	exit "$2"
}

# The EXIT trap: stop lighttpd, then MariaDB, then run FC_EXIT_HOOK.
# Keeps the exit status.  Safe to run twice.
fc_cleanup() {
	local status=$?
	trap '' INT TERM HUP
	set +e
	fc_mail_worker_stop
	fc_lighttpd_stop
	fc_db_stop
	if [[ -n $FC_EXIT_HOOK ]]; then
		"$FC_EXIT_HOOK" "$status"
	fi
	exit "$status"
}

# --- processes ---------------------------------------------------------

# True if process $1 exists and is not a zombie.
fc_pid_alive() {
	local state
	kill -0 "$1" 2>/dev/null || return 1
	state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
	[[ -n $state && $state != Z ]]
}

# fc_wait_gone PID SECONDS: true once PID is gone, false on timeout.
fc_wait_gone() {
	local deadline=$((SECONDS + $2))
	while fc_pid_alive "$1"; do
		((SECONDS < deadline)) || return 1
		sleep 0.2
	done
}

# fc_reap PID: collect the status of our child PID once it has ended,
# but only while it is a zombie.  "wait" on a child that bash already
# reaped behind our back (a trap that ran inside "wait", as a Ctrl-C
# during serve's wait for lighttpd does) can block for ever.
fc_reap() {
	[[ -e /proc/$1 ]] || return 0
	wait "$1" 2>/dev/null || true
}

# fc_stop_pid PID NAME: TERM, then KILL after 30 s; reaps our children.
fc_stop_pid() {
	if fc_pid_alive "$1"; then
		kill -TERM "$1" 2>/dev/null || true
		if ! fc_wait_gone "$1" 30; then
			fc_warn "$2 (pid $1) ignored SIGTERM for 30 s: killing it"
			kill -KILL "$1" 2>/dev/null || true
			fc_wait_gone "$1" 10 || true
		fi
	fi
	fc_reap "$1"
}

# The arguments of process $1, space-separated (and space-terminated).
fc_cmdline() {
	tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null
}

# fc_kill_orphans [quiet] config CONF... | cmdline PATTERN: stop the
# programs of FC_CGI_DIR that outlived the server that ran them (a
# lighttpd, Apache or --listen parent killed with -9, or a lighttpd
# that started them while it was stopping): a new server would find
# them on the sockets and use them, old code and all.  Ours are told by
# executable, and then
#   config CONF...   by the FCAUTH_CONFIG they got: one of CONF, which
#                    tells serve's from test's and one instance's from
#                    another's
#   cmdline PATTERN  by a command line that holds PATTERN
# "quiet": no warning, as just after our own server stopped, when they
# are expected.  The one process scanner of the scripts.
fc_kill_orphans() {
	local d pid exe env quiet='' how c
	local -a pids=()

	if [[ ${1:-} == quiet ]]; then
		quiet=1
		shift
	fi
	how=${1:?fc_kill_orphans: config or cmdline}
	shift
	[[ $how == config || $how == cmdline ]] ||
		fc_die "fc_kill_orphans: $how is neither config nor cmdline"
	(($# > 0)) || return 0
	for d in /proc/[0-9]*; do
		pid=${d#/proc/}
		exe=$(readlink "$d/exe" 2>/dev/null) || continue
		[[ $exe == "$FC_CGI_DIR"/* ]] || continue
		if [[ $how == cmdline ]]; then
			[[ $(fc_cmdline "$pid") == *"$1"* ]] && pids+=("$pid")
			continue
		fi
		env=$(tr '\0' '\n' <"$d/environ" 2>/dev/null) || continue
		for c in "$@"; do
			if grep -qxF "FCAUTH_CONFIG=$c" <<<"$env"; then
				pids+=("$pid")
				break
			fi
		done
	done
	((${#pids[@]} > 0)) || return 0
	[[ -n $quiet ]] ||
		fc_warn "stopping ${#pids[@]} programs left running by an earlier server (pids ${pids[*]})"
	kill -TERM "${pids[@]}" 2>/dev/null || true
	for pid in "${pids[@]}"; do
		fc_wait_gone "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true
	done
}

# --- (a) packages ------------------------------------------------------

fc_install_packages() {
	local p missing=() sudo=()

	for p in "${FC_PACKAGES[@]}"; do
		# shellcheck disable=SC2016 # a dpkg-query format, not shell
		[[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) == installed ]] ||
			missing+=("$p")
	done
	((${#missing[@]} > 0)) || return 0

	command -v apt-get >/dev/null ||
		fc_die "missing packages ${missing[*]}, and no apt-get to install them: install them by hand"
	if ((EUID != 0)); then
		command -v sudo >/dev/null ||
			fc_die "missing packages ${missing[*]}; as root run: apt-get install ${missing[*]}"
		# No terminal (CI): never wait for a password.
		if [[ -t 0 ]]; then sudo=(sudo); else sudo=(sudo -n); fi
	fi

	fc_msg "installing ${missing[*]}"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get -q update </dev/null ||
		fc_die "apt-get update failed"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get -q -y --no-install-recommends \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
		install "${missing[@]}" </dev/null ||
		fc_die "apt-get install ${missing[*]} failed"
}

# --- (b) build ---------------------------------------------------------

# fc_build "DEFAULT_FLAGS": autoreconf when configure is missing or
# older than configure.ac; ./configure when the Makefile is missing or
# older than configure, or when the flags asked for (CONFIGURE_FLAGS, or
# those of DEFAULT_FLAGS that ./configure --help lists) differ from
# those of the last run (then also make clean); then make -j2.
# Serialised with a lock shared by serve and test, which build the same
# tree.
fc_build() {
	if [[ ${FCAUTH_SKIP_BUILD:-0} == 1 ]]; then
		fc_msg "not building (FCAUTH_SKIP_BUILD=1)"
		return 0
	fi
	[[ -f configure.ac ]] || fc_die "no configure.ac in $FC_ROOT"
	(
		flock -w 1800 8 || fc_die "waited 30 min for another build in this tree"
		fc_build_locked "$1"
	) 8>"$FC_ROOT/var/.build-lock"
}

fc_build_locked() {
	local -a flags=() defaults=()
	local f help want="" have="" explicit=0 configured=0

	if [[ ! -x configure || configure -ot configure.ac ]]; then
		fc_msg "autoreconf -fi"
		autoreconf -fi </dev/null || fc_die "autoreconf failed"
	fi

	if [[ -v CONFIGURE_FLAGS ]]; then
		read -ra flags <<<"$CONFIGURE_FLAGS"
		explicit=1
	elif [[ -n $1 ]]; then
		read -ra defaults <<<"$1"
		help=$(./configure --help 2>/dev/null) || true
		for f in "${defaults[@]}"; do
			if grep -q -e "${f%%=*}" <<<"$help"; then
				flags+=("$f")
				explicit=1
			fi
		done
	fi
	# One argument a line, both: config.status --config quotes an
	# argument only when it needs to, as a shell would read it.
	want=$(printf '%s\n' ${flags[@]+"${flags[@]}"})
	if [[ -x config.status && -f Makefile ]]; then
		configured=1
		have=$(./config.status --config 2>/dev/null) || have="?"
		have=$(eval "set -- $have" && printf '%s\n' "$@") || have="?"
	fi

	if [[ ! -f Makefile || Makefile -ot configure ]] ||
		{ ((explicit)) && [[ $have != "$want" ]]; }; then
		fc_msg "./configure${flags[*]+ ${flags[*]}}"
		./configure ${flags[@]+"${flags[@]}"} </dev/null ||
			fc_die "./configure failed (see config.log)"
		# make does not see new compiler flags in what is built.
		if ((configured)) && [[ $have != "$want" ]]; then
			fc_msg "configure flags changed (were: $(printf '%s' "${have:-none}" | tr '\n' ' ')): make clean"
			make clean >/dev/null </dev/null || fc_die "make clean failed"
		fi
	fi
	fc_msg "make -j2"
	make -j2 </dev/null || fc_die "make failed"
}

# --- (c) MariaDB ---------------------------------------------------------

# The client, SQL on stdin, as the unix_socket account, no option files.
fc_sql() {
	mariadb --no-defaults --socket="$FC_SOCK" --user="$FC_DBA" \
		--batch --skip-column-names
}

fc_db_ping() {
	mariadb-admin --no-defaults --socket="$FC_SOCK" --user="$FC_DBA" \
		--connect-timeout=2 ping >/dev/null 2>&1 </dev/null
}

fc_db_log_tail() {
	if [[ -s $FC_DB_LOG ]]; then
		printf '%s: --- last lines of %s ---\n' "$FC_TAG" "$(fc_rel "$FC_DB_LOG")" >&2
		tail -n 25 "$FC_DB_LOG" >&2
	fi
}

# The pid of the mariadbd serving our data directory, from its pid file.
fc_db_running() {
	local pid
	[[ -s $FC_DB_PIDFILE ]] || return 1
	pid=$(<"$FC_DB_PIDFILE")
	[[ $pid =~ ^[0-9]+$ ]] && fc_pid_alive "$pid" || return 1
	[[ $(fc_cmdline "$pid") == *" --datadir=$FC_DATA "* ]] || return 1
	printf '%s\n' "$pid"
}

# Create the data directory once: into a temporary name, renamed when
# complete, so that an interrupted first run leaves nothing half-made.
# The root account (and one named after the user running this) log in
# through the socket as that system user; there is no TCP listener.
fc_db_init() {
	local tmp=$FC_DATA.new
	local -a opts

	[[ ! -d $FC_DATA/mysql ]] || return 0
	[[ ! -e $FC_DATA ]] ||
		fc_die "$(fc_rel "$FC_DATA") holds no database; remove $(fc_rel "$FC_VAR/mariadb") to start afresh"

	fc_msg "creating a private MariaDB in $(fc_rel "$FC_DATA")"
	mkdir -p "${FC_DATA%/*}"
	rm -rf "$tmp"
	opts=(--no-defaults --datadir="$tmp" --skip-test-db
		--auth-root-authentication-method=socket
		--auth-root-socket-user="$FC_DBA")
	((EUID != 0)) || opts+=(--user="$FC_DBA")
	if ! mariadb-install-db "${opts[@]}" "${FC_MYSQLD_OPTS[@]}" \
		>"$FC_LOG/mariadb-install.log" 2>&1 </dev/null; then
		tail -n 25 "$FC_LOG/mariadb-install.log" >&2
		fc_die "mariadb-install-db failed (whole log: $(fc_rel "$FC_LOG/mariadb-install.log"))"
	fi
	mv "$tmp" "$FC_DATA"
}

# fc_db_answers PID SECONDS: true once the server answers; false if PID
# dies or SECONDS pass.
fc_db_answers() {
	local deadline=$((SECONDS + $2))

	until fc_db_ping; do
		fc_pid_alive "$1" && ((SECONDS < deadline)) || return 1
		sleep 0.3
	done
}

# fc_db_start "MARIADBD_OPTIONS": our private server, started unless
# one left by an earlier run (a crash, a kill -9) still serves the data
# directory: that one is adopted, and stopped at exit like our own.
fc_db_start() {
	local pid timeout=${FCAUTH_DB_TIMEOUT:-30}
	local -a opts extra=()

	fc_db_init

	if pid=$(fc_db_running); then
		FC_DB_PID=$pid
		if fc_db_answers "$pid" 10; then
			fc_msg "MariaDB left running by an earlier run (pid $pid): using it"
			return 0
		fi
		fc_warn "MariaDB left running by an earlier run (pid $pid) does not answer: restarting it"
		fc_db_stop
	fi
	if fc_db_ping; then
		fc_die "a server answers on $(fc_rel "$FC_SOCK") but $(fc_rel "$FC_DB_PIDFILE") does not name it: stop it by hand"
	fi
	# Whatever a crash left behind.
	rm -f "$FC_DB_PIDFILE" "$FC_SOCK" "$FC_SOCK.lock"

	read -ra extra <<<"$1 ${FCAUTH_MARIADB_OPTS:-}"
	opts=(--no-defaults
		--datadir="$FC_DATA"
		--socket="$FC_SOCK"
		--skip-networking
		--pid-file="$FC_DB_PIDFILE"
		--log-error="$FC_DB_LOG"
		"${FC_MYSQLD_OPTS[@]}" ${extra[@]+"${extra[@]}"})
	# mariadbd refuses to run as root unless told to.
	((EUID != 0)) || opts+=(--user="$FC_DBA")

	fc_msg "starting MariaDB (socket $(fc_rel "$FC_SOCK"), log $(fc_rel "$FC_DB_LOG"))"
	# Its own session: a Ctrl-C on the terminal reaches this script,
	# which shuts the server down in order.
	setsid mariadbd "${opts[@]}" </dev/null >>"$FC_DB_LOG" 2>&1 8>&- 9>&- &
	FC_DB_PID=$!
	if ! fc_db_answers "$FC_DB_PID" "$timeout"; then
		fc_db_log_tail
		fc_pid_alive "$FC_DB_PID" ||
			fc_die "MariaDB exited while starting (log: $(fc_rel "$FC_DB_LOG"))"
		fc_die "MariaDB did not answer on $(fc_rel "$FC_SOCK") within $timeout s"
	fi
}

# Shut down the server we started or adopted (nothing otherwise).
fc_db_stop() {
	local pid=$FC_DB_PID

	[[ -n $pid ]] || return 0
	FC_DB_PID=
	fc_pid_alive "$pid" || { fc_reap "$pid"; return 0; }
	fc_msg "stopping MariaDB"
	timeout 60 mariadb-admin --no-defaults --socket="$FC_SOCK" \
		--user="$FC_DBA" --connect-timeout=5 shutdown \
		>/dev/null 2>&1 </dev/null || true
	fc_wait_gone "$pid" 30 || true
	fc_stop_pid "$pid" MariaDB
}

# The two passwords: those already in var/fcauth.conf and
# var/fcauth-admin.conf, else fresh ones.  The configs are where they
# live; fc_db_setup sets the accounts to match them.
fc_passwords() {
	FC_DB_PW=""
	FC_DB_ADMIN_PW=""
	if [[ -f $FC_CONF ]]; then
		FC_DB_PW=$(fc_ini_get "$FC_CONF" database password)
	fi
	if [[ -f $FC_ADMIN_CONF ]]; then
		FC_DB_ADMIN_PW=$(fc_ini_get "$FC_ADMIN_CONF" database password)
	fi
	[[ -n $FC_DB_PW ]] || FC_DB_PW=$(fc_random_hex 24)
	[[ -n $FC_DB_ADMIN_PW ]] || FC_DB_ADMIN_PW=$(fc_random_hex 24)
	# They go into SQL string literals below.
	[[ $FC_DB_PW =~ ^[A-Za-z0-9._~+/=-]+$ ]] ||
		fc_die "the [database] password in $(fc_rel "$FC_CONF") has characters other than letters, digits and ._~+/=-"
	[[ $FC_DB_ADMIN_PW =~ ^[A-Za-z0-9._~+/=-]+$ ]] ||
		fc_die "the [database] password in $(fc_rel "$FC_ADMIN_CONF") has characters other than letters, digits and ._~+/=-"
}

fc_random_hex() {
	od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'
}

# fc_db_setup keep|fresh: database and accounts, idempotently ("fresh"
# drops the database first).  The service account gets only what
# requests need; fcauth_admin (fcauthctl migrate) owns the schema.
fc_db_setup() {
	local drop=""

	if [[ $1 == fresh ]]; then
		fc_msg "dropping and re-creating database $FC_DB_NAME"
		drop="DROP DATABASE IF EXISTS \`$FC_DB_NAME\`;"
	fi
	fc_sql <<EOF || fc_die "cannot create the database and its users (as MariaDB user $FC_DBA)"
$drop
CREATE DATABASE IF NOT EXISTS \`$FC_DB_NAME\`
    CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$FC_DB_USER'@'localhost' IDENTIFIED BY '$FC_DB_PW';
ALTER USER '$FC_DB_USER'@'localhost' IDENTIFIED BY '$FC_DB_PW';
GRANT SELECT, INSERT, UPDATE, DELETE ON \`$FC_DB_NAME\`.* TO '$FC_DB_USER'@'localhost';
CREATE USER IF NOT EXISTS '$FC_DB_ADMIN_USER'@'localhost' IDENTIFIED BY '$FC_DB_ADMIN_PW';
ALTER USER '$FC_DB_ADMIN_USER'@'localhost' IDENTIFIED BY '$FC_DB_ADMIN_PW';
GRANT ALL PRIVILEGES ON \`$FC_DB_NAME\`.* TO '$FC_DB_ADMIN_USER'@'localhost';
EOF
}

# --- (d) configuration ---------------------------------------------------

# fc_ini_get FILE SECTION KEY: the value of KEY in [SECTION], if any (the
# last one; includes are not followed).
fc_ini_get() {
	awk -v want_s="$2" -v want_k="$3" '
	/^[ \t]*[;#]/ { next }
	/^[ \t]*\[/ {
		s = $0
		sub(/^[ \t]*\[[ \t]*/, "", s)
		sub(/[ \t]*\].*$/, "", s)
		next
	}
	s == want_s && match($0, /^[ \t]*[^=]*=/) {
		k = substr($0, 1, RLENGTH - 1)
		gsub(/[ \t]/, "", k)
		if (k == want_k) {
			v = substr($0, RLENGTH + 1)
			sub(/^[ \t]+/, "", v)
			sub(/[ \t\r]+$/, "", v)
			# "a quoted value" loses its two quotes, as in config.c
			if (length(v) >= 2 && v ~ /^".*"$/)
				v = substr(v, 2, length(v) - 2)
			val = v
		}
	}
	END { if (val != "") print val }' "$1"
}

# A new HS256 signing key: 32 random bytes, base64url, from
# "fcauthctl key generate"; from /dev/urandom while fcauthctl is not
# built yet.
fc_new_key() {
	local key

	if [[ -x $FC_CTL ]]; then
		if key=$("$FC_CTL" key generate </dev/null) &&
			[[ $key =~ ^[A-Za-z0-9_-]{43,}={0,2}$ ]]; then
			printf '%s\n' "$key"
			return 0
		fi
		fc_warn "admin/fcauthctl key generate failed or printed no base64url key: using /dev/urandom"
	else
		fc_warn "admin/fcauthctl is not built: making the signing key from /dev/urandom"
	fi
	head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '='
}

# fc_write_config once|always: var/fcauth.conf for the programs, written
# when absent ("always": on every run, for the tests), and
# var/fcauth-admin.conf, re-derived from it on every run with the
# fcauth_admin account in [database].  Both mode 600.
fc_write_config() {
	local key mfakey

	if [[ $1 == once && -f $FC_CONF ]]; then
		fc_check_config
		fc_mfa_key_add
		fc_webauthn_add
	else
		key=$(fc_new_key)
		mfakey=$(fc_new_key)
		fc_msg "writing $(fc_rel "$FC_CONF")"
		(
			umask 077
			cat >"$FC_CONF.tmp" <<EOF
; fcauth configuration of the $FC_TAG instance, written by scripts/$FC_TAG
; (scripts/lib.sh) when it was absent: edit it, or delete it to get a
; new one.  Keys and defaults: conf/fcauth.conf.example, fcauth.conf(5).
; The password also lives in MariaDB: scripts/$FC_TAG sets it there from
; this file on every run.

[database]
socket = $FC_SOCK
user = $FC_DB_USER
password = $FC_DB_PW
name = $FC_DB_NAME

[tokens]
current_kid = k1

[keys]
k1 = $key

[mfa]
; seals the TOTP secrets at rest (fcauth.conf(5))
key = $mfakey

[accounts]
verification = ${FC_VERIFICATION:-no}

[mail]
base_url = $FC_URL
templates_dir = $FC_ROOT/conf/templates
; fcauthctl mail-worker delivers into $(fc_rel "$FC_MAIL_DIR")/, one file per message
sendmail = $FC_ROOT/scripts/mail-to-dir $FC_MAIL_DIR -t -i

[log]
level = info
${FC_CONF_EXTRA:-}
EOF
		)
		mv "$FC_CONF.tmp" "$FC_CONF"
	fi
	(umask 077 && fc_config_env)
	chmod 600 "$FC_CONF"

	(
		umask 077
		FC_AWK_USER=$FC_DB_ADMIN_USER FC_AWK_PW=$FC_DB_ADMIN_PW awk '
		NR == 1 {
			print "; generated by scripts/lib.sh from fcauth.conf on every run:"
			print "; the same settings with the schema owner in [database]"
			print "; (for fcauthctl migrate).  Edit fcauth.conf instead."
			print ""
		}
		/^[ \t]*\[/ {
			s = $0
			sub(/^[ \t]*\[[ \t]*/, "", s)
			sub(/[ \t]*\].*$/, "", s)
			insection = 1
		}
		!insection && /^[ \t]*[;#]/ { next }
		s == "database" && /^[ \t]*user[ \t]*=/ {
			print "user = " ENVIRON["FC_AWK_USER"]; next
		}
		s == "database" && /^[ \t]*password[ \t]*=/ {
			print "password = " ENVIRON["FC_AWK_PW"]; next
		}
		{ print }' "$FC_CONF" >"$FC_ADMIN_CONF.tmp"
	)
	if ! grep -qxF "user = $FC_DB_ADMIN_USER" "$FC_ADMIN_CONF.tmp" ||
		! grep -qxF "password = $FC_DB_ADMIN_PW" "$FC_ADMIN_CONF.tmp"; then
		rm -f "$FC_ADMIN_CONF.tmp"
		fc_die "$(fc_rel "$FC_CONF") needs user and password lines in [database] to derive $(fc_rel "$FC_ADMIN_CONF") from"
	fi
	mv "$FC_ADMIN_CONF.tmp" "$FC_ADMIN_CONF"
	chmod 600 "$FC_ADMIN_CONF"
}

# fc_ini_set FILE SECTION KEY VALUE: FILE with KEY = VALUE in [SECTION]
# (the first such line replaced, others dropped; added at the end of
# the section, or in a new section at the end of the file); an empty
# VALUE removes KEY.  Comments and other lines stay as they are.
fc_ini_set() {
	awk -v want_s="$2" -v want_k="$3" -v val="$4" '
	function add() {
		if (s == want_s && !done && val != "") {
			print want_k " = " val
			done = 1
		}
	}
	/^[ \t]*\[/ {
		add()
		s = $0
		sub(/^[ \t]*\[[ \t]*/, "", s)
		sub(/[ \t]*\].*$/, "", s)
		print
		next
	}
	s == want_s && !/^[ \t]*[;#]/ && match($0, /^[ \t]*[^=]*=/) {
		k = substr($0, 1, RLENGTH - 1)
		gsub(/[ \t]/, "", k)
		if (k == want_k) {
			add()
			next
		}
	}
	{ print }
	END {
		add()
		if (!done && val != "")
			printf "\n[%s]\n%s = %s\n", want_s, want_k, val
	}' "$1" >"$1.tmp" && mv "$1.tmp" "$1"
}

# What the caller's environment sets in var/fcauth.conf, whether it was
# written now or by an earlier run: FC_SET_VERIFICATION (yes or no:
# [accounts] verification) and FC_SET_DIALECT ([api] dialect, with
# dialects_dir the tree's conf/dialects for a bare name; "" removes
# both), each only when set.
fc_config_env() {
	local dir=

	if [[ -n ${FC_SET_VERIFICATION+x} ]]; then
		fc_msg "[accounts] verification = $FC_SET_VERIFICATION (VERIFICATION)"
		fc_ini_set "$FC_CONF" accounts verification "$FC_SET_VERIFICATION"
	fi
	if [[ -n ${FC_SET_DIALECT+x} ]]; then
		[[ -z $FC_SET_DIALECT || $FC_SET_DIALECT == */* ]] ||
			dir=$FC_ROOT/conf/dialects
		fc_msg "[api] dialect = ${FC_SET_DIALECT:-(none)} (DIALECT)"
		fc_ini_set "$FC_CONF" api dialect "$FC_SET_DIALECT"
		fc_ini_set "$FC_CONF" api dialects_dir "$dir"
	fi
}

# An existing var/fcauth.conf written for another tree or port.
# An instance's fcauth.conf written before the second factor has no
# [mfa] key: give it one (appended), so enrolment works there too.
fc_mfa_key_add() {
	[[ -n $(fc_ini_get "$FC_CONF" mfa key) ]] && return 0
	fc_msg "adding an [mfa] key to $(fc_rel "$FC_CONF")"
	printf '\n[mfa]\n; seals the TOTP secrets at rest (fcauth.conf(5))\nkey = %s\n' \
		"$(fc_new_key)" >>"$FC_CONF"
}

# An instance's fcauth.conf written before passkeys has no [webauthn]:
# with FC_WEBAUTHN_ORIGIN set (scripts/serve), give it rp_id localhost
# and that origin (appended), so the demo site's passkeys work there.
fc_webauthn_add() {
	[[ -n ${FC_WEBAUTHN_ORIGIN:-} ]] || return 0
	[[ -n $(fc_ini_get "$FC_CONF" webauthn rp_id) ]] && return 0
	fc_msg "adding [webauthn] rp_id = localhost to $(fc_rel "$FC_CONF")"
	printf '\n[webauthn]\n; passkeys: browsers refuse IP addresses as rp_id (fcauth.conf(5))\nrp_id = localhost\norigins = %s\n' \
		"$FC_WEBAUTHN_ORIGIN" >>"$FC_CONF"
}

fc_check_config() {
	local v

	v=$(fc_ini_get "$FC_CONF" database socket)
	[[ $v == "$FC_SOCK" ]] ||
		fc_warn "$(fc_rel "$FC_CONF") has socket = $v, but the private MariaDB is at $FC_SOCK"
	v=$(fc_ini_get "$FC_CONF" mail base_url)
	[[ $v == "$FC_URL" ]] ||
		fc_warn "$(fc_rel "$FC_CONF") has base_url = $v, but the server is $FC_URL: links in mail will point there"
	v=$(fc_ini_get "$FC_CONF" mail sendmail)
	[[ $v == "$FC_ROOT/scripts/mail-to-dir $FC_MAIL_DIR -t -i" ]] ||
		fc_warn "$(fc_rel "$FC_CONF") has [mail] sendmail = ${v:-(default)}, not scripts/mail-to-dir: mail does not go to $(fc_rel "$FC_MAIL_DIR")/ (delete the file to get a new one)"
	if [[ -n ${FC_WEBAUTHN_ORIGIN:-} ]]; then
		v=$(fc_ini_get "$FC_CONF" webauthn origins)
		[[ -z $(fc_ini_get "$FC_CONF" webauthn rp_id) || $v == *"$FC_WEBAUTHN_ORIGIN"* ]] ||
			fc_warn "$(fc_rel "$FC_CONF") has [webauthn] origins = $v, not $FC_WEBAUTHN_ORIGIN: passkeys on the demo site at $FC_WEBAUTHN_ORIGIN/ are refused (passkey_origin_invalid)"
	fi
}

# --- (e) schema ----------------------------------------------------------

fc_migrate() {
	if [[ ! -x $FC_CTL ]]; then
		[[ ${FCAUTH_SKIP_BUILD:-0} == 1 ]] ||
			fc_die "admin/fcauthctl is missing: the build did not make it"
		fc_warn "admin/fcauthctl is not built: the schema is not applied"
		return 0
	fi
	fc_msg "fcauthctl migrate --dir sql"
	"$FC_CTL" --config "$FC_ADMIN_CONF" migrate --dir "$FC_ROOT/sql" </dev/null ||
		fc_die "fcauthctl migrate failed"
}

# --- (f) lighttpd --------------------------------------------------------

# fc_subst FILE NAME=VALUE...: FILE with each @NAME@ replaced.
fc_subst() {
	local -a expr=()
	local kv k v

	for kv in "${@:2}"; do
		k=${kv%%=*}
		v=${kv#*=}
		v=${v//\\/\\\\}
		v=${v//|/\\|}
		v=${v//&/\\&}
		expr+=(-e "s|@$k@|$v|g")
	done
	sed "${expr[@]}" "$1"
}

# The JSON bodies lighttpd sends for errors it raises itself under /api/
# (no such route, body too large, program not running): the API's
# envelope, so that clients never see an HTML error page.  The errors
# of the request line and headers (bad syntax, headers too large, an
# unknown method) come before lighttpd knows the URL, when no condition
# applies yet: those statuses get a copy as early-NNN.html, which the
# global server.errorfile-prefix names.
fc_error_pages() {
	local status code message

	mkdir -p "$FC_ERRORS"
	while read -r status code message; do
		printf '{"success":false,"code":"%s","message":"%s","data":null}\n' \
			"$code" "$message" >"$FC_ERRORS/status-$status.html"
	done <<'EOF'
400 malformed_request Bad request
403 forbidden Forbidden
404 not_found Not found
405 method_not_allowed Method not allowed
408 malformed_request Request timeout
411 malformed_request Length required
413 payload_too_large Payload too large
414 malformed_request URI too long
415 unsupported_media_type Unsupported media type
431 malformed_request Request header fields too large
500 internal_error Internal error
501 malformed_request Not implemented
502 service_unavailable Service unavailable
503 service_unavailable Service unavailable
504 service_unavailable Service unavailable
505 malformed_request HTTP version not supported
EOF
	for status in 400 408 411 413 414 431 501 505; do
		cp "$FC_ERRORS/status-$status.html" "$FC_ERRORS/early-$status.html"
	done
}

# var/lighttpd.conf from the template; every program must be built.
fc_lighttpd_config() {
	local p missing=()

	for p in "${FC_PROGRAMS[@]}"; do
		[[ -x $FC_CGI_DIR/$p.fcgi ]] || missing+=("$(fc_rel "$FC_CGI_DIR/$p.fcgi")")
	done
	((${#missing[@]} == 0)) ||
		fc_die "not built: ${missing[*]}"

	[[ -x $FC_CTL ]] ||
		fc_die "not built: $(fc_rel "$FC_CTL") (it writes the routes of $(fc_rel "$FC_LT_CONF"))"
	[[ -f $FC_ROOT/docs/index.html ]] ||
		fc_die "not built: docs/index.html (the API reference at /docs/; make builds it)"

	mkdir -p "$FC_DOCROOT"
	fc_error_pages
	# The routes: the canonical API and the configured dialect's paths.
	"$FC_CTL" --config "$FC_CONF" snippet lighttpd --routes \
		--programs "$FC_CGI_DIR" --sockets "$FC_RUN/" \
		</dev/null >"$FC_LT_CONF.routes" ||
		fc_die "fcauthctl snippet lighttpd failed for $(fc_rel "$FC_CONF")"
	fc_subst "$FC_LT_TEMPLATE" \
		"GENERATOR=scripts/$FC_TAG" \
		"PORT=$FC_PORT" \
		"PROCS=$FC_PROCS" \
		"DOCROOT=$FC_DOCROOT" \
		"CGIDIR=$FC_CGI_DIR" \
		"CONFIG=$FC_CONF" \
		"RUNDIR=$FC_RUN" \
		"LOGDIR=$FC_LOG" \
		"ERRORS=$FC_ERRORS" \
		"APIDOCS=$FC_ROOT/docs" |
		awk -v routes="$FC_LT_CONF.routes" '
		$0 == "@FASTCGI_SERVER@" {
			while ((getline line <routes) > 0)
				print line
			next
		}
		{ print }' >"$FC_LT_CONF.tmp"
	rm -f "$FC_LT_CONF.routes"
	if grep -n '@[A-Z_]*@' "$FC_LT_CONF.tmp" >&2; then
		rm -f "$FC_LT_CONF.tmp"
		fc_die "$(fc_rel "$FC_LT_TEMPLATE") has a placeholder that fc_lighttpd_config does not fill"
	fi
	if ! lighttpd -t -f "$FC_LT_CONF.tmp" >/dev/null; then
		rm -f "$FC_LT_CONF.tmp"
		fc_die "lighttpd rejects the configuration made from $(fc_rel "$FC_LT_TEMPLATE")"
	fi
	mv "$FC_LT_CONF.tmp" "$FC_LT_CONF"
}

# The status line of GET $1 on our port, or failure.
fc_http_status() {
	local line

	# shellcheck disable=SC2016 # $1 and $2 are the inner shell's
	line=$(timeout 5 bash -c '
		exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
		printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" "$2" >&3
		IFS= read -r line <&3 || exit 1
		printf "%s\n" "$line"
	' fc_http "$FC_PORT" "$1" 2>/dev/null) || return 1
	[[ $line == HTTP/* ]] || return 1
	printf '%s\n' "${line%$'\r'}"
}

# fc_log_files FILE...: make each log file that is missing and give it
# mode 0640, before the server that writes it starts (lighttpd would
# make its logs 0644).  An access log holds URLs, and a URL may hold a
# one-time verification id or link token.
fc_log_files() {
	local f

	for f in "$@"; do
		[[ -e $f ]] || (umask 027 && : >"$f")
		chmod 640 "$f"
	done
}

# fc_lighttpd_start LOGFILE: lighttpd in the background, returning once
# it answers.  The programs' stderr (their log lines) is lighttpd's:
# LOGFILE, or this terminal when LOGFILE is "".
fc_lighttpd_start() {
	local out=$1 pid deadline

	# A lighttpd left by an earlier run of this script (we hold the lock,
	# so its script is gone).
	if [[ -s $FC_LT_PIDFILE ]]; then
		pid=$(<"$FC_LT_PIDFILE")
		if [[ $pid =~ ^[0-9]+$ ]] && fc_pid_alive "$pid" &&
			[[ $(fc_cmdline "$pid") == *" $FC_LT_CONF "* ]]; then
			fc_warn "stopping lighttpd (pid $pid), left running by an earlier run"
			fc_stop_pid "$pid" lighttpd
		fi
		rm -f "$FC_LT_PIDFILE"
	fi
	fc_kill_orphans config "$FC_CONF"
	if fc_http_status / >/dev/null; then
		fc_die "port $FC_PORT already answers: another server runs there (choose another with PORT=...)"
	fi

	fc_log_files "$FC_LOG/lighttpd-access.log" "$FC_LT_ERRLOG"
	fc_msg "starting lighttpd on $FC_URL/ (config $(fc_rel "$FC_LT_CONF"), log $(fc_rel "$FC_LT_ERRLOG"))"
	# Its own session, as MariaDB's: a Ctrl-C on the terminal reaches
	# this script alone, which stops lighttpd, and lighttpd its
	# programs.  In the terminal's process group the programs got the
	# SIGINT too, died under a lighttpd still running, and it started
	# new ones that outlived it.
	if [[ -n $out ]]; then
		setsid lighttpd -D -f "$FC_LT_CONF" </dev/null >>"$out" 2>&1 8>&- 9>&- &
	else
		setsid lighttpd -D -f "$FC_LT_CONF" </dev/null 8>&- 9>&- &
	fi
	FC_LT_PID=$!

	deadline=$((SECONDS + 30))
	until fc_http_status / >/dev/null; do
		if ! fc_pid_alive "$FC_LT_PID"; then
			wait "$FC_LT_PID" 2>/dev/null || true
			FC_LT_PID=
			tail -n 20 "$FC_LT_ERRLOG" >&2 2>/dev/null || true
			fc_die "lighttpd exited while starting (log: $(fc_rel "$FC_LT_ERRLOG"))"
		fi
		((SECONDS < deadline)) ||
			fc_die "lighttpd did not answer on $FC_URL/ within 30 s"
		sleep 0.2
	done
}

# Stop lighttpd (it stops the programs), and any program left over,
# of the main configuration and of every fc_instance; also when
# lighttpd had already ended (FC_LT_PID cleared): its programs may not
# have.
fc_lighttpd_stop() {
	local pid=$FC_LT_PID x

	for x in "${FC_EXTRA_PIDS[@]}"; do
		fc_stop_pid "$x" lighttpd
	done
	FC_EXTRA_PIDS=()

	FC_LT_PID=
	if [[ -n $pid ]] && fc_pid_alive "$pid"; then
		fc_msg "stopping lighttpd"
	fi
	[[ -z $pid ]] || fc_stop_pid "$pid" lighttpd
	[[ -z ${FC_CONF:-} ]] || fc_kill_orphans quiet config "$FC_CONF" "${FC_EXTRA_CONFS[@]}"
}

# fc_port NAME: the port of test instance NAME, PORT plus its offset
# in FC_PORTS; an unknown NAME or a port past 65535 is an error (in a
# command substitution: an empty result and status 1).
fc_port() {
	local off=${FC_PORTS[$1]:-} port

	[[ -n $off ]] || fc_die "no test instance $1 in FC_PORTS (scripts/lib.sh)"
	port=$((FC_PORT + off))
	((port <= 65535)) ||
		fc_die "PORT=$FC_PORT leaves no room for instance $1 on PORT+$off"
	printf '%s\n' "$port"
}

# fc_instance NAME: one more lighttpd, on its port in FC_PORTS
# (fc_port NAME), serving the same
# programs with var/<tag>/NAME/fcauth.conf: an include of the main
# configuration followed by the INI text read from stdin (later keys
# win).  Integration tests that need another configuration (verification
# on, cookie mode, EdDSA, small throttle limits) find it through
# FCAUTH_TEST_URL_<NAME> and FCAUTH_TEST_CONFIG_<NAME> (NAME upper-cased).
FC_EXTRA_PIDS=()
FC_EXTRA_CONFS=()
fc_instance() {
	local name=$1 port upper
	local s_port=$FC_PORT s_url=$FC_URL s_conf=$FC_CONF s_ltconf=$FC_LT_CONF
	local s_pidf=$FC_LT_PIDFILE s_err=$FC_LT_ERRLOG s_run=$FC_RUN s_log=$FC_LOG
	local s_pid=${FC_LT_PID:-} dir=$FC_VAR/$name

	port=$(fc_port "$name") || exit 1
	upper=${name^^}
	mkdir -p "$dir" "$FC_RUN/$name" "$FC_LOG/$name"
	(
		umask 077
		printf '; written by scripts/lib.sh (fc_instance %s) on every run\n' "$name"
		printf 'include = %s\n' "$FC_CONF"
		cat
	) >"$dir/fcauth.conf"
	FC_PORT=$port FC_URL=http://127.0.0.1:$port FC_CONF=$dir/fcauth.conf
	FC_LT_CONF=$dir/lighttpd.conf FC_RUN=$FC_RUN/$name FC_LOG=$FC_LOG/$name
	FC_LT_PIDFILE=$FC_RUN/lighttpd.pid FC_LT_ERRLOG=$FC_LOG/lighttpd-error.log
	: >"$FC_LT_ERRLOG"
	fc_lighttpd_config
	fc_lighttpd_start "$FC_LT_ERRLOG"
	FC_EXTRA_PIDS+=("$FC_LT_PID")
	FC_EXTRA_CONFS+=("$FC_CONF")
	export "FCAUTH_TEST_URL_$upper=$FC_URL" "FCAUTH_TEST_CONFIG_$upper=$FC_CONF"
	FC_PORT=$s_port FC_URL=$s_url FC_CONF=$s_conf FC_LT_CONF=$s_ltconf
	FC_LT_PIDFILE=$s_pidf FC_LT_ERRLOG=$s_err FC_RUN=$s_run FC_LOG=$s_log
	FC_LT_PID=$s_pid
}

# --- (g) mail worker -------------------------------------------------------

# fcauthctl mail-worker in the background with the service's
# configuration (whose [mail] sendmail is scripts/mail-to-dir); its log
# lines go to LOGFILE, or this terminal when LOGFILE is "".  Stopped by
# fc_cleanup.
fc_mail_worker_start() {
	local out=$1

	[[ -x $FC_CTL ]] || fc_die "admin/fcauthctl is missing: cannot run the mail worker"
	case $FC_ROOT in
	*[[:space:]]*) fc_warn "the repository path $FC_ROOT has a blank: the [mail] sendmail command (split on blanks) cannot run scripts/mail-to-dir" ;;
	esac
	if [[ -n $out ]]; then
		"$FC_CTL" --config "$FC_CONF" mail-worker </dev/null >>"$out" 2>&1 8>&- 9>&- &
	else
		"$FC_CTL" --config "$FC_CONF" mail-worker </dev/null 8>&- 9>&- &
	fi
	FC_WORKER_PID=$!
}

fc_mail_worker_stop() {
	local pid=$FC_WORKER_PID

	[[ -n $pid ]] || return 0
	FC_WORKER_PID=
	fc_stop_pid "$pid" "mail worker"
}

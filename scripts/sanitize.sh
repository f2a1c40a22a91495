# shellcheck shell=bash
#
# scripts/sanitize.sh: the memory-safety passes of scripts/test, sourced
# after scripts/lib.sh and scripts/servers.sh.
#
#   fc_asan_pass       a copy of the tracked sources under var/test/asan/,
#                      built with --enable-sanitizers (AddressSanitizer +
#                      UndefinedBehaviorSanitizer); its unit suites run
#                      there, then the integration suites against its
#                      programs behind a lighttpd of their own
#                      (instance asan, PORT+12: FC_PORTS in lib.sh).
#                      Any sanitizer report fails the pass.
#   fc_valgrind_pass   the five programs under valgrind memcheck behind a
#                      lighttpd on PORT+13 (instance valgrind), one
#                      process each; the register/login and sessions
#                      suites run against them.  A definite leak or an
#                      invalid access fails the pass.
#
#   FCAUTH_SKIP_SANITIZERS=1   skip both (a quick run while developing)

FC_ASAN_DIR=
FC_VG_DIR=

# fc_copy_sources DIR: the files git tracks, into DIR, keeping their
# times so that make rebuilds only what changed since the last run.
fc_copy_sources() {
	local dir=$1

	mkdir -p "$dir"
	if git -C "$FC_ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		(cd "$FC_ROOT" && git ls-files -z | xargs -0 cp -pu --parents -t "$dir")
	else
		fc_die "the sanitizer pass copies the sources that git tracks: run it from a git checkout"
	fi
}

# fc_asan_build: configure (once) and build the copy with the sanitizers,
# then run its unit suites.
fc_asan_build() {
	local src=$FC_ASAN_DIR/src status=0

	fc_msg "[asan] copying the sources to $(fc_rel "$src") and building with --enable-sanitizers"
	fc_copy_sources "$src"
	(
		cd "$src" || exit 1
		if [[ ! -x configure || configure -ot configure.ac ]]; then
			autoreconf -fi >"$FC_LOG/asan-build.log" 2>&1 || exit 1
		fi
		if [[ ! -f Makefile || Makefile -ot configure ]]; then
			./configure -q --enable-sanitizers --enable-werror \
				>>"$FC_LOG/asan-build.log" 2>&1 || exit 1
		fi
		make -j2 >>"$FC_LOG/asan-build.log" 2>&1
	) </dev/null || {
		tail -n 30 "$FC_LOG/asan-build.log" >&2
		fc_warn "[asan] the sanitizer build failed (log: $(fc_rel "$FC_LOG/asan-build.log"))"
		return 1
	}
	fc_msg "[asan] unit suites"
	(
		cd "$src" || exit 1
		ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 \
			UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
			make -j2 check TESTS="$(make -s print-unit-tests)" \
			FCAUTH_TEST_URL= >"$FC_LOG/asan-unit.log" 2>&1
	) </dev/null || status=1
	grep -E '^(PASS|FAIL|SKIP|ERROR):' "$FC_LOG/asan-unit.log" |
		sed "s/^/$FC_TAG: [asan] /" >&2 || true
	# counted in scripts/test's report with the other passes
	mkdir -p "$FC_PASSES/asan/tests/unit"
	cp "$src"/tests/unit/*.log "$src"/tests/unit/*.trs \
		"$FC_PASSES/asan/tests/unit/" 2>/dev/null || true
	if ((status != 0)); then
		cat "$src"/tests/unit/*.log >&2 2>/dev/null || true
		fc_warn "[asan] unit suites failed"
	fi
	return "$status"
}

# fc_asan_reports: print and count the sanitizer reports the programs
# wrote (ASAN_OPTIONS log_path); 0 when there are none.
fc_asan_reports() {
	local f n=0

	for f in "$FC_ASAN_DIR"/report.*; do
		[[ -e $f ]] || continue
		n=$((n + 1))
		printf '\n%s: ===== [asan] %s =====\n' "$FC_TAG" "$(fc_rel "$f")" >&2
		head -n 60 "$f" >&2
	done
	return "$((n > 0))"
}

fc_asan_pass() {
	local status=0 cgi=$FC_CGI_DIR procs=$FC_PROCS

	[[ ${FCAUTH_SKIP_SANITIZERS:-0} == 1 ]] && { fc_msg "[asan] skipped (FCAUTH_SKIP_SANITIZERS=1)"; return 0; }
	FC_ASAN_DIR=$FC_VAR/asan
	mkdir -p "$FC_ASAN_DIR"
	rm -f "$FC_ASAN_DIR"/report.*
	fc_asan_build || return 1

	# The programs inherit lighttpd's environment: they write any
	# report to a file of their own and stop at the first error, which
	# the tests then see as a failed request.
	export ASAN_OPTIONS="log_path=$FC_ASAN_DIR/report:detect_leaks=0:halt_on_error=1"
	export UBSAN_OPTIONS="log_path=$FC_ASAN_DIR/report:print_stacktrace=1:halt_on_error=1"
	FC_CGI_DIR=$FC_ASAN_DIR/src/cgi-bin
	fc_instance asan </dev/null
	FC_CGI_DIR=$cgi FC_PROCS=$procs
	unset ASAN_OPTIONS UBSAN_OPTIONS

	read -ra FC_ITESTS <<<"$(fc_integration_tests)"
	fc_pass asan "$FCAUTH_TEST_URL_ASAN" "$FC_LOG/asan/lighttpd-error.log" || status=1
	fc_asan_reports || status=1
	((status == 0)) && fc_msg "[asan] no sanitizer report from the unit suites or the programs"
	return "$status"
}

# fc_vg_wrappers DIR: a cgi-bin of scripts that run each program under
# valgrind, one log per process.
fc_vg_wrappers() {
	local dir=$1 p

	mkdir -p "$dir"
	for p in "${FC_PROGRAMS[@]}"; do
		cat >"$dir/$p.fcgi" <<EOF
#!/bin/sh
# written by scripts/sanitize.sh: $p.fcgi under valgrind memcheck
exec valgrind --leak-check=full --show-leak-kinds=definite \\
	--errors-for-leak-kinds=definite --track-origins=no \\
	--log-file=$FC_VG_DIR/vg-$p.%p.log "$FC_CGI_DIR/$p.fcgi" "\$@"
EOF
		chmod 755 "$dir/$p.fcgi"
	done
}

# fc_vg_verdict: 0 when every valgrind log says no errors and no
# definite leak; prints the offending logs otherwise.
fc_vg_verdict() {
	local f bad=0 n=0

	for f in "$FC_VG_DIR"/vg-*.log; do
		[[ -e $f ]] || continue
		n=$((n + 1))
		if ! grep -q 'ERROR SUMMARY: 0 errors' "$f" ||
			grep -qE 'definitely lost: [1-9]' "$f"; then
			bad=1
			printf '\n%s: ===== [valgrind] %s =====\n' "$FC_TAG" "$(fc_rel "$f")" >&2
			head -n 80 "$f" >&2
		fi
	done
	if ((n == 0)); then
		fc_warn "[valgrind] no valgrind log was written"
		return 1
	fi
	fc_msg "[valgrind] $n processes checked: $( ((bad)) && echo 'errors (above)' || echo 'no invalid access, no definite leak')"
	return "$bad"
}

fc_valgrind_pass() {
	local status=0 cgi=$FC_CGI_DIR procs=$FC_PROCS pid

	[[ ${FCAUTH_SKIP_SANITIZERS:-0} == 1 ]] && { fc_msg "[valgrind] skipped (FCAUTH_SKIP_SANITIZERS=1)"; return 0; }
	FC_VG_DIR=$FC_VAR/valgrind
	rm -rf "$FC_VG_DIR"
	mkdir -p "$FC_VG_DIR"
	fc_vg_wrappers "$FC_VG_DIR/cgi-bin"
	FC_CGI_DIR=$FC_VG_DIR/cgi-bin FC_PROCS=1
	fc_instance valgrind </dev/null
	FC_CGI_DIR=$cgi FC_PROCS=$procs
	pid=${FC_EXTRA_PIDS[-1]}

	FC_ITESTS=(tests/integration/check_register_login tests/integration/check_sessions)
	fc_pass valgrind "$FCAUTH_TEST_URL_VALGRIND" "$FC_LOG/valgrind/lighttpd-error.log" || status=1
	# Stop that lighttpd now: its programs end, and valgrind writes its
	# leak summary.
	fc_stop_pid "$pid" lighttpd
	sleep 1
	fc_vg_verdict || status=1
	return "$status"
}

# Both passes, after the main make check.  They reuse tests/'s .log and
# .trs files, so lighttpd's results are put back afterwards (each pass
# keeps its own under var/test/passes/).
fc_memory_passes() {
	local status=0 t keep=$FC_VAR/lighttpd-results-mem

	read -ra FC_ITESTS <<<"$(fc_integration_tests)"
	rm -rf "$keep"
	for t in "${FC_ITESTS[@]}"; do
		mkdir -p "$keep/${t%/*}"
		cp "$t.log" "$t.trs" "$keep/${t%/*}/" 2>/dev/null || true
	done
	fc_asan_pass || status=1
	fc_valgrind_pass || status=1
	read -ra FC_ITESTS <<<"$(fc_integration_tests)"
	for t in "${FC_ITESTS[@]}"; do
		cp "$keep/$t.log" "$keep/$t.trs" "${t%/*}/" 2>/dev/null || true
	done
	return "$status"
}

#!/bin/sh
# kunit-uml.sh: the zsmalloc KUnit suite under UML with kunit.py, where the
# obj value has no room for the class index (the compile-time fallback).
# With -Werror, as every build of make check.
# Prints KTAP; exits 1 on a failure.
set -u
. "$(dirname "$0")/lib.sh"
need_kbuild
need ccache

log=$BUILD/logs/kunit-uml.log
mkdir -p "$(dirname "$log")"
# The zs_freeq_bench suite is a benchmark (bench/microbench.sh), not a test.
ktap_header
say "kunit.py run --kunitconfig=mm/tests 'zsmalloc*' (UML; the first build takes minutes)"
(cd "$TREE" && with_progress "UML kunit: objects compiled" "$log.build" '^  CC ' 400 \
	/usr/bin/python3 tools/testing/kunit/kunit.py run --kunitconfig=mm/tests 'zsmalloc*' \
	--build_dir="$BUILD/obj/kunit-um" --jobs="$(nproc)" --make_options="CC=ccache gcc" \
	--kconfig_add CONFIG_WERROR=y \
	--raw_output=kunit) ||
	{ result 1 "UML kunit.py run (log ${log#"$ROOT"/}.build)"; ktap_plan; exit 1; }
cp "$log.build" "$log"
ktap_results "$log" UML
ktap_plan
[ "$failed" = 0 ]

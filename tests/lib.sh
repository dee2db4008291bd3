# Shared by the host-side test drivers: counting and the closing line.
# shellcheck shell=sh
. "$(dirname "$0")/../scripts/lib.sh"

passed=0 failed=0 failures=""
result() {
	if [ "$1" = 0 ]; then
		passed=$((passed + 1)); printf 'PASS: %s\n' "$2"
	else
		failed=$((failed + 1)); failures="$failures
  $2"; printf 'FAIL: %s\n' "$2"
	fi
}
# Counts the PASS:/FAIL: lines of FILE as results; a FILE with none is a
# failure of its own, so that a step that never ran cannot pass.
results_from() {
	grep -qE '^(PASS|FAIL): ' "$1" 2>/dev/null ||
		result 1 "$(basename "$1" .results) produced no results"
	[ -f "$1" ] || return 0
	while IFS= read -r line; do
		case $line in
		"PASS: "*) result 0 "${line#PASS: }" ;;
		"FAIL: "*) result 1 "${line#FAIL: }" ;;
		esac
	done <"$1"
}
summary() {
	[ -z "$failures" ] || printf '\nfailed:%s\n' "$failures"
	[ -z "${ZS_T0:-}" ] || printf '\nelapsed: %s (min:s)\n' "$(clock)"
	printf '\n%d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" = 0 ]
	exit
}

# ktap_results LOG LABEL: a PASS:/FAIL: line per case of each zsmalloc KUnit
# suite in LOG (cases are indented TAP lines), plus one per suite for having
# run to the end.  Returns 1 if anything failed or is missing.
ktap_results() {
	ktap_rc=0
	for s in zsmalloc; do
		if [ "$(grep -cE "^ *(not )?ok [0-9]+ $s\$" "$1")" = 1 ]; then
			echo "PASS: $2 KUnit suite $s ran to the end"
		else
			echo "FAIL: $2 KUnit suite $s ran to the end"
			ktap_rc=1
		fi
		sed -n "/# Subtest: $s\$/,/^ *\(not \)\{0,1\}ok [0-9]* $s\$/p" "$1" |
			grep -E '^    (not )?ok [0-9]+ ' | while IFS= read -r line; do
			# A skipped case tested nothing: it counts as a failure.
			case $line in
			*"# SKIP"*) echo "FAIL: $2 kunit: ${line#    *ok * } (skipped)" ;;
			"    ok "*) echo "PASS: $2 kunit: ${line#    ok * }" ;;
			*) echo "FAIL: $2 kunit: ${line#    not ok * }" ;;
			esac
		done
	done
	[ "$ktap_rc" = 0 ] && ! grep -qE '^    not ok [0-9]+ ' "$1"
}

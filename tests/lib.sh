# Shared by the host-side test drivers: KTAP result lines, counting and the
# closing line.
# shellcheck shell=sh
. "$(dirname "$0")/../scripts/lib.sh"

passed=0 failed=0 failures=""
# result RC DESCRIPTION: one KTAP result line, "ok" if RC is 0.
result() {
	if [ "$1" = 0 ]; then
		passed=$((passed + 1))
		printf 'ok %d - %s\n' $((passed + failed)) "$2"
	else
		failed=$((failed + 1)) failures="$failures
  $2"
		printf 'not ok %d - %s\n' $((passed + failed)) "$2"
	fi
}
# results_from FILE [PREFIX]: the KTAP results of a step (FILE holds its
# output, a guest's serial log included) as results of this run, each
# description after PREFIX; a FILE with none is a failure of its own, so
# that a step that never ran cannot pass.
results_from() {
	grep -qE '^(not )?ok [0-9]+ - ' "$1" 2>/dev/null ||
		result 1 "$(basename "$1" .results) produced no results"
	[ -f "$1" ] || return 0
	while IFS= read -r line; do
		case $line in
		"ok "[0-9]*" - "*) result 0 "${2:-}${line#ok * - }" ;;
		"not ok "[0-9]*" - "*) result 1 "${2:-}${line#not ok * - }" ;;
		esac
	done <"$1"
}
# undo_on_exit CMD: CMD runs if the script ends, or is interrupted, before
# undo_done; a step that leaves build/linux changed while it runs can then
# not leave it so.
undo_on_exit() {
	trap "$1" EXIT
	trap 'exit 130' INT TERM HUP
}
undo_done() { trap - EXIT INT TERM HUP; }
ktap_header() { echo 'KTAP version 1'; }
ktap_plan() { printf '1..%d\n' $((passed + failed)); }
# summary: the plan, what failed, and the closing line; exits 1 on a failure.
summary() {
	ktap_plan
	[ -z "$failures" ] || { echo '# failed:'; printf '%s\n' "$failures" | sed '/^$/d; s/^/#/'; }
	[ -z "${ZS_T0:-}" ] || printf '# elapsed: %s (min:s)\n' "$(clock)"
	printf '%d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" = 0 ]
	exit
}

# ktap_results LOG LABEL: a result per case of each zsmalloc KUnit suite in
# LOG (cases are indented KTAP lines), plus one per suite for having run to
# the end.
ktap_results() {
	cases=$(mktemp)
	for s in zsmalloc; do
		[ "$(grep -cE "^ *(not )?ok [0-9]+ $s\$" "$1")" = 1 ]
		result $? "$2 KUnit suite $s ran to the end"
		sed -n "/# Subtest: $s\$/,/^ *\(not \)\{0,1\}ok [0-9]* $s\$/p" "$1" |
			grep -E '^    (not )?ok [0-9]+ ' >"$cases"
		while IFS= read -r line; do
			# A skipped case tested nothing: it counts as a failure.
			case $line in
			*"# SKIP"*) result 1 "$2 kunit: ${line#    *ok * } (skipped)" ;;
			"    ok "*) result 0 "$2 kunit: ${line#    ok * }" ;;
			*) result 1 "$2 kunit: ${line#    not ok * }" ;;
			esac
		done <"$cases"
	done
	rm -f "$cases"
}

# Helpers for CLI tests: $1 = btlinksim executable, $2 = source dir, $3 = the rename-failing LD_PRELOAD shim.
set -u
BTL="$1"; SRC="$2"; SHIM="${3:-}"
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_rc() { local want=$1; shift; "$@" >/tmp/btl_out.$$ 2>/tmp/btl_err.$$; local rc=$?; [ "$rc" -eq "$want" ] || { cat /tmp/btl_out.$$ /tmp/btl_err.$$ >&2; fail "expected exit $want, got $rc: $*"; }; }
out() { cat /tmp/btl_out.$$; }
err() { cat /tmp/btl_err.$$; }
trap 'rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
# A page's commands run as written: every line of DOC's ```sh blocks, in order, in $tmp (a copy of the repository's
# scenarios and analysis, build/btlinksim pointing at this build); each must exit 0. Command k's output is in
# $tmp/outk.txt; n is the count. Fails with fewer than MIN commands.
run_doc_commands() {
  local doc=$1 min=$2 cmd
  cp -r "$SRC/scenarios" "$SRC/analysis" "$tmp/"
  mkdir -p "$tmp/build" && ln -s "$(cd "$(dirname "$BTL")" && pwd)/$(basename "$BTL")" "$tmp/build/btlinksim"
  # The Python package's venv that .ci/setup makes beside the executable (build/venv), when a page uses it.
  # (A sanitizer build in another directory uses the one of build/.)
  if grep -q "build/venv/" "$doc"; then
    local venv="$(dirname "$BTL")/venv"
    [ -x "$venv/bin/python" ] || venv="$SRC/build/venv"
    [ -x "$venv/bin/python" ] || fail "$venv is missing: run bash .ci/setup (it installs the Python package)"
    ln -s "$(cd "$venv" && pwd)" "$tmp/build/venv"
  fi
  awk '/^```sh$/{on=1; next} /^```$/{on=0} on' "$doc" > "$tmp/commands.sh"
  [ "$(grep -c . "$tmp/commands.sh")" -ge "$min" ] || fail "too few commands in $doc: $(cat "$tmp/commands.sh")"
  n=0
  while IFS= read -r cmd; do
    [ -n "$cmd" ] || continue
    n=$((n + 1))
    (cd "$tmp" && bash -c "$cmd" < /dev/null) > "$tmp/out$n.txt" 2>&1 || fail "$(basename "$doc") command $n failed: $cmd: $(tail -5 "$tmp/out$n.txt")"
  done < "$tmp/commands.sh"
}

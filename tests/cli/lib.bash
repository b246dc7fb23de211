# Helpers for CLI tests: $1 = btlinksim executable, $2 = source dir, $3 = the rename-failing LD_PRELOAD shim.
set -u
BTL="$1"; SRC="$2"; SHIM="${3:-}"
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_rc() { local want=$1; shift; "$@" >/tmp/btl_out.$$ 2>/tmp/btl_err.$$; local rc=$?; [ "$rc" -eq "$want" ] || { cat /tmp/btl_out.$$ /tmp/btl_err.$$ >&2; fail "expected exit $want, got $rc: $*"; }; }
out() { cat /tmp/btl_out.$$; }
err() { cat /tmp/btl_err.$$; }
trap 'rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT

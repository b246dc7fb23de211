# docs/parameters.md is generated from the declarations and must be current.
source "$(dirname "$0")/lib.bash"
expect_rc 0 "$BTL" params
diff <(out) "$SRC/docs/parameters.md" >&2 || fail "docs/parameters.md is stale: run 'build/btlinksim params > docs/parameters.md'"
echo "parameter docs current"

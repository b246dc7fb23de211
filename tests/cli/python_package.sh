# Issue 26 item 3: the Python package installs offline from Debian's python3 tooling, as docs/python.md says
# (a venv with the system's site packages; pip with no index and no build isolation), imports as `btlinksim`
# from the venv, and its pytest suite (analysis/tests) passes against files this build writes.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
cp -r "$SRC/analysis" "$tmp/analysis"  # setuptools builds in the source tree: a copy keeps the checkout clean
rm -rf "$tmp/analysis/build" "$tmp/analysis"/*.egg-info
expect_rc 0 /usr/bin/python3 -m venv --system-site-packages "$tmp/venv"
expect_rc 0 "$tmp/venv/bin/pip" install --no-index --no-build-isolation --no-deps "$tmp/analysis"
where=$(cd "$tmp" && "$tmp/venv/bin/python" -c 'import btlinksim; print(btlinksim.__file__)')
case "$where" in "$tmp/venv/"*site-packages/btlinksim/__init__.py) ;; *) fail "btlinksim imported from $where, not the venv";; esac
[ -x "$tmp/venv/bin/btlinksim-results" ] || fail "no btlinksim-results entry point"
# The venv's pip sees every declared dependency importable (Debian names h5py's distribution differently, hence
# --no-deps above; the test suite imports each one).
cd "$tmp" && BTLINKSIM="$BTL" BTLINKSIM_INSTALLED=1 "$tmp/venv/bin/python" -m pytest -q -p no:cacheprovider "$SRC/analysis/tests" \
  > "$tmp/pytest.txt" 2>&1 || { cat "$tmp/pytest.txt" >&2; fail "pytest"; }
grep -qE "^[0-9]+ passed" "$tmp/pytest.txt" || fail "pytest ran nothing: $(tail -3 "$tmp/pytest.txt")"
exit 0

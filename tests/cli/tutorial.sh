# docs/tutorial.md's commands run as written (issue 15): every line of its ```sh blocks, in order, from a copy
# of the repository's scenarios and analysis with build/ pointing at this build, each must exit 0. Then the
# claims the text makes about their output are checked.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
run_doc_commands "$SRC/docs/tutorial.md" 15
# What the text says of the outputs.
grep -q "^speaker .*5/5" "$tmp/out1.txt" || fail "first run: $(head -5 "$tmp/out1.txt")"
grep -qE "^sink right: stereo image intact \(<= 50 us\) in +5/5 +0/5" "$tmp/out2.txt" || fail "relay intact, dual stream not: $(grep intact "$tmp/out2.txt")"
[ -s "$tmp/results/report.html" ] && ls "$tmp"/results/plots/*.png > /dev/null || fail "report or plots missing"
rx6=-67.2  # phone->right at 6 m in dual_stream.yaml (phone in hand to a small speaker; the run in section 2 prints no rx_dBm)
grep -q "warning: link phone -> right will not hold" "$tmp/out4.txt" || fail "far run: no received-power warning: $(head -3 "$tmp/out4.txt")"
grep -qE "^right +dropouts: late" "$tmp/out4.txt" || fail "far run: the cause line: $(grep -E '^(left|right) ' "$tmp/out4.txt")"
rx40=$(awk '$1=="phone->right"{print $3}' "$tmp/out4.txt" | sed 's/±.*//')
/usr/bin/python3 -c "import sys; d = float(sys.argv[1]) - float(sys.argv[2]); assert 20 < d < 30, d" "$rx6" "$rx40" \
  || fail "40 m should cost ~25 dB: $rx6 vs $rx40"
u5=$(awk '$1=="device" && $2=="phone:" && $3=="radio" {print $7}' "$tmp/out2.txt" | sed 's/±.*//')  # B (dual stream) column
u3=$(awk '$1=="phone"{print $2}' "$tmp/out6.txt" | cut -d% -f1)
/usr/bin/python3 -c "import sys; assert float(sys.argv[2]) > float(sys.argv[1]), sys.argv" "$u5" "$u3" || fail "2-DH3 should load the phone more: $u5 vs $u3"
echo "tutorial: $n commands ok"

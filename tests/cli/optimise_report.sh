# btlinksim plot and report on an optimisation file: what the figures and the page show is what the file holds.
# The Pareto front's line is the file's on_front rows; each combination's best-so-far line ends at its best row in
# /combinations; the report's best-design table and front table carry the file's numbers.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp" /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
cp "$SRC"/tests/data/optimise/*.yaml "$tmp/"
cd "$tmp"
echo "output: p.h5" >> pareto_small.yaml
expect_rc 0 "$BTL" optimise pareto_small.yaml -j 2 --quiet
expect_rc 0 "$BTL" plot p.h5 -o plots
[ "$(ls plots/*.png | wc -l)" -eq 3 ] || fail "expected 3 figures: $(ls plots)"
expect_rc 0 "$BTL" report p.h5 -o r.html
/usr/bin/python3 - "$SRC/analysis" <<'PY' || fail "figures or report disagree with the file"
import sys, re, html, math
sys.path.insert(0, sys.argv[1])
import numpy as np, btlinksim.optimise as bo
prov, t, best_text, active = bo.load_optimisation("p.h5")
ev, comb = t["evaluations"], t["combinations"]
front = ev[ev["on_front"] == 1].sort_values("objective_mean")
assert len(front) >= 3, len(front)
# The front is non-dominated: no feasible design is at least as good on both and better on one (both minimised).
ok = ev[ev["feasible"] == 1]
for _, r in front.iterrows():
    better = ok[(ok["objective_mean"] <= r["objective_mean"]) & (ok["second_mean"] <= r["second_mean"]) &
                ((ok["objective_mean"] < r["objective_mean"]) | (ok["second_mean"] < r["second_mean"]))]
    assert better.empty, (r["index"], better["index"].tolist())
fig = bo.front_figure(prov, ev, comb)
line = fig.axes[0].lines[0]
assert np.allclose(line.get_xdata(), front["objective_mean"] * 1e3) and np.allclose(line.get_ydata(), front["second_mean"])
fig = bo.search_figure(prov, ev, comb)
steps = [l for l in fig.axes[0].lines if l.get_linestyle() == "-"]
assert len(steps) == len(comb)
for l, (_, c) in zip(steps, comb.iterrows()):
    assert math.isclose(l.get_ydata()[-1], ev["objective_mean"].iloc[int(c["best"])] * 1e3), c["values"]
page = open("r.html", encoding="utf-8").read()
b = int(prov["best"])
want = f"{bo.shown(ev['objective_mean'].iloc[b], 's')} ± {bo.shown(ev['objective_ci95'].iloc[b], 's')}"
assert html.escape(want) in page, want
rows = re.search(r"<table class='front'>(.*?)</table>", page, re.S).group(1).count("<tr><td>")
assert rows == len(front), (rows, len(front))
for _, r in front.iterrows():
    assert f"<td>{int(r['index'])}</td><td>{html.escape(bo.shown(r['objective_mean'], 's'))}</td>" in page, r["index"]
print(f"front of {len(front)} designs, {len(comb)} best-so-far lines and the report agree with p.h5")
PY
echo "optimise_report: ok"

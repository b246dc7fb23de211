# Issue 26 item 4: `btlinksim serve` in a real browser (headless Chromium, driven over the DevTools protocol by
# tests/support/cdp.py). The page loads the kitchen relay and shows what the engine gives; dragging the kitchen
# speaker far past the wall brings dropouts (or silence) and a weaker link, shown as the same numbers a `run` of
# the exported YAML writes; the coverage map fills its grid; the exported YAML validates. Bad requests get a
# clear error (400) and the server goes on. SERVE_SCREENSHOT=FILE keeps the page's screenshot (docs/img/serve.png).
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d)
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$; }
trap cleanup EXIT
cp -r "$SRC/scenarios/kitchen" "$SRC/scenarios/presets" "$tmp/"
"$BTL" serve "$tmp/kitchen/relay.yaml" --port 0 -j 2 --max-duration 30 --replications 3 > "$tmp/serve.out" 2> "$tmp/serve.err" &
pid=$!
for _ in $(seq 100); do grep -q "^btlinksim serve: http" "$tmp/serve.out" && break; sleep 0.1; done
url=$(grep -o "http://127.0.0.1:[0-9]*/" "$tmp/serve.out") || fail "no URL printed: $(cat "$tmp/serve.out" "$tmp/serve.err")"
# Bad requests: a message, status 400, and the server still answers.
code=$(curl -s -o "$tmp/bad.json" -w "%{http_code}" -X POST -d 'not json' "${url}api/evaluate")
[ "$code" = 400 ] && grep -q '"error":"the request is not JSON' "$tmp/bad.json" || fail "bad JSON: $code $(cat "$tmp/bad.json")"
code=$(curl -s -o "$tmp/bad.json" -w "%{http_code}" -X POST -d '{"positions":{"attic":[1,2]}}' "${url}api/evaluate")
[ "$code" = 400 ] && grep -q "no device 'attic'" "$tmp/bad.json" || fail "unknown device: $code $(cat "$tmp/bad.json")"
code=$(curl -s -o "$tmp/bad.json" -w "%{http_code}" -X POST -d '{"playout_delay_ms":-5}' "${url}api/evaluate")
[ "$code" = 400 ] && grep -q "playout_delay" "$tmp/bad.json" || fail "negative delay: $code $(cat "$tmp/bad.json")"
code=$(curl -s -o "$tmp/bad.json" -w "%{http_code}" -X POST -d '{"device":"phone"}' "${url}api/coverage")
[ "$code" = 400 ] && grep -q "not a speaker" "$tmp/bad.json" || fail "coverage of the phone: $code $(cat "$tmp/bad.json")"
kill -0 "$pid" || fail "the server stopped after bad requests"
# A second server on the same port: exit 1 with a message; a scenario with errors: exit 2, located, no server.
port=$(echo "$url" | grep -o "[0-9]*/$" | tr -d /)
expect_rc 1 timeout 20 "$BTL" serve "$tmp/kitchen/relay.yaml" --port "$port"
err | grep -q "cannot listen on 127.0.0.1:$port" || fail "port in use: $(err)"
printf 'duration: 1 s\ndevices: {}\nbogus: 1\n' > "$tmp/bad.yaml"
expect_rc 2 timeout 20 "$BTL" serve "$tmp/bad.yaml" --port 0
err | grep -q "^$tmp/bad.yaml:[0-9]*:[0-9]*: " || fail "bad scenario: $(err)"
PYTHONPATH="$SRC/tests/support" /usr/bin/python3 - "$url" "$tmp" <<'PY' || fail "the page in Chromium"
import json, os, sys
from cdp import Browser
url, d = sys.argv[1], sys.argv[2]
b = Browser(1400, 900)
try:
    b.open(url)
    b.wait("document.body.dataset.evaluations === '1' && document.body.dataset.state === 'idle'")
    near = b.js("[...document.querySelectorAll('#sinks tbody tr')].map(r => [r.dataset.sink, r.dataset.dropouts])")
    assert dict(near)["kitchen"] == "0", near
    # Drag the kitchen speaker to the right edge of the window: 40 m and more from the living room.
    x, y = b.js("(() => { const r = document.querySelector('g.dev[data-name=kitchen]').getBoundingClientRect();"
                " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
    b.drag(x, y, 1380, y)
    b.wait("document.body.dataset.evaluations === '2' && document.body.dataset.state === 'idle'")
    far = dict(b.js("[...document.querySelectorAll('#sinks tbody tr')].map(r => [r.dataset.sink, r.dataset.dropouts])"))
    assert far["kitchen"] == "" or float(far["kitchen"]) > 0, far  # silent, or dropping out
    assert float(far["living"]) > 0, far  # the relay's one radio resends for the kitchen (docs/tutorial.md, 11)
    causes = b.js("document.querySelector('#sinks tbody tr[data-sink=kitchen]').children[3].textContent")
    assert "late" in causes, causes
    links = dict(b.js("[...document.querySelectorAll('line.link')].map(l => [l.dataset.link, Number(l.dataset.rx)])"))
    assert links["living->kitchen"] < -90, links
    # Dual stream: the phone feeds the kitchen directly (docs/tutorial.md, 11).
    b.js("(() => { const k = document.getElementById('kind'); k.value = 'dual_stream';"
         " k.dispatchEvent(new Event('change')); })()")
    b.wait("document.body.dataset.evaluations === '3' && document.body.dataset.state === 'idle'")
    fed = b.js("[...document.querySelectorAll('line.link')].map(l => l.dataset.link)")
    assert sorted(fed) == ["phone->kitchen", "phone->living"], fed
    b.js("(() => { const k = document.getElementById('kind'); k.value = 'relay';"
         " k.dispatchEvent(new Event('change')); })()")
    b.wait("document.body.dataset.evaluations === '4' && document.body.dataset.state === 'idle'")
    # The coverage map: a rectangle per grid point (12 x 8).
    b.js("document.getElementById('cover').click()")
    b.wait("document.body.dataset.coverage === 'done'", 120)
    assert b.js("document.querySelectorAll('rect.cov').length") == 96
    b.js("document.getElementById('export').click()")
    yaml = b.js("document.getElementById('yaml').value")
    assert "kitchen" in yaml and "position" in yaml, yaml
    open(f"{d}/exported.yaml", "w", encoding="utf-8").write(yaml)
    json.dump(links, open(f"{d}/links.json", "w"))
    b.screenshot(f"{d}/serve.png")
finally:
    b.close()
PY
cp "$tmp/exported.yaml" "$tmp/kitchen/exported.yaml"  # beside the presets folder the scenario names
expect_rc 0 "$BTL" validate "$tmp/kitchen/exported.yaml"
# What the page showed is what a run of the exported design writes: the same duration and replications as the
# page's runs (30 s, 3), the links' median received power, mean over the replications.
sed -e 's/^duration:.*/duration: 30 s/' -e 's/^replications:.*/replications: 3/' "$tmp/kitchen/exported.yaml" > "$tmp/kitchen/check.yaml"
grep -q "^output:" "$tmp/kitchen/check.yaml" && sed -i '/^output:/d' "$tmp/kitchen/check.yaml"
echo "output: { file: $tmp/check.h5 }" >> "$tmp/kitchen/check.yaml"
expect_rc 0 "$BTL" run "$tmp/kitchen/check.yaml" -q
/usr/bin/python3 - "$tmp" <<'PY' || fail "the page's links differ from a run of the exported design"
import json, sys, h5py, numpy as np
d = sys.argv[1]
shown = json.load(open(f"{d}/links.json"))
with h5py.File(f"{d}/check.h5") as f:
    names, rx = f["links/name"].asstr()[()], f["links/median_rx_dbm"][()]
for link, v in shown.items():
    assert np.isclose(v, rx[names == link].mean(), rtol=0, atol=1e-9), (link, v, rx[names == link].mean())
print("page: the links' received power equals a run of the exported design")
PY
[ -s "$tmp/serve.png" ] || fail "no screenshot"
[ -n "${SERVE_SCREENSHOT:-}" ] && cp "$tmp/serve.png" "$SERVE_SCREENSHOT"
# The runs fork from an evaluator process of the server's (docs/serve.md), never from the server's threads. If it
# dies, a request gets 500 saying so, and the server goes on.
evaluator=$(pgrep -P "$pid" | head -1)
[ -n "$evaluator" ] || fail "serve runs no evaluator process"
kill -9 "$evaluator"
code=$(curl -s -o "$tmp/gone.json" -w "%{http_code}" -X POST -d '{}' "${url}api/evaluate")
[ "$code" = 500 ] && grep -q "evaluator process stopped" "$tmp/gone.json" || fail "evaluator gone: $code $(cat "$tmp/gone.json")"
kill -0 "$pid" || fail "the server stopped with its evaluator"
kill "$pid"; wait "$pid"; rc=$?; pid=
[ "$rc" -eq 0 ] || fail "serve exited $rc on SIGTERM: $(cat "$tmp/serve.err")"
exit 0

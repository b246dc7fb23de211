# scenarios/schema.json is generated from the declarations and current; every example scenario validates
# against it (python3-jsonschema, as an editor would check it), and malformed ones do not.
source "$(dirname "$0")/lib.bash"
expect_rc 0 "$BTL" schema
diff <(out) "$SRC/scenarios/schema.json" >&2 || fail "scenarios/schema.json is stale: run 'build/btlinksim schema > scenarios/schema.json'"
/usr/bin/python3 - "$SRC" <<'PY' || fail "schema check"
import glob, json, sys, yaml, jsonschema
src = sys.argv[1]
schema = json.load(open(f"{src}/scenarios/schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
good = sorted(f for f in glob.glob(f"{src}/scenarios/*.yaml") if "sweep" not in yaml.safe_load(open(f)))
assert len(good) >= 16, len(good)
for f in good:
    errs = list(v.iter_errors(yaml.safe_load(open(f))))
    assert not errs, (f, [e.message for e in errs])
# The schema catches what it can see: unknown keys, wrong choices, wrong shapes, missing required keys.
for name, why in (("unknown_key", "codek"), ("bad_choice", "wifi"), ("wrong_type", "seed"), ("missing_role", "role")):
    errs = list(v.iter_errors(yaml.safe_load(open(f"{src}/tests/scenarios/bad/{name}.yaml"))))
    assert errs and any(why in (e.message + str(list(e.path))) for e in errs), (name, [e.message for e in errs])
print(f"{len(good)} example scenarios valid; 4 malformed ones rejected")
PY
# The optimisation files' schema (btlinksim schema --optimise) likewise: current, every example and test file valid,
# an unknown key and a wrong objective shape rejected.
expect_rc 0 "$BTL" schema --optimise
diff <(out) "$SRC/scenarios/optimise/schema.json" >&2 || fail "scenarios/optimise/schema.json is stale: run 'build/btlinksim schema --optimise > scenarios/optimise/schema.json'"
/usr/bin/python3 - "$SRC" <<'PY' || fail "optimise schema check"
import glob, json, sys, yaml, jsonschema
src = sys.argv[1]
schema = json.load(open(f"{src}/scenarios/optimise/schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
files = [f for f in sorted(glob.glob(f"{src}/scenarios/optimise/*.yaml") + glob.glob(f"{src}/tests/data/optimise/*.yaml"))
         if "optimise" in yaml.safe_load(open(f))]
assert len(files) >= 7, files
for f in files:
    errs = list(v.iter_errors(yaml.safe_load(open(f))))
    assert not errs, (f, [e.message for e in errs])
good = yaml.safe_load(open(files[0]))
for bad, why in (({**good, "colour": "red"}, "colour"), ({**good, "objective": "range"}, "objective")):
    errs = list(v.iter_errors(bad))
    assert errs and any(why in (e.message + str(list(e.path))) for e in errs), (why, [e.message for e in errs])
print(f"{len(files)} optimisation files valid; 2 malformed ones rejected")
PY
echo "schema: ok"

# The project stands on its own (issue 24): no file cites the background notes outside the repository, and every
# source key in brackets that code, help or docs use ([noise-ber], [sig-radio], ...) is defined in
# docs/references.md.
source "$(dirname "$0")/lib.bash"
cd "$SRC"
files=$(git ls-files -- '*.cpp' '*.hpp' '*.md' '*.py' '*.sh' '*.bash' '*.yaml' '*.json' 'CMakeLists.txt' 2>/dev/null) \
  || files=$(find models sim docs tests scenarios analysis README.md CMakeLists.txt -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.md' -o -name '*.py' -o -name '*.sh' -o -name '*.bash' -o -name '*.yaml' -o -name '*.json' -o -name CMakeLists.txt \))
bad=$(grep -lE "bluetooth-physics|stack-notes|style-and-sweeps|existing-simulators|\.\./shared/" $files | grep -v '^tests/cli/references.sh$' || true)
[ -z "$bad" ] || fail "files cite notes outside the repository: $bad"
/usr/bin/python3 - $files <<'PY' || exit 1
import re, sys
defined = set(re.findall(r"^- \*\*\[([a-z0-9-]+)\]", open("docs/references.md", encoding="utf-8").read(), re.M))
assert len(defined) > 50, len(defined)
missing = {}
for f in sys.argv[1:]:
    try:
        text = open(f, encoding="utf-8").read()
    except (UnicodeDecodeError, FileNotFoundError):
        continue
    for k in re.findall(r"\[([a-z][a-z0-9]+(?:-[a-z0-9]+)+)\]", text):
        if k not in defined:
            missing.setdefault(k, set()).add(f)
assert not missing, "keys not defined in docs/references.md: " + "; ".join(f"{k} ({', '.join(sorted(v))})" for k, v in missing.items())
print(f"references: {len(defined)} keys defined, every one used is")
PY
echo "references: ok"

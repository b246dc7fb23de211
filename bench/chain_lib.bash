# A relay chain scenario of N speakers 1 m apart on free-space-like loss (exponent 2), written to FILE:
# write_chain N DURATION PLAYOUT FILE [OUTPUT]   (DURATION and PLAYOUT with units, e.g. "1 min" "1 s")
write_chain() {
  local c="[phone"
  { echo "duration: $2"; echo "replications: 1"; echo "environment:"; echo "  path_loss: { exponent: 2.0 }"
    echo "devices:"; echo "  phone: { role: source, position: [0, 0] }"
    for i in $(seq 1 "$1"); do echo "  s$i: { role: speaker, position: [$i, 0] }"; done
  } > "$4"
  for i in $(seq 1 "$1"); do c="$c, s$i"; done
  printf 'topology: { kind: relay, chain: %s] }\naudio: { playout_delay: %s }\n' "$c" "$3" >> "$4"
  [ -z "${5:-}" ] || printf 'output: { file: %s }\n' "$5" >> "$4"
}

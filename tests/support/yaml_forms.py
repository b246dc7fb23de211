#!/usr/bin/python3
"""Rewrites every .yaml file under DIR in one of the forms a valid YAML document may take (issue 23 item 3):
crlf (Windows line ends), cr (classic Mac line ends), block (no flow collections) or anchors (every repeated
map or list is written once with an anchor, later as an alias; collections in flow style where PyYAML puts them,
so an anchor stands on a flow map: `radio: &id001 {class: 2}` ... `radio: *id001`).
Usage: yaml_forms.py FORM DIR"""
import json
import pathlib
import sys

import yaml


def share_repeated(node, seen):
    """The same object for equal maps and lists, so that PyYAML writes anchors and aliases."""
    if isinstance(node, dict):
        node = {k: share_repeated(v, seen) for k, v in node.items()}
    elif isinstance(node, list):
        node = [share_repeated(v, seen) for v in node]
    else:
        return node
    key = json.dumps(node, sort_keys=True, default=str)
    return seen.setdefault(key, node)


def main():
    form, root = sys.argv[1], pathlib.Path(sys.argv[2])
    anchored = 0
    for path in sorted(root.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if form == "crlf":
            out = text.replace("\n", "\r\n")
        elif form == "cr":
            out = text.replace("\n", "\r")
        else:
            doc = yaml.safe_load(text)  # YAML 1.1 reads `1e-3` as text and writes it quoted: the same scalar
            if form == "block":
                out = yaml.safe_dump(doc, default_flow_style=False, sort_keys=False, allow_unicode=True)
            elif form == "anchors":
                out = yaml.dump(share_repeated(doc, {}), Dumper=yaml.SafeDumper, default_flow_style=None,
                                sort_keys=False, allow_unicode=True)
                anchored += "&id" in out
            else:
                sys.exit(f"unknown form {form}")
        path.write_bytes(out.encode("utf-8"))
    print(anchored)


main()

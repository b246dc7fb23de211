"""Whether two btlinksim result files hold the same results, bit for bit.

usage: h5_identical.py REFERENCE OTHER... [--ignore PATH ...]

Every dataset is compared byte for byte (NaN payloads and -0.0 included; strings as text) and every attribute
by value; PATH names a dataset (/runs/wall_s) or a root attribute (/@sweep_file) left out, e.g. measured wall
time. Exit 0 if every OTHER equals REFERENCE, 1 (naming the first differences) otherwise.
"""
import sys

import h5py
import numpy as np


def contents(path, ignore):
    out = {}
    with h5py.File(path, "r") as f:
        def add_attrs(key, obj):
            for a, v in obj.attrs.items():
                if key + "@" + a not in ignore:
                    out[key + "@" + a] = repr(v.tolist() if isinstance(v, np.ndarray) else v)

        def visit(name, obj):
            key = "/" + name
            add_attrs(key, obj)
            if isinstance(obj, h5py.Dataset) and key not in ignore:
                x = obj[()]
                if x.dtype.kind == "O":
                    out[key] = ("strings", tuple(s.decode() if isinstance(s, bytes) else s for s in np.ravel(x)))
                else:
                    out[key] = (str(x.dtype), x.shape, np.ascontiguousarray(x).tobytes())

        add_attrs("/", f)
        f.visititems(visit)
    return out


def main(argv):
    files, ignore = [], set()
    it = iter(argv)
    for a in it:
        if a == "--ignore":
            ignore.add(next(it))
        else:
            files.append(a)
    ref = contents(files[0], ignore)
    datasets = len([k for k in ref if "@" not in k])
    ok = True
    for other in files[1:]:
        got = contents(other, ignore)
        missing = sorted(ref.keys() ^ got.keys())
        diff = [k for k in ref if k in got and got[k] != ref[k]]
        if missing or diff:
            ok = False
            print(f"{other} differs from {files[0]}: {(missing + diff)[:8]}")
    if ok:
        print(f"identical: {len(files)} files, {datasets} datasets")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The reference for loading a register: PyYAML's C loader over every risk file, one process.

python bench/cloader_loop.py REGISTER_DIR
"""

import os
import sys

import yaml

root = sys.argv[1]
count = 0
for folder in ("risks", "closed"):
    base = os.path.join(root, folder)
    if not os.path.isdir(base):
        continue
    for name in sorted(os.listdir(base)):
        if name.endswith((".yaml", ".yml")):
            with open(os.path.join(base, name), "rb") as handle:
                yaml.load(handle, Loader=yaml.CSafeLoader)
            count += 1
if "--count" in sys.argv:
    print(count)

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a lower layer of src/core includes a higher one.

The layers, lowest first (docs/ARCHITECTURE.md explains each):
  util (and the files at the root of src/core) → sysroot → inventory → rules
  → checks → scan → remedy, report, tally → session → cli, gui
A file may include its own layer and any layer below it.  remedy, report
and tally stand side by side: report and tally may read each other, remedy
and report may not.  Only core headers ("folder/antam-x.h") are judged.
"""
import os
import re
import sys

RANK = {
    "": 0, "util": 0,
    "sysroot": 1,
    "inventory": 2,
    "rules": 3,
    "checks": 4,
    "scan": 5,
    "remedy": 6, "report": 6, "tally": 6,
    "session": 7,
    "cli": 8, "gui": 8, "helper": 8,
}
SIDE_BY_SIDE = {("report", "tally"), ("tally", "report")}

top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
src = os.path.join(top, "src")
core = os.path.join(src, "core")
include = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer_of_core_path(rel):
    parts = rel.split("/")
    return parts[0] if len(parts) > 1 else ""


problems = []
count = 0
for dirpath, _, files in os.walk(src):
    for name in sorted(files):
        if not name.endswith((".c", ".h")):
            continue
        path = os.path.join(dirpath, name)
        rel_src = os.path.relpath(path, src)
        if rel_src.startswith("core/"):
            layer = layer_of_core_path(os.path.relpath(path, core))
        else:
            layer = rel_src.split("/")[0]
        if layer not in RANK:
            problems.append(f"{rel_src}: folder '{layer}' has no place in the layers")
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for header in include.findall(text):
            if not os.path.exists(os.path.join(core, header)):
                continue  # not a core header: the folder's own, config.h, generated
            count += 1
            target = layer_of_core_path(header)
            if target not in RANK:
                problems.append(f"{rel_src}: includes {header}, in a folder with no place in the layers")
            elif RANK[target] > RANK[layer] or (
                    RANK[target] == RANK[layer] and target != layer and layer not in ("", "util")
                    and (layer, target) not in SIDE_BY_SIDE):
                problems.append(f"{rel_src} ({layer or 'core root'}) includes {header} ({target or 'core root'})")

print(f"1..1")
if problems:
    for p in problems:
        print(f"# {p}")
    print(f"not ok 1 - {len(problems)} includes point up or sideways")
    sys.exit(1)
print(f"ok 1 - {count} core includes, all pointing down")

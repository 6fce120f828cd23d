#!/usr/bin/env python3
"""Summarises results.csv (written by run.sh): per arm, test accuracy mean ± sd over seeds, example
passes saved, and wall (and, where measured, CPU) time relative to the full-data run of the same seed."""
import csv, statistics, sys, os

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "results.csv")
rows = list(csv.DictReader(open(path)))
full = {r["seed"]: r for r in rows if r["arm"] == "full"}
arms = []
for r in rows:
    if r["arm"] not in arms:
        arms.append(r["arm"])
print("| arm | seeds | test accuracy (mean ± sd) | Δ vs full (pp) | example passes saved | wall / full (per seed) | median |")
print("|---|---|---|---|---|---|---|")
full_acc = statistics.mean(float(r["test_accuracy"]) for r in full.values())
for arm in arms:
    sel = [r for r in rows if r["arm"] == arm]
    acc = [float(r["test_accuracy"]) for r in sel]
    sd = statistics.stdev(acc) if len(acc) > 1 else 0.0
    saved = 1 - sum(int(r["examples_fitted"]) for r in sel) / sum(int(r["example_passes"]) for r in sel)
    ratios = [float(r["wall_seconds"]) / float(full[r["seed"]]["wall_seconds"]) for r in sel if r["seed"] in full]
    print(f"| {arm} | {len(sel)} | {100*statistics.mean(acc):.2f} ± {100*sd:.2f} % | "
          f"{100*(statistics.mean(acc)-full_acc):+.2f} | {100*saved:.1f} % | "
          f"{', '.join(f'{x:.2f}' for x in ratios)} | {statistics.median(ratios):.2f} |")

timing = os.path.join(os.path.dirname(path), "timing.csv")
if os.path.exists(timing):
    rows = list(csv.DictReader(open(timing)))
    full = {r["pair"]: r for r in rows if r["arm"] == "full"}
    cpu = lambda r: float(r["user_seconds"]) + float(r["system_seconds"])
    print()
    print("| arm | pair | elapsed s | CPU s (user+sys) | elapsed / full | CPU / full |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        f = full[r["pair"]]
        print(f"| {r['arm']} | {r['pair']} | {float(r['elapsed_seconds']):.1f} | {cpu(r):.1f} | "
              f"{float(r['elapsed_seconds']) / float(f['elapsed_seconds']):.2f} | {cpu(r) / cpu(f):.2f} |")

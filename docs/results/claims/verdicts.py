#!/usr/bin/python3
"""Reads results.csv (written by measure.py) and prints the verdict table, each claim's statistic with its 95 %
confidence interval; draws claim-*.png beside it. Rules (fixed before the runs):
- intervals are Student t intervals over the seeds of paired per-seed differences (same seed = same initial
  weights and data order in both arms), except where a row says bootstrap;
- a claim that an effect exists is "confirmed" when its interval excludes 0 on the claimed side, "not confirmed"
  when it excludes 0 on the other side, and "inconclusive" when it contains 0;
- a claim of no loss ("as well as") is confirmed when the interval's lower end is above -0.5 pp, not confirmed
  when its upper end is below -0.5 pp, inconclusive otherwise.
Usage: python3 verdicts.py       (needs numpy, scipy and matplotlib)"""
import csv, os, statistics
from collections import defaultdict
import numpy as np
from scipy.stats import t as student
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

HERE = os.path.dirname(os.path.abspath(__file__))
values = defaultdict(dict)          # (claim, arm, metric) -> {seed: value}
for r in csv.DictReader(open(os.path.join(HERE, "results.csv"))):
    values[(r["claim"], r["arm"], r["metric"])][r["seed"]] = float(r["value"])


def per_seed(claim, arm, metric):
    return values.get((claim, arm, metric), {})


def interval(xs):
    xs = list(xs)
    if len(xs) < 2:
        return (statistics.mean(xs) if xs else float("nan")), float("nan"), float("nan"), len(xs)
    m, half = statistics.mean(xs), student.ppf(0.975, len(xs) - 1) * statistics.stdev(xs) / len(xs) ** 0.5
    return m, m - half, m + half, len(xs)


def paired(a, b, scale=1.0):
    common = sorted(set(a) & set(b))
    return interval(scale * (a[s] - b[s]) for s in common)


def effect(lo, hi, side=+1):
    if np.isnan(lo):
        return "not measured yet"
    if side * lo > 0 and side * hi > 0:
        return "**confirmed**"
    if side * lo < 0 and side * hi < 0:
        return "**not confirmed**"
    return "inconclusive"


def no_loss(lo, hi, margin=-0.5):
    if np.isnan(lo):
        return "not measured yet"
    return "**confirmed**" if lo > margin else "**not confirmed**" if hi < margin else "inconclusive"


def fmt(m, lo, hi, n, unit=""):
    return f"{m:+.3f}{unit} [{lo:+.3f}, {hi:+.3f}] (n = {n})" if n > 1 else f"{m:.3f}{unit} (n = {n})"


def minutes(prefixes, names=()):
    seconds = sum(v for (c, arm, _), d in values.items() if c == "time" and (arm.startswith(prefixes) or arm in names)
                  for v in d.values())
    return f"{seconds / 60:.0f} min"


table = []


def row(claim, statement, statistic, estimate, verdict, time):
    table.append(f"| {claim} | {statement} | {statistic} | {estimate} | {verdict} | {time} |")


acc = lambda claim, arm: per_seed(claim, arm, "test_accuracy")
PP = 100.0

# 1. EL2N hardest half against all data and against a random half
full, el2n, grand, rand = (acc("1-2", a) for a in ["full", "el2n", "grand-init", "random"])
t12 = minutes(("prune-", "grand-init-avg"), ("el2n-avg",))
m = paired(el2n, rand, PP)
row("1a", "EL2N (after 2 epochs, 5 runs), hardest 50 %, beats a random 50 %", "acc(EL2N) − acc(random), pp",
    fmt(*m), effect(m[1], m[2]), t12)
m = paired(el2n, full, PP)
row("1b", "… and trains as well as all the data (20 epochs)", "acc(EL2N) − acc(full), pp; no loss if > −0.5",
    fmt(*m), no_loss(m[1], m[2]), "")
# 2. GraNd at initialisation
m = paired(grand, rand, PP)
row("2a", "GraNd at init (10 inits), hardest 50 %, beats a random 50 %", "acc(GraNd) − acc(random), pp",
    fmt(*m), effect(m[1], m[2]), "")
norm1 = interval(per_seed("2", "grand-init-1-init~input-norm", "spearman").values())
norm10 = per_seed("2", "grand-init-10-inits~input-norm", "spearman").get("all", float("nan"))
row("2b", "GraNd at init tracks the input norm ‖x‖ (2023 reproduction)",
    "Spearman(GraNd at init, ‖x‖): one init per seed; 10 inits averaged",
    f"{fmt(*norm1)}; {norm10:.3f}", effect(norm1[1], norm1[2]), minutes(("scores-",)) + " (rows 2b, 3, 8)")
# 3. EL2N ~ forgetting the highest correlation
pairs3 = ["el2n~forgetting", "el2n~grand-init", "forgetting~grand-init", "el2n~grand", "grand~forgetting"]
sp = {p: per_seed("3", p, "spearman") for p in pairs3}
seeds3 = sorted(set.intersection(*[set(d) for d in sp.values()])) if all(sp.values()) else []
m = interval(sp["el2n~forgetting"][s] - max(sp["el2n~grand-init"][s], sp["forgetting~grand-init"][s]) for s in seeds3)
row("3a", "EL2N ~ forgetting is the highest Spearman among EL2N, forgetting and GraNd at init",
    "ρ(EL2N, forgetting) − max of the other two pairs", fmt(*m), effect(m[1], m[2]), "")
m = interval(sp["el2n~forgetting"][s] - max(sp["el2n~grand"][s], sp["grand~forgetting"][s]) for s in seeds3)
row("3b", "… and among EL2N, forgetting and GraNd at the same epoch (2)",
    "ρ(EL2N, forgetting) − max of the other two pairs", fmt(*m), effect(m[1], m[2]), "")
# 4. sliding window under label noise
w = {f"{lvl}-{o}": acc("4", f"{lvl}-{o}") for lvl in ["clean", "noisy"] for o in ["0", "0.1", "0.2", "0.3"]}
m = paired(w["noisy-0.1"], w["noisy-0"], PP)
row("4a", "10 % noisy labels: the window skipping the hardest 10 % beats the hardest window (50 % kept)",
    "acc(offset 0.1) − acc(offset 0), noisy, pp", fmt(*m), effect(m[1], m[2]), minutes(("window-", "el2n-avg-noisy")))
common = sorted(set.intersection(*[set(w[k]) for k in ["noisy-0.1", "noisy-0", "clean-0.1", "clean-0"]]))
m = interval(PP * ((w["noisy-0.1"][s] - w["noisy-0"][s]) - (w["clean-0.1"][s] - w["clean-0"][s])) for s in common)
row("4b", "… the optimum moves away from the hardest end because of the noise",
    "that difference, noisy minus clean, pp", fmt(*m), effect(m[1], m[2]), "")
# 5. NTK velocity by EL2N group
groups5 = {g: defaultdict(dict) for g in ["all", "low", "mid", "high", "highest"]}
for (c, arm, metric), d in values.items():
    if c == "5":
        for s, v in d.items():
            groups5[arm][int(metric.rsplit("_", 1)[1])][s] = v
epochs5 = sorted(groups5["all"])
seeds5 = sorted(set(groups5["all"][epochs5[0]])) if epochs5 else []
rel = [statistics.mean((groups5["high"][e][s] - groups5["low"][e][s]) / groups5["all"][e][s] for e in epochs5)
       for s in seeds5]
m = interval(rel)
row("5a", "NTK velocity is higher for higher-EL2N groups (probe 200)",
    "mean over epochs of (v_high − v_low) / v_all", fmt(*m), effect(m[1], m[2]), minutes(("ntk-",)))
m = interval(statistics.mean((groups5["high"][e][s] - groups5["highest"][e][s]) / groups5["all"][e][s]
                             for e in epochs5) for s in seeds5)
row("5b", "… except the very highest (top 5 %), slower than the high group", "mean over epochs of"
    " (v_high − v_highest) / v_all", fmt(*m), effect(m[1], m[2]), "")
# 6. linear mode connectivity
def spawn_epochs(subset):
    return sorted({int(metric.rsplit("_t", 1)[1]) for (c, arm, metric) in values
                   if c == "6" and arm == subset and metric.startswith("error_barrier_t")})


def barrier(subset):
    """Per seed, the test error barrier averaged over the spawn epochs."""
    series = [per_seed("6", subset, f"error_barrier_t{t}") for t in spawn_epochs(subset)]
    seeds = set.intersection(*(set(d) for d in series)) if series else set()
    return {s: statistics.mean(d[s] for d in series) for s in seeds}


m = paired(barrier("high-el2n"), barrier("low-el2n"), PP)
row("6", "Low-EL2N children become stable earlier than high-EL2N children (LMC)",
    "mean over spawn epochs of test error barrier, high − low, pp", fmt(*m), effect(m[1], m[2]), minutes(("lmc-",)))
# 7. transfer across architectures
t7 = minutes(("transfer-",))
NAMES = {"mlp": "the MLP", "lenet": "LeNet"}
for target, other in [("lenet", "mlp"), ("mlp", "lenet")]:
    by_other, by_own, by_random = (acc("7", f"{target}-by-{s}") for s in [other, target, "random"])
    m = paired(by_other, by_random, PP)
    row(f"7{'a' if target == 'lenet' else 'c'}", f"{NAMES[other][0].upper() + NAMES[other][1:]}'s EL2N prunes {NAMES[target]}'s data (hardest 50 %)"
        " better than random", f"acc({other} scores) − acc(random), pp", fmt(*m), effect(m[1], m[2]),
        t7 if target == "lenet" else "")
    m = paired(by_other, by_own, PP)
    row(f"7{'b' if target == 'lenet' else 'd'}", f"… and as well as {NAMES[target]}'s own EL2N",
        f"acc({other} scores) − acc(own scores), pp; no loss if > −0.5", fmt(*m), no_loss(m[1], m[2]), "")
rho7 = per_seed("7", "el2n-mlp~el2n-lenet", "spearman").get("all", float("nan"))
lo7 = per_seed("7", "el2n-mlp~el2n-lenet", "spearman_bootstrap_2.5").get("all", float("nan"))
hi7 = per_seed("7", "el2n-mlp~el2n-lenet", "spearman_bootstrap_97.5").get("all", float("nan"))
row("7e", "The two models' EL2N agree", "Spearman(EL2N of MLP, EL2N of LeNet), bootstrap over examples",
    f"{rho7:.3f} [{lo7:.3f}, {hi7:.3f}]", effect(lo7, hi7), "")
# 8. GraNd approaches EL2N
for mode, label in [("exact", "8a"), ("last-layer", "8b")]:
    r0, r10 = per_seed("8", f"{mode}-t0", "spearman_grand_el2n"), per_seed("8", f"{mode}-t10", "spearman_grand_el2n")
    m = paired(r10, r0)
    row(label, f"GraNd ({mode}) approaches EL2N as training proceeds", "ρ(GraNd, EL2N) at t = 10 minus at t = 0",
        fmt(*m), effect(m[1], m[2]), "")

print("| # | claim | statistic | estimate [95 % CI] | verdict | machine time |")
print("|---|---|---|---|---|---|")
print("\n".join(table))

# supporting tables
print("\nTest accuracy, mean [95 % CI] over seeds:\n")
print("| claim | arm | accuracy |")
print("|---|---|---|")
for (c, arm, metric), d in sorted(values.items()):
    if metric == "test_accuracy":
        mm = interval(d.values())
        print(f"| {c} | {arm} | {mm[0]:.4f} [{mm[1]:.4f}, {mm[2]:.4f}] (n = {mm[3]}) |")
print("\nSpearman(GraNd, EL2N) after t epochs, mean [95 % CI] over seeds:\n")
print("| t | exact | last layer |")
print("|---|---|---|")
for t in [0, 1, 2, 5, 10]:
    cells = [interval(per_seed("8", f"{mode}-t{t}", "spearman_grand_el2n").values()) for mode in ["exact", "last-layer"]]
    print(f"| {t} | " + " | ".join(f"{x[0]:.4f} [{x[1]:.4f}, {x[2]:.4f}]" for x in cells) + " |")
print("\nSpearman between scores (epoch 2; GraNd also at init), mean [95 % CI] over seeds:\n")
print("| pair | ρ |")
print("|---|---|")
for p in pairs3:
    x = interval(sp[p].values())
    print(f"| {p} | {x[0]:.3f} [{x[1]:.3f}, {x[2]:.3f}] (n = {x[3]}) |")
share = per_seed("4", "noisy-el2n-top-k", "corrupted_share").get("all")
if share is not None:
    print(f"\nNoisy labels: {share:.3f} of the top-k by EL2N (k = number corrupted) are corrupted.")


# plots
def errorbar(ax, xs, series, label, line="-"):
    stats = [interval(s.values()) if s else (np.nan, np.nan, np.nan, 0) for s in series]
    mean = np.array([x[0] for x in stats])
    err = np.array([[x[0] - x[1] for x in stats], [x[2] - x[0] for x in stats]])
    ax.errorbar(xs, mean, yerr=np.nan_to_num(err), marker="o", capsize=3, label=label, linestyle=line)


fig, ax = plt.subplots(figsize=(7, 4))
arms = [("1-2", "full"), ("1-2", "el2n"), ("1-2", "grand-init"), ("1-2", "random")]
errorbar(ax, range(4), [acc(*a) for a in arms], "MLP, 60 000 images, 20 epochs", line="none")
ax.set_xticks(range(4), ["all data", "EL2N hardest 50 %", "GraNd-init hardest 50 %", "random 50 %"])
ax.set_ylabel("test accuracy (mean, 95 % CI)")
ax.set_title("Claims 1 and 2")
fig.tight_layout(); fig.savefig(os.path.join(HERE, "claim-1-2.png"), dpi=110); plt.close(fig)

fig, ax = plt.subplots(figsize=(6, 4))
for lvl in ["clean", "noisy"]:
    errorbar(ax, [0, 0.1, 0.2, 0.3], [w[f"{lvl}-{o}"] for o in ["0", "0.1", "0.2", "0.3"]],
             "clean labels" if lvl == "clean" else "10 % labels corrupted")
ax.set_xlabel("window offset (fraction skipped from the hardest end), window 50 %")
ax.set_ylabel("test accuracy (mean, 95 % CI)"); ax.legend(); ax.set_title("Claim 4: sliding window")
fig.tight_layout(); fig.savefig(os.path.join(HERE, "claim-4.png"), dpi=110); plt.close(fig)

fig, ax = plt.subplots(figsize=(6, 4))
for g in ["low", "mid", "high", "highest", "all"]:
    errorbar(ax, epochs5, [groups5[g][e] for e in epochs5], g)
ax.set_yscale("log"); ax.set_xlabel("epoch"); ax.set_ylabel("NTK velocity per epoch"); ax.legend()
ax.set_title("Claim 5: NTK velocity by EL2N group")
fig.tight_layout(); fig.savefig(os.path.join(HERE, "claim-5.png"), dpi=110); plt.close(fig)

fig, ax = plt.subplots(figsize=(6, 4))
for subset in ["low-el2n", "high-el2n"]:
    spawn = spawn_epochs(subset)
    errorbar(ax, spawn, [{s: v * PP for s, v in per_seed("6", subset, f"error_barrier_t{t}").items()} for t in spawn],
             subset)
ax.set_xlabel("spawn epoch"); ax.set_ylabel("test error barrier, pp"); ax.legend()
ax.set_title("Claim 6: linear mode connectivity")
fig.tight_layout(); fig.savefig(os.path.join(HERE, "claim-6.png"), dpi=110); plt.close(fig)

fig, ax = plt.subplots(figsize=(7, 4))
for target in ["mlp", "lenet"]:
    errorbar(ax, range(3), [acc("7", f"{target}-by-{s}") for s in ["mlp", "lenet", "random"]], f"{target} trained",
             line="none")
ax.set_xticks(range(3), ["MLP's EL2N", "LeNet's EL2N", "random"])
ax.set_ylabel("test accuracy (mean, 95 % CI)"); ax.legend(); ax.set_title("Claim 7: 50 % of 10 000 images kept by")
fig.tight_layout(); fig.savefig(os.path.join(HERE, "claim-7.png"), dpi=110); plt.close(fig)

fig, ax = plt.subplots(figsize=(6, 4))
for mode in ["exact", "last-layer"]:
    errorbar(ax, [0, 1, 2, 5, 10], [per_seed("8", f"{mode}-t{t}", "spearman_grand_el2n") for t in [0, 1, 2, 5, 10]],
             f"GraNd {mode}")
ax.set_xlabel("epoch t"); ax.set_ylabel("Spearman(GraNd_t, EL2N_t)"); ax.legend()
ax.set_title("Claim 8: GraNd approaches EL2N")
fig.tight_layout(); fig.savefig(os.path.join(HERE, "claim-8.png"), dpi=110); plt.close(fig)

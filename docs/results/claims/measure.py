#!/usr/bin/python3
"""Turns what run.sh wrote (log/*.txt and the score tables, keep-sets, ntk.csv and barriers.csv under $WORK)
into results.csv: one row per measured number, `claim,arm,seed,metric,value`. Parts not run yet are left out.
Usage: python3 measure.py [WORK]      (default claims-work; needs numpy and scipy)"""
import csv, glob, gzip, os, re, sys
import numpy as np
from scipy.stats import spearmanr

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("WORK", "claims-work")
LOG = os.path.join(HERE, "log")
SEEDS = list(range(1, 11))
rows = []


def add(claim, arm, seed, metric, value):
    rows.append((claim, arm, seed, metric, f"{value:.6g}"))


def log(name):
    path = os.path.join(LOG, name + ".txt")
    return open(path).read() if os.path.exists(path) else None


def accuracy(name):
    text = log(name)
    if text is None:
        return None
    found = re.search(r"^train: test accuracy ([0-9.]+), wall time ([0-9.]+) s", text, re.M)
    if found is None:
        raise SystemExit(f"log/{name}.txt has no 'train: test accuracy' line: rerun that step")
    return float(found.group(1)), float(found.group(2))


def table(name):
    """Columns of WORK/name/scores.csv as numpy arrays (None when the step has not run)."""
    path = os.path.join(WORK, name, "scores.csv")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        reader = csv.reader(f)
        header = next(reader)
        data = np.array([[float(c) for c in r] for r in reader])
    return {h: data[:, i] for i, h in enumerate(header)}


def rho(a, b):
    return spearmanr(a, b).statistic


def input_norms():
    with gzip.open("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz") as f:
        pixels = np.frombuffer(f.read()[16:], dtype=np.uint8).reshape(-1, 784)
    return np.sqrt((pixels.astype(np.float64) / 255) ** 2 @ np.ones(784))


def accuracies(claim, prefix_by_arm, seeds=SEEDS):
    for arm, prefix in prefix_by_arm.items():
        for seed in seeds:
            measured = accuracy(f"{prefix}-s{seed}")
            if measured is not None:
                add(claim, arm, seed, "test_accuracy", measured[0])
                add(claim, arm, seed, "wall_seconds", measured[1])


# claims 1 and 2: pruning to the hardest half by EL2N after 2 epochs (5 runs) or GraNd at init (10 inits)
accuracies("1-2", {"full": "prune-full", "el2n": "prune-el2n", "grand-init": "prune-grand", "random": "prune-random"})
norms = None
grand_avg = table("grand-init-avg")
if grand_avg is not None:
    norms = input_norms()
    add("2", "grand-init-10-inits~input-norm", "all", "spearman", rho(grand_avg["grand"], norms))
    el2n_avg = table("el2n-avg")
    if el2n_avg is not None:
        add("2", "grand-init-10-inits~el2n-5-runs", "all", "spearman", rho(grand_avg["grand"], el2n_avg["el2n"]))

# claims 3 and 8: per seed, scores after t epochs
for seed in SEEDS:
    init = table(f"scores-s{seed}-t0-exact")
    if init is not None:
        norms = input_norms() if norms is None else norms
        add("2", "grand-init-1-init~input-norm", seed, "spearman", rho(init["grand"], norms))
    at2 = table(f"scores-s{seed}-t2-exact")
    if init is not None and at2 is not None:
        pairs = {"el2n~forgetting": ("el2n", "forgetting"), "el2n~grand": ("el2n", "grand"),
                 "grand~forgetting": ("grand", "forgetting")}
        for arm, (a, b) in pairs.items():
            add("3", arm, seed, "spearman", rho(at2[a], at2[b]))
        add("3", "el2n~grand-init", seed, "spearman", rho(at2["el2n"], init["grand"]))
        add("3", "forgetting~grand-init", seed, "spearman", rho(at2["forgetting"], init["grand"]))
    for t in [0, 1, 2, 5, 10]:
        for mode in ["exact", "last-layer"]:
            scores = table(f"scores-s{seed}-t{t}-{mode}")
            if scores is not None:
                add("8", f"{mode}-t{t}", seed, "spearman_grand_el2n", rho(scores["grand"], scores["el2n"]))

# claim 4: windows of half the data over the EL2N order, clean and with 10 % of the labels corrupted
accuracies("4", {"clean-0": "prune-el2n"})
for offset in ["0.1", "0.2", "0.3"]:
    accuracies("4", {f"clean-{offset}": f"window-clean-{offset}"})
for offset in ["0", "0.1", "0.2", "0.3"]:
    accuracies("4", {f"noisy-{offset}": f"window-noisy-{offset}"})
clean, noisy = table("el2n-avg"), table("el2n-avg-noisy")
if clean is not None and noisy is not None:
    corrupted = clean["label"] != noisy["label"]
    k = int(corrupted.sum())
    top = np.argsort(-noisy["el2n"], kind="stable")[:k]
    add("4", "noisy-el2n-top-k", "all", "corrupted_share", corrupted[top].mean())
    add("4", "noisy-el2n-top-k", "all", "corrupted_labels", k)

# claim 5: NTK velocity per EL2N group of a probe of 200
for seed in SEEDS:
    path = os.path.join(WORK, f"ntk-s{seed}", "ntk.csv")
    if os.path.exists(path):
        for r in csv.DictReader(open(path)):
            add("5", r["group"], seed, f"velocity_epoch_{r['epoch']}", float(r["velocity_per_epoch"]))

# claim 6: linear mode connectivity of low- and high-EL2N children
for seed in SEEDS:
    path = os.path.join(WORK, f"lmc-s{seed}", "barriers.csv")
    if os.path.exists(path):
        for r in csv.DictReader(open(path)):
            if r["split"] == "test":
                for metric in ["error_barrier", "error_above_chord", "loss_barrier"]:
                    add("6", r["subset"], seed, f"{metric}_t{r['spawn_epoch']}", float(r[metric]))

# claim 7: EL2N of one model prunes the other's training set (the first 10 000 images)
for model in ["mlp", "lenet"]:
    accuracies("7", {f"{model}-by-{source}": f"transfer-{model}-by-{source}" for source in ["mlp", "lenet", "random"]})
mlp, lenet = table("transfer-mlp"), table("transfer-lenet")
if mlp is not None and lenet is not None:
    add("7", "el2n-mlp~el2n-lenet", "all", "spearman", rho(mlp["el2n"], lenet["el2n"]))
    rng = np.random.default_rng(7)
    boot = [rho(mlp["el2n"][i], lenet["el2n"][i]) for i in (rng.integers(0, len(mlp["el2n"]), len(mlp["el2n"]))
                                                        for _ in range(200))]
    add("7", "el2n-mlp~el2n-lenet", "all", "spearman_bootstrap_2.5", np.percentile(boot, 2.5))
    add("7", "el2n-mlp~el2n-lenet", "all", "spearman_bootstrap_97.5", np.percentile(boot, 97.5))
    both = np.intersect1d(*[np.loadtxt(os.path.join(WORK, f"keep-transfer-{m}.csv"), skiprows=2, dtype=int)
                            for m in ["mlp", "lenet"]])
    add("7", "keep-mlp&keep-lenet", "all", "shared_fraction", len(both) / (len(mlp["el2n"]) // 2))

# machine time of every step, from the last line of its log: "# datadiet ARGS (N s)"
for path in sorted(glob.glob(os.path.join(LOG, "*.txt"))):
    found = re.search(r"\((\d+) s\)\s*$", open(path).read())
    if found:
        add("time", os.path.basename(path)[:-4], "all", "seconds", int(found.group(1)))

out = os.path.join(HERE, "results.csv")
with open(out + ".tmp", "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(["claim", "arm", "seed", "metric", "value"])
    writer.writerows(rows)
os.replace(out + ".tmp", out)
print(f"wrote {out}: {len(rows)} rows")

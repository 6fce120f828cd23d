#!/bin/sh
# The paper's claims on Fashion-MNIST, each row of docs/results/claims/README.md reproduced by one part:
#   sh run.sh PART [JAR]      PART: scores | prune | noise | ntk | lmc | transfer | all
# scores   claims 3 and 8: per seed 1-5, EL2N, GraNd (exact and last layer) and forgetting after t = 0, 1, 2, 5, 10 epochs
# prune    claims 1 and 2: EL2N after 2 epochs (5 runs) and GraNd at initialisation (10 inits), keep the hardest 50 %,
#          train 20 epochs; against all data and random halves; seeds 1-10
# noise    claim 4: 10 % of the labels corrupted (noise seed 1); windows of 50 % over the EL2N order at offsets
#          0, 0.1, 0.2, 0.3, clean and noisy; seeds 1-5
# ntk      claim 5: NTK velocity per EL2N group, probe of 200, 10 epochs; seeds 1-5
# lmc      claim 6: linear mode connectivity of low- and high-EL2N children, spawn epochs 0, 1, 2, 4; seeds 1-5
# transfer claim 7: the first 10 000 images; EL2N of the MLP and of LeNet (3 runs each) prune each other's training
#          set; LeNet 10 epochs, MLP 20 epochs; seeds 1-5
# Each run is a fresh JVM with one ND4J thread (run two parts at once on 2 cores). Its output goes to log/NAME.txt,
# written when the run ends; a run whose log exists is skipped, so an interrupted part resumes where it stopped
# (delete the log/NAME.tmp of a killed run first).
# Score tables and keep-sets go to $WORK (default claims-work, not committed). measure.py turns logs and tables
# into results.csv; verdicts.py turns results.csv into the verdict table and the plots.
set -eu
PART=${1:?usage: sh run.sh scores|prune|noise|ntk|lmc|transfer|all [JAR]}
JAR=${2:-dl4j-plugin/target/datadiet.jar}
DIR=$(dirname "$0")
WORK=${WORK:-claims-work}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
mkdir -p "$DIR/log" "$WORK"

# run NAME ARGS...: datadiet ARGS with its stdout kept in log/NAME.txt, unless that log exists, or log/NAME.tmp does
# (another run.sh of the same part is running that step: two of them share the work; after a kill, delete the .tmp)
run() {
  name=$1; shift
  [ -f "$DIR/log/$name.txt" ] && return 0
  [ -f "$DIR/log/$name.tmp" ] && { echo "skipping $name: log/$name.tmp exists" >&2; return 0; }
  start=$(date +%s)
  java -jar "$JAR" "$@" > "$DIR/log/$name.tmp" 2> "$WORK/$name.err"
  echo "# datadiet $* ($(($(date +%s) - start)) s)" >> "$DIR/log/$name.tmp"
  mv "$DIR/log/$name.tmp" "$DIR/log/$name.txt"
}
# prune_to KEEP ARGS...: a keep-set file, unless it exists
prune_to() {
  keep=$1; shift
  [ -f "$keep" ] || java -jar "$JAR" prune "$@" --out "$keep" > /dev/null
}

scores() {
  for seed in 1 2 3 4 5; do
    for t in 0 1 2 5 10; do
      extra=$([ "$t" -gt 0 ] && echo ",forgetting" || true)
      for mode in exact last-layer; do
        run "scores-s$seed-t$t-$mode" score --epochs $t --score-epoch $t --scores el2n,grand$extra --grand-mode $mode \
          --seed $seed --out "$WORK/scores-s$seed-t$t-$mode"
      done
    done
  done
}

prune() {
  run el2n-avg score --epochs 2 --score-epoch 2 --scores el2n,forgetting --runs 5 --seed 1 --out "$WORK/el2n-avg"
  run grand-init-avg score --epochs 0 --scores grand --runs 10 --seed 1 --out "$WORK/grand-init-avg"
  prune_to "$WORK/keep-el2n.csv" --scores "$WORK/el2n-avg/scores.csv" --score el2n --keep 0.5 --policy hardest
  prune_to "$WORK/keep-grand.csv" --scores "$WORK/grand-init-avg/scores.csv" --score grand --keep 0.5 --policy hardest
  for seed in 1 2 3 4 5 6 7 8 9 10; do
    prune_to "$WORK/keep-random-s$seed.csv" --scores "$WORK/el2n-avg/scores.csv" --score el2n --keep 0.5 \
      --policy random --seed $seed
    run "prune-full-s$seed" train --epochs 20 --seed $seed
    run "prune-el2n-s$seed" train --epochs 20 --seed $seed --keep "$WORK/keep-el2n.csv"
    run "prune-grand-s$seed" train --epochs 20 --seed $seed --keep "$WORK/keep-grand.csv"
    run "prune-random-s$seed" train --epochs 20 --seed $seed --keep "$WORK/keep-random-s$seed.csv"
  done
}

noise() {
  [ -f "$DIR/log/el2n-avg.txt" ] || { echo "noise needs the clean EL2N table of the prune part: run it first" >&2; exit 2; }
  run el2n-avg-noisy score --epochs 2 --score-epoch 2 --scores el2n --runs 5 --seed 1 --label-noise 0.1 \
    --noise-seed 1 --out "$WORK/el2n-avg-noisy"
  for offset in 0 0.1 0.2 0.3; do
    prune_to "$WORK/keep-window-$offset.csv" --scores "$WORK/el2n-avg/scores.csv" --score el2n --keep 0.5 \
      --policy window:$offset
    prune_to "$WORK/keep-window-noisy-$offset.csv" --scores "$WORK/el2n-avg-noisy/scores.csv" --score el2n \
      --keep 0.5 --policy window:$offset
  done
  for seed in 1 2 3 4 5; do
    for offset in 0.1 0.2 0.3; do   # offset 0 on clean labels is the prune part's hardest half
      run "window-clean-$offset-s$seed" train --epochs 20 --seed $seed --keep "$WORK/keep-window-$offset.csv"
    done
    for offset in 0 0.1 0.2 0.3; do
      run "window-noisy-$offset-s$seed" train --epochs 20 --seed $seed --label-noise 0.1 --noise-seed 1 \
        --keep "$WORK/keep-window-noisy-$offset.csv"
    done
  done
}

ntk() {
  for seed in 1 2 3 4 5; do
    run "ntk-s$seed" score --epochs 10 --score-epoch 2 --scores el2n --ntk-probe 200 --seed $seed \
      --out "$WORK/ntk-s$seed"
  done
}

lmc() {
  for seed in 1 2 3 4 5; do
    run "lmc-s$seed" lmc --spawn-epochs 0,1,2,4 --child-epochs 5 --subsets low-el2n,high-el2n \
      --subset-fraction 0.5 --points 11 --seed $seed --out "$WORK/lmc-s$seed"
  done
}

transfer() {
  for model in mlp lenet; do
    run "transfer-scores-$model" score --model $model --limit 10000 --epochs 2 --score-epoch 2 --scores el2n \
      --runs 3 --seed 1 --out "$WORK/transfer-$model"
    prune_to "$WORK/keep-transfer-$model.csv" --scores "$WORK/transfer-$model/scores.csv" --score el2n \
      --keep 0.5 --policy hardest
  done
  for seed in 1 2 3 4 5; do
    prune_to "$WORK/keep-transfer-random-s$seed.csv" --scores "$WORK/transfer-mlp/scores.csv" --score el2n \
      --keep 0.5 --policy random --seed $seed
    for source in mlp lenet random; do
      keep="$WORK/keep-transfer-$source.csv"
      [ "$source" = random ] && keep="$WORK/keep-transfer-random-s$seed.csv"
      run "transfer-mlp-by-$source-s$seed" train --model mlp --limit 10000 --epochs 20 --seed $seed --keep "$keep"
      run "transfer-lenet-by-$source-s$seed" train --model lenet --limit 10000 --epochs 10 --seed $seed \
        --keep "$keep"
    done
  done
}

case "$PART" in
  scores|prune|noise|ntk|lmc|transfer) "$PART" ;;
  all) scores; prune; noise; ntk; lmc; transfer ;;
  *) echo "unknown part '$PART': give scores, prune, noise, ntk, lmc, transfer or all" >&2; exit 2 ;;
esac

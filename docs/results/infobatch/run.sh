#!/bin/sh
# Fashion-MNIST (60 000 training images), MLP, 20 epochs, batch 128, seeds 1-3: full data, InfoBatch
# (r = 0.5, δ = 0.875) and a random drop of the same number of examples per epoch as that seed's
# InfoBatch run fitted; then InfoBatch at r = 0.7. Runs one after another (no two at once), each a fresh JVM.
# Usage: sh run.sh [JAR]   -> results.csv (one row per run) and log/*.txt (each run's output)
set -eu
JAR=${1:-dl4j-plugin/target/datadiet.jar}
DIR=$(dirname "$0")
mkdir -p "$DIR/log"
CSV="$DIR/results.csv"
[ -f "$CSV" ] || echo "arm,seed,test_accuracy,wall_seconds,examples_fitted,example_passes,fitted_per_epoch" > "$CSV"
row() { # arm seed logfile
  line=$(grep '^train: test accuracy' "$3")
  acc=$(echo "$line" | sed 's/.*test accuracy \([0-9.]*\),.*/\1/')
  wall=$(echo "$line" | sed 's/.*wall time \([0-9.]*\) s.*/\1/')
  per=$(echo "$line" | sed 's/.*per epoch \[\(.*\)\]/\1/' | tr -d ' ')
  fitted=$(echo "$per" | tr ',' '\n' | awk '{s+=$1} END {print s}')
  echo "$1,$2,$acc,$wall,$fitted,$((60000 * 20)),\"$per\"" >> "$CSV"
}
for seed in 1 2 3; do
  java -jar "$JAR" train --epochs 20 --seed $seed > "$DIR/log/full-$seed.txt" 2>/dev/null
  row full $seed "$DIR/log/full-$seed.txt"
  java -jar "$JAR" train --epochs 20 --seed $seed --dynamic infobatch > "$DIR/log/infobatch-$seed.txt" 2>/dev/null
  row infobatch $seed "$DIR/log/infobatch-$seed.txt"
  counts=$(grep '^train: test accuracy' "$DIR/log/infobatch-$seed.txt" | sed 's/.*per epoch \[\(.*\)\]/\1/' | tr -d ' ')
  java -jar "$JAR" train --epochs 20 --seed $seed --dynamic random --fitted-per-epoch "$counts" > "$DIR/log/random-$seed.txt" 2>/dev/null
  row random $seed "$DIR/log/random-$seed.txt"
done
for seed in 1 2 3; do
  java -jar "$JAR" train --epochs 20 --seed $seed --dynamic infobatch --prune-ratio 0.7 > "$DIR/log/infobatch-r07-$seed.txt" 2>/dev/null
  row infobatch_r0.7 $seed "$DIR/log/infobatch-r07-$seed.txt"
done

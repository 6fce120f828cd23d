#!/bin/sh
# Wall and CPU time (user + system, from /usr/bin/time) of full data against InfoBatch (r = 0.5) and
# InfoBatch at r = 0 (same example passes as full: the listener's own overhead), alternating the
# arms so that all three meet the same background load: the machine the figures came from was shared (load
# average about 10 on 2 cores), which makes single wall times noisy. Seed 1, 20 epochs, batch 128.
# Usage: sh timing.sh [JAR] [PAIRS]  -> timing.csv
set -eu
JAR=${1:-dl4j-plugin/target/datadiet.jar}
PAIRS=${2:-2}
DIR=$(dirname "$0")
CSV="$DIR/timing.csv"
[ -f "$CSV" ] || echo "arm,pair,elapsed_seconds,user_seconds,system_seconds,train_wall_seconds" > "$CSV"
i=1
while [ $i -le "$PAIRS" ]; do
  for arm in full infobatch infobatch_r0; do
    extra=""
    [ $arm = infobatch ] && extra="--dynamic infobatch"
    [ $arm = infobatch_r0 ] && extra="--dynamic infobatch --prune-ratio 0"
    /usr/bin/time -f "%e %U %S" -o "$DIR/log/time-$arm-$i.txt" java -jar "$JAR" train --epochs 20 --seed 1 $extra \
      > "$DIR/log/timing-$arm-$i.txt" 2>/dev/null
    wall=$(grep '^train: test accuracy' "$DIR/log/timing-$arm-$i.txt" | sed 's/.*wall time \([0-9.]*\) s.*/\1/')
    echo "$arm,$i,$(tr ' ' ',' < "$DIR/log/time-$arm-$i.txt"),$wall" >> "$CSV"
  done
  i=$((i + 1))
done

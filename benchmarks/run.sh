#!/usr/bin/env bash
# Issue 10's harness, one command:  benchmarks/run.sh [USERS]   (default 1000000)
#
# Builds the jars, generates a store of USERS users and an upload against it (12% changed,
# 5% new, 1% renamed, 2% rejected, the rest unchanged; quoted values, non-ASCII names), then:
#   1. JMH: every stage against its floor, measured in the same run (CSV and XML at 100,000
#      and USERS users; apply at 100,000 users on H2, and on PostgreSQL when
#      ROLLCALL_BENCH_POSTGRES_URL is set);
#   2. whole processes: `rollcall plan` of the upload against an H2 store of USERS users,
#      beside a JVM that only iterates the same file with bare univocity;
#   3. memory: creating the USERS users and applying the upload, both with -Xmx256m.
# Results go to benchmarks/results/. Needs about 25 minutes and 2 GB of disk for a million.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS="${1:-1000000}"
OUT=benchmarks/results
DATA="${ROLLCALL_BENCH_DIR:-${TMPDIR:-/tmp}}/rollcall-bench"
mkdir -p "$OUT" "$DATA"

mvn -B -q -DskipTests -pl benchmarks,cli -am package
BENCH=benchmarks/target/benchmarks.jar
ROLLCALL=cli/target/rollcall.jar
java -cp "$BENCH" dev.rollcall.bench.Generator "$USERS" "$DATA"

{
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
  java -version 2>&1 | head -1
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
} > "$OUT/machine.txt"

# 1. JMH; -gc true settles the heap (a store of USERS users lives in it) before each iteration
STORES=h2
[[ -n "${ROLLCALL_BENCH_POSTGRES_URL:-}" ]] && STORES=h2,postgres
java -jar "$BENCH" -gc true -jvmArgsAppend "-Xmx6g -Drollcall.bench.dir=${DATA%/rollcall-bench}" \
  -p users=100000,"$USERS" -rf text -rff "$OUT/jmh-read-plan.txt" CsvBenchmark XmlBenchmark | tee "$OUT/jmh-read-plan.log"
java -jar "$BENCH" -gc true -jvmArgsAppend "-Xmx2g -Drollcall.bench.dir=${DATA%/rollcall-bench}" \
  -p users=100000 -p store="$STORES" -rf text -rff "$OUT/jmh-apply.txt" ApplyBenchmark | tee "$OUT/jmh-apply.log"

# 2. whole processes, 5 runs each, alternating; wall seconds and peak resident memory
STORE="jdbc:h2:file:$DATA/h2-cli-$USERS/db"
if [[ ! -f "$DATA/h2-cli-$USERS/db.mv.db" ]]; then
  java -Xmx2g -jar "$ROLLCALL" --store "$STORE" apply "$DATA/store-$USERS.csv" \
    --mode add-new --new-user-status active --feed hr > /dev/null
fi
: > "$OUT/whole-process.txt"
for run in 1 2 3 4 5; do
  /usr/bin/time -f "floor   %e s %M KB" -a -o "$OUT/whole-process.txt" \
    java -cp "$BENCH" dev.rollcall.bench.Floor "$DATA/upload-$USERS.csv" > /dev/null
  /usr/bin/time -f "rollcall-plan %e s %M KB" -a -o "$OUT/whole-process.txt" \
    java -jar "$ROLLCALL" --store "$STORE" plan "$DATA/upload-$USERS.csv" --mode add-update --match externalId \
    --allow-renames --feed hr > /dev/null || true
done

# 3. memory: both runs must complete with -Xmx256m
rm -rf "$DATA/h2-mem-$USERS"
MEM="jdbc:h2:file:$DATA/h2-mem-$USERS/db"
/usr/bin/time -f "create %e s %M KB exit %x" -o "$OUT/memory.txt" \
  java -Xmx256m -jar "$ROLLCALL" --store "$MEM" apply "$DATA/store-$USERS.csv" --mode add-new \
  --new-user-status active --feed hr > /dev/null
/usr/bin/time -f "upload %e s %M KB exit %x (1 = rows rejected, as generated)" -a -o "$OUT/memory.txt" \
  java -Xmx256m -jar "$ROLLCALL" --store "$MEM" apply "$DATA/upload-$USERS.csv" --mode add-update \
  --match externalId --allow-renames --feed hr > /dev/null || true

echo "results in $OUT:"; ls "$OUT"

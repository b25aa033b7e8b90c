#!/usr/bin/env bash
# Issue 10's harness, one command:  benchmarks/run.sh [USERS]   (default 1000000)
#
# Builds the jars, generates a store of USERS users and an upload against it (12% changed,
# 5% new, 1% renamed, 2% rejected, the rest unchanged; quoted values, non-ASCII names), then:
#   1. JMH: every stage against its floor, measured in the same run (CSV and XML at 100,000
#      and USERS users in memory; the CSV plan against an embedded H2 store of USERS users;
#      apply at 100,000 users on H2, and on PostgreSQL when ROLLCALL_BENCH_POSTGRES_URL is set);
#   2. whole processes: `rollcall plan` of the upload (and of its first 10 rows) against the
#      default embedded H2 store of USERS users, beside a JVM that only iterates the same file
#      with bare univocity; apply of 100,000 new users into H2 (and PostgreSQL) beside the
#      database's bulk load of the same file (CSVREAD, psql \copy) into a table with the same
#      columns and indexes;
#   3. memory: creating the USERS users and applying the upload, both with -Xmx256m, and the
#      share of their time spent in GC pauses.
# Results go to benchmarks/results/. Needs about 25 minutes and 2.5 GB of disk for a million.
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
#    (-jvmArgsAppend replaces the benchmarks' own, so the log level is repeated here)
QUIET=-Dorg.slf4j.simpleLogger.defaultLogLevel=warn
java -jar "$BENCH" -gc true -jvmArgsAppend "-Xmx6g $QUIET -Drollcall.bench.dir=${DATA%/rollcall-bench}" \
  -p users=100000,"$USERS" -rf text -rff "$OUT/jmh-read-plan.txt" CsvBenchmark XmlBenchmark | tee "$OUT/jmh-read-plan.log"
#    the plan against a copy of an embedded H2 store of USERS users, made once per size
java -jar "$BENCH" -gc true -jvmArgsAppend "-Xmx2g $QUIET -Drollcall.bench.dir=${DATA%/rollcall-bench}" \
  -p users="$USERS" -rf text -rff "$OUT/jmh-jdbc-plan.txt" JdbcPlanBenchmark | tee "$OUT/jmh-jdbc-plan.log"
java -jar "$BENCH" -gc true -jvmArgsAppend "-Xmx2g $QUIET -Drollcall.bench.dir=${DATA%/rollcall-bench}" \
  -p users=100000 -p store="$STORES" -rf text -rff "$OUT/jmh-apply.txt" ApplyBenchmark | tee "$OUT/jmh-apply.log"

# 2. whole processes, 5 runs each, alternating; wall seconds and peak resident memory.
#    rollcall runs as a user runs it: in a folder with the default embedded store (./rollcall-data)
ABS_ROLLCALL="$PWD/$ROLLCALL"
CLI_DIR="$DATA/h2-cli-$USERS"
if [[ ! -f "$CLI_DIR/rollcall-data/rollcall.mv.db" ]]; then
  mkdir -p "$CLI_DIR"
  (cd "$CLI_DIR" && java -Xmx2g -jar "$ABS_ROLLCALL" apply "$DATA/store-$USERS.csv" \
    --mode add-new --new-user-status active --feed hr > /dev/null)
fi
head -11 "$DATA/upload-$USERS.csv" > "$DATA/upload-10.csv"
: > "$OUT/whole-process.txt"
for run in 1 2 3 4 5; do
  /usr/bin/time -f "floor   %e s %M KB" -a -o "$OUT/whole-process.txt" \
    java -cp "$BENCH" dev.rollcall.bench.Floor "$DATA/upload-$USERS.csv" > /dev/null
  (cd "$CLI_DIR" && /usr/bin/time -f "rollcall-plan %e s %M KB" -a -o "$OLDPWD/$OUT/whole-process.txt" \
    java -jar "$ABS_ROLLCALL" plan "$DATA/upload-$USERS.csv" --mode add-update --match externalId \
    --allow-renames --feed hr > /dev/null) || true
  /usr/bin/time -f "floor-10-rows %e s %M KB" -a -o "$OUT/whole-process.txt" \
    java -cp "$BENCH" dev.rollcall.bench.Floor "$DATA/upload-10.csv" > /dev/null
  (cd "$CLI_DIR" && /usr/bin/time -f "rollcall-plan-10-rows %e s %M KB" -a -o "$OLDPWD/$OUT/whole-process.txt" \
    java -jar "$ABS_ROLLCALL" plan "$DATA/upload-10.csv" --mode add-update --match externalId \
    --allow-renames --feed hr > /dev/null) || true
done

# 2b. apply of 100,000 new users as whole processes, beside the database's own bulk load of
#     the same file into a table with the same columns and indexes; 3 runs each
head -100001 "$DATA/store-$USERS.csv" > "$DATA/new-100000.csv"
: > "$OUT/apply-vs-bulk-load.txt"
for run in 1 2 3; do
  rm -rf "$DATA/h2-apply"
  /usr/bin/time -f "h2-rollcall-apply %e s %M KB" -a -o "$OUT/apply-vs-bulk-load.txt" \
    java -jar "$ROLLCALL" --store "jdbc:h2:file:$DATA/h2-apply/db" apply "$DATA/new-100000.csv" --mode add-new \
    --new-user-status active --feed hr > /dev/null
  rm -rf "$DATA/h2-ctas"
  java -cp "$BENCH" org.h2.tools.Shell -url "jdbc:h2:file:$DATA/h2-ctas/db" -sql "$(
    java -cp "$BENCH" dev.rollcall.bench.Ddl h2-floor)" > /dev/null
  /usr/bin/time -f "h2-csvread-ctas %e s %M KB" -a -o "$OUT/apply-vs-bulk-load.txt" \
    java -cp "$BENCH" org.h2.tools.Shell -url "jdbc:h2:file:$DATA/h2-ctas/db" \
    -sql "INSERT INTO floor_users (external_id, username, email, first_name, last_name, employee_id, department, job_title, country, status) SELECT * FROM CSVREAD('$DATA/new-100000.csv', NULL, 'charset=UTF-8')" > /dev/null
  if [[ -n "${ROLLCALL_BENCH_POSTGRES_URL:-}" ]] && command -v psql > /dev/null; then
    PSQL=(psql -q "$(java -cp "$BENCH" dev.rollcall.bench.Ddl libpq-url "$ROLLCALL_BENCH_POSTGRES_URL")")
    "${PSQL[@]}" -c "DROP TABLE IF EXISTS rollcall_delegates, rollcall_unique_values, rollcall_user_fields, rollcall_memberships, rollcall_users, rollcall_targets, rollcall_field_definitions, rollcall_meta, floor_users CASCADE" 2> /dev/null
    /usr/bin/time -f "pg-rollcall-apply %e s %M KB" -a -o "$OUT/apply-vs-bulk-load.txt" \
      java -jar "$ROLLCALL" --store "$ROLLCALL_BENCH_POSTGRES_URL" apply "$DATA/new-100000.csv" --mode add-new \
      --new-user-status active --feed hr > /dev/null
    "${PSQL[@]}" -c "$(java -cp "$BENCH" dev.rollcall.bench.Ddl pg-floor)"
    /usr/bin/time -f "pg-psql-copy %e s %M KB" -a -o "$OUT/apply-vs-bulk-load.txt" "${PSQL[@]}" \
      -c "\\copy floor_users(external_id, username, email, first_name, last_name, employee_id, department, job_title, country, status) FROM '$DATA/new-100000.csv' CSV HEADER"
  fi
done

# 3. memory: both runs must complete with -Xmx256m; the GC log gives the time spent in pauses
rm -rf "$DATA/h2-mem-$USERS"
MEM="jdbc:h2:file:$DATA/h2-mem-$USERS/db"
/usr/bin/time -f "create %e s %M KB exit %x" -o "$OUT/memory.txt" \
  java -Xmx256m -Xlog:gc:file="$OUT/gc-create.log" -jar "$ROLLCALL" --store "$MEM" apply "$DATA/store-$USERS.csv" \
  --mode add-new --new-user-status active --feed hr > /dev/null
/usr/bin/time -f "upload %e s %M KB exit %x (1 = rows rejected, as generated)" -a -o "$OUT/memory.txt" \
  java -Xmx256m -Xlog:gc:file="$OUT/gc-upload.log" -jar "$ROLLCALL" --store "$MEM" apply "$DATA/upload-$USERS.csv" \
  --mode add-update --match externalId --allow-renames --feed hr > /dev/null || true
for run in create upload; do
  # G1's pauses ("... Pause Young (Normal) ... 12.345ms") against the run's wall time above
  awk -v run="$run" 'FNR == NR { if ($1 == run) wall = $2; next } /Pause/ { ms += $NF + 0 }
    END { printf "%s gc pauses %.2f s of %.1f s (%.1f%%)\n", run, ms / 1000, wall, 100 * ms / 1000 / wall }' \
    "$OUT/memory.txt" "$OUT/gc-$run.log" >> "$OUT/memory.txt"
done

echo "results in $OUT:"; ls "$OUT"

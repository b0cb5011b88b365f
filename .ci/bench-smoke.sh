#!/usr/bin/env bash
# A short run of every benchmark suite, so that none of them rots; then a check that each wrote well-formed
# results. Speed is not judged here (docs/benchmarks.md has the measured numbers). Prints one line per suite
# and, last, "N passed, N failed" for .ci/run to add to its total.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
passed=0
failed=0
if ! dotnet build -c Release tests/PrintFarm.Benchmarks -v q -nologo >"$out/build.log" 2>&1; then
  cat "$out/build.log"
  echo "0 passed, 1 failed"
  exit 1
fi
for suite in ${BENCH_SUITES:-analyze stream motion memory scheduler api fleet demo farm soak dashboard webhooks onboarding}; do
  if timeout 600 dotnet run -c Release --no-build --project tests/PrintFarm.Benchmarks -- "$suite" --smoke --out "$out/$suite" >"$out/$suite.log" 2>&1 \
     && dotnet run -c Release --no-build --project tests/PrintFarm.Benchmarks -- check "$out/$suite" >>"$out/$suite.log" 2>&1; then
    echo "bench smoke $suite: ok"
    passed=$((passed + 1))
  else
    echo "bench smoke $suite: FAILED"
    tail -30 "$out/$suite.log"
    failed=$((failed + 1))
  fi
done
echo "${passed} passed, ${failed} failed"
[ "$failed" = 0 ]

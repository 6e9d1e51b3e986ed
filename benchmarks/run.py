"""Run every benchmarks/*_bench.py, each in its own process and database."""
import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
failed = 0
for script in sorted(here.glob("*_bench.py")):
    print(f"\n== {script.name}")
    failed += subprocess.call([sys.executable, str(script)], cwd=here) != 0
sys.exit(1 if failed else 0)

"""`python -m matcher.eval [embedder-spec]` prints the evaluation as one JSON object."""

from __future__ import annotations

import json
import sys

from matcher.eval import run_eval

if __name__ == "__main__":
    spec = sys.argv[1] if len(sys.argv) > 1 else "use"
    print(json.dumps(run_eval(spec), ensure_ascii=False))

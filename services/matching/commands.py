"""`fairmatch occupations …`: train the occupation model, classify titles (`reclassify`, which
opens the runtime, is in services/cli.py)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console

occupations_app = typer.Typer(help="职业分类 / occupation classification (CSCO 2022)")
console = Console(stderr=True)


@occupations_app.command("train")
def train_occupations(
    output: Annotated[
        str | None, typer.Option(help="model file (default: the one shipped in matcher/data)")
    ] = None,
) -> None:
    """Fit the occupation model on the shipped data, deterministically / 训练职业分类模型."""
    import time
    from pathlib import Path

    from matcher.occupation_model import shipped_model_path
    from matcher.occupation_training import train_model

    started = time.perf_counter()
    path = Path(output) if output else shipped_model_path()
    model = train_model()
    model.save(path)
    record = {
        "path": str(path),
        "bytes": path.stat().st_size,
        "entries": len(model.index.codes),
        "seconds": round(time.perf_counter() - started, 1),
    }
    typer.echo(json.dumps(record, ensure_ascii=False))
    console.print(
        "已存岗位与简历的职业分布仍来自旧模型，请运行 `fairmatch occupations reclassify` / "
        "stored posting and résumé distributions still come from the old model: run "
        "`fairmatch occupations reclassify`"
    )


@occupations_app.command("classify")
def classify(
    k: Annotated[int, typer.Option(help="candidates per title")] = 5,
) -> None:
    """Read one job title per line on stdin, write one JSON line per title / 职业归一化."""
    from matcher.occupation_model import OccupationModel

    classifier = OccupationModel.load()
    for line in sys.stdin:
        title = line.strip()
        if not title:
            continue
        found = classifier.classify(title, k=k)
        record = {
            "title": title,
            "candidates": [
                {"code": c.code, "name": c.name, "score": round(c.score, 4)} for c in found
            ],
        }
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()

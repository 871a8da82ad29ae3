"""The `fairmatch` command line."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from services.auth.secrets import Role, hash_token, new_token
from services.config import get_settings
from services.matching.commands import occupations_app
from services.migrate import upgrade
from services.tasks import catalog  # noqa: F401  (an entry point: registers every task)

app = typer.Typer(
    help="FairMatch 技能人才招聘会 / skilled-talent job fair platform", no_args_is_help=True
)
app.add_typer(occupations_app, name="occupations")
console = Console(stderr=True)


@app.callback()
def check_settings() -> None:
    """Refuse bad FAIRMATCH_* settings with their message instead of a traceback."""
    try:
        get_settings()
    except ValidationError as invalid:
        for error in invalid.errors():
            console.print(f"[red]{error['msg'].removeprefix('Value error, ')}[/]")
        raise typer.Exit(code=2) from None


@app.command()
def migrate(
    indices: Annotated[
        bool, typer.Option(help="also create missing search indices (never deletes)")
    ] = False,
) -> None:
    """Create or upgrade the database schema / 创建或升级数据库结构."""
    settings = get_settings()
    upgrade(settings.sync_database_url)
    console.print(f"[green]数据库已是最新 / database is up to date[/] ({settings.database_url})")
    if indices:
        from services.runtime import create_search_backend

        async def ensure() -> None:
            from matcher.embedding import load_embedder

            backend = create_search_backend(settings, dim=load_embedder(settings.embedder).dim)
            try:
                await backend.ensure_indices()
            finally:
                await backend.close()

        asyncio.run(ensure())
        console.print("[green]搜索索引已就绪 / search indices are ready[/]")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="listen address")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="listen port")] = 8000,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes")] = 1,
) -> None:
    """Migrate, then serve the API and pages / 迁移数据库后启动服务 (never loads the demo)."""
    import uvicorn

    from services.config import SearchKind
    from services.web.observability import configure_logging

    if workers > 1 and get_settings().search_backend == SearchKind.embedded:
        console.print(
            "[red]内置搜索引擎只能在一个进程中运行：请用 --workers 1，或改用 Elasticsearch"
            "（FAIRMATCH_SEARCH_BACKEND=elasticsearch）。[/]\n"
            "[red]The embedded search engine runs in one process: use --workers 1, or "
            "Elasticsearch (FAIRMATCH_SEARCH_BACKEND=elasticsearch) for several.[/]"
        )
        raise typer.Exit(code=2)
    migrate(indices=False)
    _announce_public_url(host=host, port=port)
    configure_logging()
    uvicorn.run(
        "services.main:app",
        log_config=None,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        proxy_headers=get_settings().trust_forwarded_for,
    )


def _announce_public_url(*, host: str, port: int) -> None:
    """Fill in FAIRMATCH_PUBLIC_URL from the address served (worker processes inherit it) and
    print the pages to open; a loud warning when phones could not follow the QR codes."""
    import os

    from services.fairs.public_base import is_loopback, lan_address, serve_banner, served_base

    lan = lan_address()
    base = get_settings().public_url or served_base(host=host, port=port, lan=lan)
    os.environ["FAIRMATCH_PUBLIC_URL"] = base
    get_settings.cache_clear()
    colour = "bold red" if is_loopback(base) else "green"
    for line in serve_banner(base=base, lan=lan, port=port):
        console.print(line, style=colour if "FAIRMATCH_PUBLIC_URL" in line else None, markup=False)


@app.command()
def demo(
    size: Annotated[int, typer.Option(help="number of résumés / 简历数量")] = 2000,
    if_empty: Annotated[bool, typer.Option(help="only when the database has no fair")] = False,
    seed: Annotated[int, typer.Option(help="random seed")] = 20250301,
    history: Annotated[
        bool, typer.Option(help="also five earlier fairs (2023-2024) / 另载入往届招聘会")
    ] = True,
) -> None:
    """Load the deterministic demo fair / 载入演示招聘会 (80 firms, 2,300 openings; with
    --history five earlier fairs of the same firms, industrial chains, firm grades, schools)."""
    from services.demo.loader import load_demo

    migrate()
    summary = asyncio.run(
        load_demo(get_settings(), resumes=size, seed=seed, if_empty=if_empty, history=history)
    )
    console.print_json(json.dumps(summary, ensure_ascii=False))


@app.command("create-organizer")
def create_organizer(
    name: Annotated[str, typer.Option(help="organizer name / 主办方名称")] = "organizer",
) -> None:
    """Create an organizer account and print its token once / 创建主办方账号并输出令牌."""
    from services.db import create_engine, session_factory
    from services.models import Organizer

    migrate()

    async def create() -> str:
        engine = create_engine(get_settings().async_database_url)
        token = new_token(Role.organizer)
        async with session_factory(engine)() as session:
            session.add(Organizer(name=name, token_hash=hash_token(token)))
            await session.commit()
        await engine.dispose()
        return token

    typer.echo(asyncio.run(create()))


@app.command()
def bench(
    resumes: Annotated[int, typer.Option(help="résumés to generate / 简历数量")] = 50_000,
    queries: Annotated[int, typer.Option(help="postings to rank candidates for")] = 200,
    search: Annotated[bool, typer.Option(help="also run the search-engine bench")] = False,
    workdir: Annotated[str | None, typer.Option(help="keep data here (default: temp dir)")] = None,
    reuse: Annotated[
        bool,
        typer.Option(
            help="复用 --workdir 已有的数据，不导入 / time the fair in --workdir, no ingest"
        ),
    ] = False,
) -> None:
    """Measure ingest, embedding and ranking speed; prints JSON / 性能基准（JSON 输出）."""
    import tempfile
    from pathlib import Path

    from bench.ingest_rank import run_bench

    with tempfile.TemporaryDirectory(prefix="fairmatch-bench-") as tmp:
        folder = Path(workdir or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        result = asyncio.run(
            run_bench(
                workdir=folder,
                resumes=resumes,
                queries=queries,
                embedder=get_settings().embedder,
                reuse=reuse,
            )
        )
    if search:
        from bench.search_engine import run_search_bench

        result["search"] = run_search_bench(resumes)
    typer.echo(json.dumps(result, ensure_ascii=False))


@app.command("reindex")
def reindex_command(
    full: Annotated[bool, typer.Option(help="re-embed every row, not only missing ones")] = True,
) -> None:
    """Rebuild the search indices from the database and report drift / 重建索引并报告偏差."""
    from rich.progress import Progress

    from services.matching.reindex import reindex
    from services.runtime import open_runtime

    async def run() -> dict[str, object]:
        async with open_runtime(get_settings(), start_queue=False) as runtime:
            with Progress(console=console) as progress:
                return await reindex(runtime, full=full, progress=progress)

    migrate()
    typer.echo(json.dumps(asyncio.run(run()), ensure_ascii=False, indent=2))


@app.command()
def purge(
    dry_run: Annotated[bool, typer.Option(help="list what would go, delete nothing")] = False,
) -> None:
    """Purge résumés past retention (180 days after the last fair) / 清除超过保存期限的简历."""
    from services.resumes.erasure import erase_deleted
    from services.resumes.retention import purge_expired
    from services.runtime import open_runtime

    async def run() -> dict[str, object]:
        async with open_runtime(get_settings(), start_queue=False) as runtime:
            expired = await purge_expired(runtime=runtime, dry_run=dry_run)
            erased = await erase_deleted(runtime) if expired and not dry_run else {}
            return {
                "dry_run": dry_run,
                "retention_days": runtime.settings.retention_days,
                "count": len(expired),
                "resumes": [expiry.as_json() for expiry in expired],
                "erase": erased,
            }

    migrate()
    typer.echo(json.dumps(asyncio.run(run()), ensure_ascii=False, indent=2))


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(help="worker processes")] = 2,
    queues: Annotated[
        str, typer.Option(help="comma-separated queues")
    ] = "default,indexing,cpu,exports",
) -> None:
    """Start a Celery worker (needs FAIRMATCH_REDIS_URL) / 启动后台任务进程."""
    settings = get_settings()
    if not settings.redis_url:
        console.print("[red]需要设置 FAIRMATCH_REDIS_URL / FAIRMATCH_REDIS_URL is required[/]")
        raise typer.Exit(code=2)
    from services.tasks.worker import celery_app
    from services.web.observability import configure_logging

    configure_logging()
    celery_app.worker_main(
        ["worker", f"--concurrency={concurrency}", f"--queues={queues}", "--loglevel=INFO"]
    )


@app.command("eval")
def eval_command(
    embedder: Annotated[str, typer.Option(help="encoder spec: use | minilm | e5")] = "use",
) -> None:
    """Matcher evaluation on real job-board titles, then the project's own sets (JSON) / 评测."""
    from matcher.eval import run_eval

    typer.echo(json.dumps(run_eval(embedder), ensure_ascii=False))


@occupations_app.command("reclassify")
def reclassify_command(
    batch: Annotated[int, typer.Option(min=1, max=5000, help="rows per transaction")] = 256,
) -> None:
    """Recompute the stored occupation codes and distributions of every posting and résumé
    with the current model (run after `train`) / 用当前模型重算岗位与简历的职业分布."""
    from dataclasses import asdict

    from search.types import IndexName
    from services.matching.reclassify import reclassify
    from services.runtime import open_runtime

    names = {IndexName.postings: "岗位 / postings", IndexName.resumes: "简历 / résumés"}

    def progress(index: IndexName, done: int, total: int) -> None:
        console.print(f"{names[index]}: {done}/{total}")

    async def run() -> dict[str, object]:
        # The queue runs here (or on the Celery workers): re-indexing finishes before the exit.
        async with open_runtime(get_settings()) as runtime:
            done = await reclassify(runtime, batch=batch, progress=progress)
        return {name: asdict(counts) for name, counts in done.items()}

    migrate()
    typer.echo(json.dumps(asyncio.run(run()), ensure_ascii=False, indent=2))


stats_app = typer.Typer(help="招聘会实时计数 / live fair counters")
app.add_typer(stats_app, name="stats")


@stats_app.command("rebuild")
def stats_rebuild(
    fair: Annotated[int | None, typer.Option(help="fair id (default: every fair)")] = None,
) -> None:
    """Recompute the live counters from the database / 从数据库重建实时计数."""
    from sqlalchemy import select

    from services.db import create_engine, session_factory
    from services.models import Fair
    from services.runtime import open_live_events
    from services.stats.rebuild import rebuild

    settings = get_settings()
    if not settings.redis_url:
        console.print(
            "未设置 FAIRMATCH_REDIS_URL：计数在服务进程内，首次读取时自动重建 / "
            "no FAIRMATCH_REDIS_URL: counters live in the server process and rebuild on first read"
        )

    async def run() -> dict[str, dict[str, int]]:
        engine = create_engine(settings.async_database_url)
        live = await open_live_events(settings.redis_url)
        try:
            async with session_factory(engine)() as session:
                ids = [fair] if fair else list(await session.scalars(select(Fair.id)))
                return {
                    str(fair_id): (
                        await rebuild(live=live, session=session, fair_id=fair_id)
                    ).totals
                    for fair_id in ids
                }
        finally:
            await live.close()
            await engine.dispose()

    typer.echo(json.dumps(asyncio.run(run()), ensure_ascii=False, indent=2))


@app.command()
def report(
    fair: Annotated[int, typer.Option(help="fair id / 招聘会编号")],
    out: Annotated[str, typer.Option(help="report.xlsx or report.pdf")] = "report.xlsx",
    lang: Annotated[str, typer.Option(help="zh-CN or en")] = "zh-CN",
) -> None:
    """Write the fair report as XLSX or PDF (by extension) / 导出招聘会报告."""
    from pathlib import Path

    from services.db import create_engine, session_factory
    from services.stats.report import build_report
    from services.stats.report_pdf import report_pdf
    from services.stats.report_xlsx import report_xlsx

    path = Path(out)
    render = {".xlsx": report_xlsx, ".pdf": report_pdf}.get(path.suffix.lower())
    if render is None:
        console.print("[red]输出文件须为 .xlsx 或 .pdf / --out must end in .xlsx or .pdf[/]")
        raise typer.Exit(code=2)

    async def run() -> bytes:
        engine = create_engine(get_settings().async_database_url)
        try:
            async with session_factory(engine)() as session:
                built = await build_report(session=session, fair_id=fair, lang=lang)
        finally:
            await engine.dispose()
        return render(built)

    path.write_bytes(asyncio.run(run()))
    console.print(f"[green]已写入 / written[/] {path}")


@app.command()
def catalogue(
    start: Annotated[str, typer.Option("--from", help="first day, YYYY-MM-DD / 开始日期")],
    end: Annotated[str, typer.Option("--to", help="last day, YYYY-MM-DD / 结束日期")],
    fmt: Annotated[str, typer.Option("--format", help="xlsx or pdf")] = "xlsx",
    output: Annotated[str | None, typer.Option(help="file to write (default: by period)")] = None,
    lang: Annotated[str, typer.Option(help="zh-CN or en")] = "zh-CN",
    fair: Annotated[
        list[int] | None,
        typer.Option(help="only this fair's postings and seekers (repeatable) / 仅统计该招聘会"),
    ] = None,
) -> None:
    """Write the shortage catalogue of a period / 导出紧缺职业（工种）目录 (XLSX or PDF)."""
    from services.errors import AppError
    from services.insights.catalogue import write_catalogue

    try:
        path, rows = asyncio.run(
            write_catalogue(
                database_url=get_settings().async_database_url,
                start=start,
                end=end,
                fmt=fmt,
                output=output,
                lang=lang,
                fair_ids=tuple(fair or ()),
            )
        )
    except AppError as refused:
        console.print(f"[red]{refused.message}[/]", markup=False)
        raise typer.Exit(code=2) from None
    console.print(f"[green]已写入 / written[/] {path} ({rows})")


@app.command()
def simulate(
    fair: Annotated[int, typer.Option(help="fair id / 招聘会编号")],
    rate: Annotated[str, typer.Option(help="events per second, e.g. 20/s")] = "20/s",
    duration: Annotated[float, typer.Option(help="seconds, at most 3600")] = 60.0,
    base_url: Annotated[str, typer.Option(help="a running server")] = "http://127.0.0.1:8000",
    max_events: Annotated[int, typer.Option(help="stop after this many events")] = 10_000,
    measure: Annotated[
        str | None, typer.Option(help="organizer token: measure event-to-stream latency instead")
    ] = None,
) -> None:
    """Play seekers scanning, sending résumés and applying over HTTP / 模拟求职者流量."""
    from bench.simulate import simulate_command

    result = asyncio.run(
        simulate_command(
            base_url=base_url,
            fair_id=fair,
            rate=rate,
            duration=duration,
            max_events=max_events,
            measure=measure,
        )
    )
    typer.echo(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    app()

"""`fairmatch reindex`: the database is the source of truth; drift is reported and healed."""

from __future__ import annotations

import numpy as np

from search.types import IndexDoc, IndexName
from services.matching.reindex import measure_drift, reindex
from tests.services.conftest import Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume


async def test_reindex_reports_and_heals_drift(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    await make_posting(api, firm["token"], fair_id)
    kept = await make_resume(api)
    lost = await make_resume(api)
    await api.settle()
    search = api.runtime.search
    await search.delete(IndexName.resumes, [lost["id"]])
    orphan = np.ones(api.runtime.embedder.dim, dtype=np.float32)
    orphan /= np.linalg.norm(orphan)
    await search.upsert(IndexName.resumes, [IndexDoc(id=999_999, title="幽灵", vector=orphan)])

    before = await measure_drift(api.runtime, IndexName.resumes)
    assert before.missing_from_index == [lost["id"]]
    assert before.orphaned_in_index == [999_999]

    report = await reindex(api.runtime, full=False)
    resumes = report["resumes"]
    assert isinstance(resumes, dict)
    assert resumes["before"]["missing_from_index"] == 1
    assert resumes["before"]["orphaned_in_index"] == 1
    assert resumes["after"] == {
        "index": "resumes",
        "database_rows": 2,
        "indexed_docs": 2,
        "missing_from_index": 0,
        "orphaned_in_index": 0,
    }
    assert await search.all_ids(IndexName.resumes) == {kept["id"], lost["id"]}
    postings = report["postings"]
    assert isinstance(postings, dict)
    assert postings["after"]["missing_from_index"] == 0

"""Anonymous job lists are answered from memory for a second, never stale after our own writes."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import update

from services.models import Posting
from services.postings.listing_cache import Key, PublicCache
from tests.services.conftest import Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume


async def test_an_edited_or_closed_posting_shows_at_once(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id)
    listing = {"fair_id": fair_id}
    assert (await api.request("GET", "/api/postings", params=listing)).json()["total"] == 1
    detail = f"/api/postings/{posting['id']}"
    assert (await api.request("GET", detail)).json()["title"] == posting["title"]

    renamed = await api.request(
        "PATCH", detail, token=firm["token"], json={"title": "数控车床操作工（夜班）"}
    )
    assert renamed.status_code == 200
    assert (await api.request("GET", detail)).json()["title"] == "数控车床操作工（夜班）"
    closed = await api.request("PATCH", detail, token=firm["token"], json={"status": "closed"})
    assert closed.status_code == 200
    assert (await api.request("GET", "/api/postings", params=listing)).json()["total"] == 0


async def test_repeated_reads_are_served_from_memory_and_applications_keep_them(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id)
    seeker = await make_resume(api, fair_id=fair_id)
    await api.settle()  # indexing the new posting drops remembered answers
    cache = api.runtime.listings
    params = {"fair_id": fair_id, "page": 1}
    first = await api.request("GET", "/api/postings", params=params)
    hits = cache.hits
    again = await api.request("GET", "/api/postings", params=params)
    assert cache.hits == hits + 1
    assert again.content == first.content
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
    assert again.headers["x-request-id"] != first.headers["x-request-id"]

    applied = await api.request(
        "POST", "/api/applications", token=seeker["token"], json={"posting_id": posting["id"]}
    )
    assert applied.status_code == 201
    await api.request("GET", "/api/postings", params=params)
    assert cache.hits == hits + 2  # an application does not change what the list shows

    with_token = await api.request("GET", "/api/postings", params=params, token=seeker["token"])
    assert with_token.status_code == 200
    assert cache.hits == hits + 2  # a signed-in caller is always answered afresh


async def test_a_change_from_another_process_shows_within_two_ttls(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id)
    api.runtime.listings.ttl = 0.3
    detail = f"/api/postings/{posting['id']}"
    assert (await api.request("GET", detail)).json()["headcount"] == posting["headcount"]
    async with api.runtime.sessions() as session:  # another worker process, as far as we know
        await session.execute(
            update(Posting).where(Posting.id == posting["id"]).values(headcount=9)
        )
        await session.commit()
    assert (await api.request("GET", detail)).json()["headcount"] == posting["headcount"]
    await asyncio.sleep(0.65)  # nobody asked for two TTLs: the answer is gone
    assert (await api.request("GET", detail)).json()["headcount"] == 9


async def test_a_stale_answer_is_served_at_once_and_refreshed_in_the_background(
    api: Api,
) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id)
    await api.settle()
    cache = api.runtime.listings
    cache.ttl = 0.3
    detail = f"/api/postings/{posting['id']}"
    assert (await api.request("GET", detail)).json()["headcount"] == posting["headcount"]
    async with api.runtime.sessions() as session:
        await session.execute(
            update(Posting).where(Posting.id == posting["id"]).values(headcount=9)
        )
        await session.commit()
    await asyncio.sleep(0.35)  # past its TTL, within the second one
    misses, refreshes = cache.misses, cache.refreshes
    stale = await asyncio.gather(*(api.request("GET", detail) for _ in range(5)))
    assert [a.json()["headcount"] for a in stale] == [posting["headcount"]] * 5
    assert len(cache.refreshing) == 1  # one background request for the five
    await asyncio.gather(*cache.refreshing.values())
    assert cache.refreshes == refreshes + 1
    fresh = await api.request("GET", detail)
    assert fresh.json()["headcount"] == 9
    assert fresh.headers["content-security-policy"] == stale[0].headers["content-security-policy"]
    assert cache.misses == misses  # every answer came from memory


async def test_answers_gone_stale_together_are_refreshed_one_at_a_time(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    await make_posting(api, firm["token"], fair_id)
    await api.settle()
    cache = api.runtime.listings
    cache.ttl = 0.3
    lists = [{"fair_id": fair_id, "page_size": size} for size in (5, 10, 20, 40)]
    for params in lists:
        assert (await api.request("GET", "/api/postings", params=params)).status_code == 200
    await asyncio.sleep(0.35)
    computing = most = 0
    fill = PublicCache._fill

    async def counted(self: PublicCache, key: Key, *args: object) -> None:
        nonlocal computing, most
        computing += 1
        most = max(most, computing)
        try:
            await fill(self, key, *args)  # type: ignore[arg-type]
        finally:
            computing -= 1

    monkeypatch.setattr(PublicCache, "_fill", counted)
    refreshes = cache.refreshes
    stale = [await api.request("GET", "/api/postings", params=params) for params in lists]
    assert {a.status_code for a in stale} == {200}
    assert len(cache.refreshing) == 4
    await asyncio.gather(*cache.refreshing.values())
    assert cache.refreshes == refreshes + 4
    assert most == 1  # the four did not pile onto the process at once


async def test_a_burst_of_the_same_read_is_computed_once(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    await make_posting(api, firm["token"], fair_id)
    await api.settle()
    cache = api.runtime.listings
    misses = cache.misses
    params = {"fair_id": fair_id, "q": "数控"}
    answers = await asyncio.gather(
        *(api.request("GET", "/api/postings", params=params) for _ in range(8))
    )
    assert {a.status_code for a in answers} == {200}
    assert len({a.content for a in answers}) == 1
    assert cache.misses == misses + 1

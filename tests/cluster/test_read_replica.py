"""The portal on a real PostgreSQL primary and streaming replica (tests/cluster/conftest.py):
public reads from the replica, writes to the primary, an editor reading their own save at
once, ETags that follow the replica's data, reads that go on from the primary while the
replica is stopped, and nothing lost. The tests run in order, on one worker."""

import json
import time
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest

from core.routers import REPLICA_RETRY_AFTER
from tests.cluster.conftest import EDITOR, SOURCE_SLUG

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("cluster")]

SOURCE_API = f"/api/v1/sources/{SOURCE_SLUG}/"


class _FormFields(HTMLParser):
    """The fields a browser would submit with the page's form of `form_id`, as filled in."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or not attrs.get("name") and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "checkbox"):
            self.fields.append([attrs["name"], attrs.get("value") or ""])
        elif tag == "input" and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.fields.append([attrs["name"], attrs.get("value") or "on"])
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
            self.fields.append(self._textarea)
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append([self._select, attrs.get("value") or ""])

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def form_fields(page: str, form_id: str) -> list[list[str]]:
    parser = _FormFields(form_id)
    parser.feed(page)
    return parser.fields


def sign_in(portal) -> dict:
    cookies: dict = {}
    login = portal.get("/admin/login/", cookies=cookies)
    assert login.status == 200, (login.status, login.headers)
    assert "csrftoken" in cookies, login.headers
    fields = dict(form_fields(login.text, "login-form"))
    fields.update(username=EDITOR[0], password=EDITOR[1])
    answer = portal.get("/admin/login/", cookies=cookies, data=urlencode(fields).encode())
    assert answer.status == 302, answer.text[:2000]
    assert "sessionid" in cookies
    return cookies


def source_title(portal, cookies=None) -> tuple[str, str]:
    answer = portal.get(SOURCE_API, cookies=cookies)
    assert answer.status == 200, answer.text[:500]
    return json.loads(answer.text)["title"], answer.headers["ETag"]


def test_the_replica_streams_the_primarys_changes(cluster):
    senders = cluster.primary.query("SELECT state FROM pg_stat_replication")
    assert senders == [("streaming",)]
    assert cluster.replica.value("SELECT pg_is_in_recovery()") is True
    assert cluster.primary.value("SELECT pg_is_in_recovery()") is False


def test_a_public_read_comes_from_the_replica_and_an_editor_reads_their_save_at_once(cluster):
    portal = cluster.portal
    before, public_etag = source_title(portal)
    assert before == "Before the save"
    editor = sign_in(portal)
    # Hold the replica back, as a replica that lags: what it serves is what it has.
    cluster.replica.query("SELECT pg_wal_replay_pause()")
    try:
        page = portal.get(f"/admin/sources/source/{_source_id(cluster)}/change/", cookies=editor)
        assert page.status == 200
        fields = [
            (name, "After the save" if name == "title" else value)
            for name, value in form_fields(page.text, "source_form")
        ]
        saved = portal.get(page_path(cluster), cookies=editor, data=urlencode(fields).encode())
        assert saved.status == 302, saved.text[:3000]
        # The save is on the primary, and the replica does not have it yet.
        title_sql = "SELECT title FROM sources_source WHERE slug = %s"
        assert cluster.primary.value(title_sql, SOURCE_SLUG) == "After the save"
        assert cluster.replica.value(title_sql, SOURCE_SLUG) == "Before the save"
        # The editor reads the primary: their save, at once, under a new ETag.
        title, editor_etag = source_title(portal, cookies=editor)
        assert title == "After the save"
        assert editor_etag != public_etag
        # The public reads the replica: the data before the save, and its ETag with it.
        for _ in range(4):  # both workers, and a second after the save
            assert source_title(portal) == ("Before the save", public_etag)
        time.sleep(1.1)
        assert source_title(portal) == ("Before the save", public_etag)
    finally:
        cluster.replica.query("SELECT pg_wal_replay_resume()")
    assert cluster.caught_up()
    title, etag = source_title(portal)
    assert title == "After the save"
    assert etag == editor_etag


def _source_id(cluster) -> int:
    return cluster.primary.value("SELECT id FROM sources_source WHERE slug = %s", SOURCE_SLUG)


def page_path(cluster) -> str:
    return f"/admin/sources/source/{_source_id(cluster)}/change/"


def test_a_stopped_replica_leaves_the_reads_to_the_primary_within_a_second(cluster):
    portal = cluster.portal
    expected, _ = source_title(portal)
    cluster.pair("stop-replica")
    try:
        for path in (SOURCE_API, "/health/", "/sources/", SOURCE_API):
            answer = portal.get(path)
            assert answer.status == 200, (path, answer.text[:500])
            assert answer.seconds < 1, (path, answer.seconds)
        assert source_title(portal)[0] == expected
        # Meanwhile the editors save on the primary as before.
        assert cluster.primary.value("SELECT pg_is_in_recovery()") is False
    finally:
        cluster.pair("start-replica")
    assert cluster.caught_up()
    # Once the process tries the replica again, public reads go back to it.
    time.sleep(REPLICA_RETRY_AFTER + 0.5)
    for _ in range(6):
        assert portal.get(SOURCE_API).status == 200
    readers = cluster.replica.value(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = 'portal' "
        "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
    )
    assert readers >= 1


def test_nothing_written_on_the_primary_is_missing_from_the_replica(cluster):
    assert cluster.caught_up()
    fingerprint = (
        "SELECT (SELECT version FROM sources_dataversion),"
        " (SELECT md5(string_agg(s::text, ',' ORDER BY id)) FROM sources_source s),"
        " (SELECT count(*) FROM sources_historicalsource),"
        " (SELECT count(*) FROM django_session)"
    )
    on_primary = cluster.primary.query(fingerprint)
    assert on_primary == cluster.replica.query(fingerprint)
    version, _, history, sessions = on_primary[0]
    assert version >= 1
    assert history >= 1
    assert sessions >= 1

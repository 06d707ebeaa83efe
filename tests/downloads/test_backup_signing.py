"""With a signing key set, a backup's manifest is signed, and a restore refuses a backup
whose signature is missing, malformed, made with another key or not its manifest's."""

import hashlib
import hmac
import io
import json

import pytest
from django.core.management import CommandError, call_command

from core.models import DataVersion
from downloads.backup import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    BackupError,
    restore_backup,
    signing_key_id,
    write_backup,
)
from initiatives.models import Initiative
from tests.downloads.conftest import (
    content_counts,
    edit_json,
    empty_the_portal_tables,
    row_counts,
    rows_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

KEY = "test-backup-signing-key-0123456789abcdef"
OTHER_KEY = "another-backup-signing-key-fedcba9876543210"
KEY_ID = hashlib.sha256(KEY.encode()).hexdigest()[:8]
OTHER_KEY_ID = hashlib.sha256(OTHER_KEY.encode()).hexdigest()[:8]


@pytest.fixture
def signed_backup(settings, tmp_path):
    """A backup of the curated data, written and signed with KEY, which stays set."""
    settings.PORTAL_BACKUP_SIGNING_KEY = KEY
    directory = tmp_path / "signed"
    write_backup(directory)
    return directory


def retitle_first_initiative(document):
    rows_of(document, "initiatives.initiative")[0]["title"] = "Tampered title"


def mentions_a_signature(line):
    return SIGNATURE_NAME in line or "signature" in line


def assert_nothing_restored(version):
    assert not any(content_counts().values())
    assert DataVersion.current() == version


def test_the_signature_is_the_documented_hmac_of_the_manifest_and_listed_nowhere(signed_backup):
    manifest = (signed_backup / MANIFEST_NAME).read_bytes()
    signature = json.loads((signed_backup / SIGNATURE_NAME).read_text(encoding="utf-8"))

    expected = hmac.new(
        KEY.encode(), b"portal-backup-manifest\n" + manifest, hashlib.sha256
    ).hexdigest()
    assert signature == {
        "algorithm": "hmac-sha256",
        "purpose": "portal-backup-manifest",
        "key_id": KEY_ID,
        "signature": expected,
    }
    assert signing_key_id(KEY.encode()) == KEY_ID
    listed = [entry["name"] for entry in json.loads(manifest)["files"]]
    assert SIGNATURE_NAME not in listed
    assert sorted(path.name for path in signed_backup.iterdir()) == sorted(
        [*listed, MANIFEST_NAME, SIGNATURE_NAME]
    )


def test_a_signed_backup_restores_with_its_key(signed_backup):
    original = row_counts()
    empty_the_portal_tables()

    lines = []
    restore_backup(signed_backup, report=lines.append)

    assert row_counts() == original
    assert f"Checked the signature of {MANIFEST_NAME} (key {KEY_ID})." in lines
    # The signature is checked before the files, against the manifest.
    assert lines.index(f"Checked the signature of {MANIFEST_NAME} (key {KEY_ID}).") < next(
        i for i, line in enumerate(lines) if line.startswith("Checked ") and "files" in line
    )


def test_an_edited_value_with_resealed_checksums_is_refused_with_the_key(signed_backup, settings):
    # The edit the checksums alone cannot catch: the value changed, the manifest resealed
    # to agree with it, the old signature left in place.
    edit_json(signed_backup, retitle_first_initiative)
    empty_the_portal_tables()
    version = DataVersion.current()

    with pytest.raises(
        CommandError,
        match=rf"^Nothing was restored\. {MANIFEST_NAME}: does not match {SIGNATURE_NAME}; "
        r"the manifest was changed after the backup was signed$",
    ):
        call_command("restore_portal_data", str(signed_backup), stdout=io.StringIO())

    assert_nothing_restored(version)
    # Without the key the same backup passes every other check: only the signature stops it.
    settings.PORTAL_BACKUP_SIGNING_KEY = ""
    restore_backup(signed_backup)
    assert Initiative.objects.filter(title="Tampered title").count() == 1


def test_a_backup_without_a_signature_is_refused_when_a_key_is_set(backup, settings):
    assert not (backup / SIGNATURE_NAME).exists()
    settings.PORTAL_BACKUP_SIGNING_KEY = KEY
    empty_the_portal_tables()
    version = DataVersion.current()

    with pytest.raises(
        BackupError,
        match=rf"holds no {SIGNATURE_NAME}: the backup is not signed, and "
        r"PORTAL_BACKUP_SIGNING_KEY is set\.$",
    ):
        restore_backup(backup)

    assert_nothing_restored(version)


def test_a_backup_signed_with_another_key_is_refused_naming_both_keys(signed_backup, settings):
    settings.PORTAL_BACKUP_SIGNING_KEY = OTHER_KEY
    empty_the_portal_tables()
    version = DataVersion.current()

    with pytest.raises(
        BackupError,
        match=rf"^{SIGNATURE_NAME}: signed with another key \(key {KEY_ID}; "
        rf"PORTAL_BACKUP_SIGNING_KEY is key {OTHER_KEY_ID}\)$",
    ):
        restore_backup(signed_backup)

    assert_nothing_restored(version)


def test_a_malformed_signature_is_refused(signed_backup):
    empty_the_portal_tables()
    version = DataVersion.current()
    path = signed_backup / SIGNATURE_NAME
    signature = json.loads(path.read_text(encoding="utf-8"))
    malformed = [
        b"",
        b"\xff\xfe not text",
        b"not json",
        json.dumps([signature]).encode(),
        json.dumps({**signature, "signature": signature["signature"][:-2]}).encode(),
        json.dumps({**signature, "signature": signature["signature"].upper()}).encode(),
        json.dumps({**signature, "algorithm": "hmac-md5"}).encode(),
        json.dumps({**signature, "purpose": "something-else"}).encode(),
        json.dumps({**signature, "key_id": 12345678}).encode(),
    ]

    for content in malformed:
        path.write_bytes(content)
        with pytest.raises(BackupError, match=rf"^{SIGNATURE_NAME}: malformed; expected the "):
            restore_backup(signed_backup)

    assert_nothing_restored(version)


def test_without_a_key_a_signed_backup_restores_and_says_the_signature_went_unchecked(
    signed_backup, settings
):
    settings.PORTAL_BACKUP_SIGNING_KEY = ""
    original = row_counts()
    empty_the_portal_tables()

    out = io.StringIO()
    call_command("restore_portal_data", str(signed_backup), stdout=out)

    assert row_counts() == original
    lines = out.getvalue().splitlines()
    assert [line for line in lines if mentions_a_signature(line)] == [
        f"{SIGNATURE_NAME} not checked: PORTAL_BACKUP_SIGNING_KEY is not set."
    ]


def test_without_a_key_an_unsigned_backup_restores_as_before(backup):
    original = row_counts()
    empty_the_portal_tables()

    lines = []
    restore_backup(backup, report=lines.append)

    assert row_counts() == original
    assert not [line for line in lines if mentions_a_signature(line)]


def test_the_backup_command_says_whether_it_signed(settings, tmp_path):
    settings.PORTAL_BACKUP_SIGNING_KEY = KEY
    directory = tmp_path / "cmd"
    out = io.StringIO()
    call_command("backup_portal_data", output=directory, stdout=out)
    assert (
        f"Signed {MANIFEST_NAME} with the key {KEY_ID} in {SIGNATURE_NAME}."
        in out.getvalue().splitlines()
    )
    assert (directory / SIGNATURE_NAME).exists()

    # Written again into the same folder without the key: the old signature, which would
    # sign another manifest, goes.
    settings.PORTAL_BACKUP_SIGNING_KEY = ""
    out = io.StringIO()
    call_command("backup_portal_data", output=directory, stdout=out)
    assert (
        f"{MANIFEST_NAME} is not signed: PORTAL_BACKUP_SIGNING_KEY is not set."
        in out.getvalue().splitlines()
    )
    assert not (directory / SIGNATURE_NAME).exists()

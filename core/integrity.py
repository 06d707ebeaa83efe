"""Data integrity checks of the loaded knowledge base, run by `manage.py check_data`.

Each app lists its checks in a ``data_checks`` module (found by autodiscovery, like the
fixture sections); a check yields one message per problem it finds.
"""

from collections.abc import Callable, Iterable

from django.utils.module_loading import autodiscover_modules

DataCheck = Callable[[], Iterable[str]]
_checks: list[DataCheck] = []


def data_check(check: DataCheck) -> DataCheck:
    if check not in _checks:
        _checks.append(check)
    return check


def run_data_checks() -> list[str]:
    autodiscover_modules("data_checks")
    return [problem for check in _checks for problem in check()]

"""Pieces of the HTTP layer that the service cannot be made to exercise on demand."""
import email.utils
import socket
import time

from mixup_client._http import _dropped, _retry_after


def test_retry_after_is_seconds_or_an_http_date():
    assert _retry_after("3") == 3.0
    assert _retry_after("0.5") == 0.5
    assert _retry_after("-1") == 0.0
    in_a_minute = email.utils.formatdate(time.time() + 60, usegmt=True)
    assert 55 < _retry_after(in_a_minute) <= 60
    assert _retry_after(email.utils.formatdate(time.time() - 60, usegmt=True)) == 0.0
    assert _retry_after("soon") is None
    assert _retry_after(None) is None


def test_an_idle_connection_closed_by_the_other_side_is_not_reused():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        assert not _dropped(ours)
        theirs.close()
        assert _dropped(ours)
    assert _dropped(None)
